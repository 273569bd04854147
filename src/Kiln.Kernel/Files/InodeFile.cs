// The open file description of a regular file or directory opened by path: a position, reads and writes through the
// inode's page cache (O_APPEND writes at the end), pread/pwrite, lseek (SEEK_DATA/SEEK_HOLE treat the whole file as
// data), and getdents over the directory's ReadDirectory. An O_PATH description only names the inode: reading,
// writing and most calls on it are EBADF. Pooled: the kernel frees no objects it may reuse.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class InodeFile : OpenFile
    {
        public const int O_PATH = 0x200000;
        public const int O_DIRECTORY = 0x10000;
        public const int O_NOFOLLOW = 0x20000;

        public const int SEEK_SET = 0;
        public const int SEEK_CUR = 1;
        public const int SEEK_END = 2;
        public const int SEEK_DATA = 3;
        public const int SEEK_HOLE = 4;

        // What F_GETFL shows of the open flags: creation flags (O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC) are forgotten.
        private const int KeptFlags = OpenFlags.O_ACCMODE | OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT |
            OpenFlags.O_LARGEFILE | OpenFlags.O_NOATIME | O_DIRECTORY | O_NOFOLLOW | O_PATH | 0x101000 /* O_SYNC */ | 0x1000 /* O_DSYNC */;

        private static InodeFile s_pool;

        private InodeFile _poolNext;
        private Inode _inode;
        private long _position;

        /// <summary>
        /// A new description for <paramref name="inode"/> (which it holds until closed) with the open flags
        /// <paramref name="flags"/>: EISDIR for a directory opened for writing, ENXIO for what is neither a regular
        /// file nor a directory (unless O_PATH).
        /// </summary>
        public static OpenFile Open(Inode inode, int flags, out int error)
        {
            bool pathOnly = (flags & O_PATH) != 0;
            if (!pathOnly)
            {
                if (inode.IsDirectory && (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY)
                {
                    error = (int)-Errno.EISDIR;
                    return null;
                }

                if (!inode.IsDirectory && !inode.IsRegular)
                {
                    error = (int)-Errno.ENXIO;
                    return null;
                }
            }

            InodeFile file = s_pool;
            if (file != null)
            {
                s_pool = file._poolNext;
                file._poolNext = null;
            }
            else
            {
                file = new InodeFile();
            }

            inode.Hold();
            file._inode = inode;
            file._position = 0;
            // Linux opens every file with O_LARGEFILE on 64-bit machines (force_o_largefile).
            file.Open(pathOnly ? flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW) : (flags & KeptFlags) | OpenFlags.O_LARGEFILE);
            error = 0;
            return file;
        }

        public override Inode Inode => _inode;

        public override bool HasPosition => true;

        // Regular files and directories have no poll operation: epoll refuses them with EPERM, poll says "ready".
        public override bool CanPoll => false;

        public bool IsPathOnly => (StatusFlags & O_PATH) != 0;

        public long Position => _position;

        public override void Stat(LinuxStat* stat) => _inode.Stat(stat);

        public override long Read(ref UserIo io)
        {
            long result = ReadAt(ref io, _position);
            if (result > 0)
            {
                _position += result;
            }

            return result;
        }

        public override long Write(ref UserIo io)
        {
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            long offset = (StatusFlags & OpenFlags.O_APPEND) != 0 ? _inode.Size : _position;
            long result = FileContents.Write(_inode, ref io, offset);
            if (result > 0)
            {
                _position = offset + result;
            }

            return result;
        }

        public override long ReadAt(ref UserIo io, long offset)
        {
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            if (_inode.IsDirectory)
            {
                return -Errno.EISDIR;
            }

            return FileContents.Read(_inode, ref io, offset);
        }

        // Linux appends even a pwrite to an O_APPEND file (pwrite(2), BUGS).
        public override long WriteAt(ref UserIo io, long offset)
        {
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            if ((StatusFlags & OpenFlags.O_APPEND) != 0)
            {
                offset = _inode.Size;
            }

            return FileContents.Write(_inode, ref io, offset);
        }

        public override long Ioctl(ulong request, ulong argument)
        {
            const uint FIONREAD = 0x541B;
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            if ((uint)request == FIONREAD && _inode.IsRegular)
            {
                long available = _inode.Size > _position ? _inode.Size - _position : 0;
                int value = available > int.MaxValue ? int.MaxValue : (int)available;
                return UserMemory.Write(argument, value) ? 0 : -Errno.EFAULT;
            }

            return -Errno.ENOTTY;
        }

        /// <summary>lseek: the new position or -errno.</summary>
        public override long Seek(long offset, int whence)
        {
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            long size = _inode.IsDirectory ? 0 : _inode.Size;
            long target;
            switch (whence)
            {
                case SEEK_SET:
                    target = offset;
                    break;
                case SEEK_CUR:
                    target = _position + offset;
                    break;
                case SEEK_END:
                    target = size + offset;
                    break;
                case SEEK_DATA:
                    if (offset < 0 || offset >= size)
                    {
                        return -Errno.ENXIO;
                    }

                    target = offset;
                    break;
                case SEEK_HOLE:
                    if (offset < 0 || offset >= size)
                    {
                        return -Errno.ENXIO;
                    }

                    target = size;
                    break;
                default:
                    return -Errno.EINVAL;
            }

            if (target < 0)
            {
                return -Errno.EINVAL;
            }

            _position = target;
            return target;
        }

        /// <summary>getdents64 into a kernel buffer: bytes of records, 0 at the end, or -errno (EINVAL when not even one entry fits).</summary>
        public long ReadDirectory(byte* buffer, int capacity)
        {
            if (IsPathOnly)
            {
                return -Errno.EBADF;
            }

            if (!_inode.IsDirectory)
            {
                return -Errno.ENOTDIR;
            }

            DirectorySink sink = new DirectorySink(buffer, capacity);
            long position = _position;
            int error = _inode.ReadDirectory(ref position, ref sink);
            if (sink.Count > 0)
            {
                _position = position;
                return sink.Used;
            }

            if (error < 0)
            {
                return error;
            }

            // Nothing fitted although entries remain: the buffer is too small for the next one.
            long probe = position;
            byte* one = stackalloc byte[280];
            DirectorySink test = new DirectorySink(one, 280);
            _inode.ReadDirectory(ref probe, ref test);
            return test.Count > 0 ? -Errno.EINVAL : 0;
        }

        protected override void Release()
        {
            _inode.Drop();
            _inode = null;
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
