// An open pseudo file: the contents its inode's entry wrote at open time, held in a kernel buffer the file owns (as
// Linux's seq_file does for small files), so a program may read it in pieces, at any offset, and see one consistent
// snapshot. A writable entry (/proc/self/comm) takes each write whole. Pooled, and the buffer freed, at release.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal sealed unsafe class SnapshotFile : OpenFile
    {
        private const int InitialCapacity = 4096;
        private const int MaxCapacity = 64 << 20;
        private const int MaxWrite = 4096;

        private static SnapshotFile s_pool;

        private PseudoInode _inode;
        private byte* _buffer;
        private int _capacity;
        private int _length;
        private long _position;
        private SnapshotFile _poolNext;

        public override Inode Inode => _inode;

        public override bool HasPosition => true;

        /// <summary>The bytes of the snapshot.</summary>
        public int Length => _length;

        /// <summary>Where the next read or write starts (lseek moves it).</summary>
        public long Position
        {
            get => _position;
            set => _position = value;
        }

        /// <summary>Opens <paramref name="inode"/>: makes its contents now; null with -ENOMEM when they do not fit in memory.</summary>
        public static SnapshotFile Open(PseudoInode inode, int flags, out int error)
        {
            SnapshotFile file = s_pool;
            if (file != null)
            {
                s_pool = file._poolNext;
                file._poolNext = null;
            }
            else
            {
                file = new SnapshotFile();
            }

            file._inode = inode;
            file._position = 0;
            if (!file.Generate())
            {
                file._inode = null;
                file._poolNext = s_pool;
                s_pool = file;
                error = (int)-Errno.ENOMEM;
                return null;
            }

            inode.Hold();
            file.Open((flags & (OpenFlags.O_ACCMODE | OpenFlags.SetflMask)) | OpenFlags.O_LARGEFILE);
            error = 0;
            return file;
        }

        public override long Read(ref UserIo io)
        {
            long done = ReadAt(ref io, _position);
            if (done > 0)
            {
                _position += done;
            }

            return done;
        }

        public override long ReadAt(ref UserIo io, long offset)
        {
            if (offset < 0)
            {
                return -Errno.EINVAL;
            }

            if (offset >= _length || io.Remaining == 0)
            {
                return 0;
            }

            io.CopyOut(_buffer + offset, (ulong)(_length - offset));
            return io.Result(0);
        }

        public override long Write(ref UserIo io)
        {
            long done = WriteAt(ref io, _position);
            if (done > 0)
            {
                _position += done;
            }

            return done;
        }

        public override long WriteAt(ref UserIo io, long offset)
        {
            if (_inode.Entry.Write == null)
            {
                return -Errno.EINVAL;
            }

            byte* data = stackalloc byte[MaxWrite];
            int size = (int)io.CopyIn(data, MaxWrite);
            if (size == 0 && io.Faulted)
            {
                return -Errno.EFAULT;
            }

            return _inode.Entry.Write(data, size, _inode.Context);
        }

        // seq_lseek: SEEK_SET and SEEK_CUR within any non-negative position; SEEK_END and the rest are EINVAL.
        public override long Seek(long offset, int whence)
        {
            long position = whence == 0 ? offset : (whence == 1 ? _position + offset : -1);
            if ((whence != 0 && whence != 1) || position < 0)
            {
                return -Errno.EINVAL;
            }

            _position = position;
            return position;
        }

        public override void Stat(LinuxStat* stat) => _inode.Stat(stat);

        protected override void Release()
        {
            KernelHeap.Free(_buffer, (nuint)_capacity);
            _buffer = null;
            _capacity = 0;
            _length = 0;
            _inode.Drop();
            _inode = null;
            _poolNext = s_pool;
            s_pool = this;
        }

        // Writes the contents, growing the buffer until they fit, as seq_file retries with a bigger one.
        private bool Generate()
        {
            for (int capacity = InitialCapacity; capacity <= MaxCapacity; capacity *= 2)
            {
                byte* buffer = (byte*)KernelHeap.TryAllocate((nuint)capacity);
                if (buffer == null)
                {
                    return false;
                }

                ByteWriter writer = new ByteWriter(new System.Span<byte>(buffer, capacity));
                _inode.Entry.Content(ref writer, _inode.Context);
                if (!writer.Overflowed)
                {
                    _buffer = buffer;
                    _capacity = capacity;
                    _length = writer.Length;
                    return true;
                }

                KernelHeap.Free(buffer, (nuint)capacity);
            }

            return false;
        }
    }
}
