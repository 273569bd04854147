// The open file description of a regular file or directory opened by path: a position, reads and writes through the
// inode's page cache (O_APPEND writes at the end), pread/pwrite, lseek (SEEK_DATA/SEEK_HOLE treat the whole file as
// data), and getdents over the directory's ReadDirectory. An O_PATH description only names the inode: reading,
// writing and most calls on it are EBADF. It knows its path for /proc/<pid>/fd and maps: a directory through its
// parents, any other file through the directory it was opened in and its name there (kept in a small kernel buffer).
// Pooled: the kernel frees no objects it may reuse.
using System;
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

        // Every description that remembers a name, so a rename can move the names it changes (Linux's dentries do).
        private static InodeFile s_named;

        private InodeFile _poolNext;
        private Inode _inode;
        private long _position;
        private long _lockOwner;

        // Where a non-directory was opened: the directory (held) and the name in it (KernelHeap, not NUL-terminated).
        private Inode _directory;
        private byte* _name;
        private int _nameLength;
        private InodeFile _namedNext;
        private InodeFile _namedPrevious;

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
            file._lockOwner = RecordLocks.NewOwner();
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

        /// <summary>This open file as the owner of OFD and flock locks.</summary>
        public long LockOwner => _lockOwner;

        public override void Stat(LinuxStat* stat) => _inode.Stat(stat);

        /// <summary>Remembers that this (non-directory) file was opened as <paramref name="name"/> in <paramref name="directory"/>.</summary>
        public void RememberName(Inode directory, ReadOnlySpan<byte> name)
        {
            ForgetName();
            byte* copy = (byte*)KernelHeap.TryAllocate((nuint)(name.Length == 0 ? 1 : name.Length));
            if (copy == null)
            {
                return;
            }

            for (int i = 0; i < name.Length; i++)
            {
                copy[i] = name[i];
            }

            directory.Hold();
            _directory = directory;
            _name = copy;
            _nameLength = name.Length;
            _namedPrevious = null;
            _namedNext = s_named;
            if (s_named != null)
            {
                s_named._namedPrevious = this;
            }

            s_named = this;
        }

        /// <summary>
        /// After a rename: the open files known as <paramref name="oldName"/> in <paramref name="oldDirectory"/> are now
        /// <paramref name="newName"/> in <paramref name="newDirectory"/> (and, for RENAME_EXCHANGE, the other way round).
        /// </summary>
        public static void NameMoved(Inode oldDirectory, ReadOnlySpan<byte> oldName, Inode newDirectory, ReadOnlySpan<byte> newName, bool exchange)
        {
            InodeFile file = s_named;
            while (file != null)
            {
                InodeFile next = file._namedNext;
                if (file.IsNamed(oldDirectory, oldName))
                {
                    file.RememberName(newDirectory, newName);
                }
                else if (exchange && file.IsNamed(newDirectory, newName))
                {
                    file.RememberName(oldDirectory, oldName);
                }

                file = next;
            }
        }

        private bool IsNamed(Inode directory, ReadOnlySpan<byte> name)
        {
            if (_directory != directory || _nameLength != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (_name[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Writes the file's absolute path (no NUL) into <paramref name="path"/>, as Linux's d_path sees it now: the
        /// current name after a rename within its directory; <paramref name="deleted"/> when the file (or directory)
        /// has no name left, the path then being the last one known. Its length or -errno (ENOENT when unknown).
        /// </summary>
        public int WritePath(byte* path, int capacity, out bool deleted)
        {
            deleted = _inode.IsRemoved;
            if (_inode.IsDirectory)
            {
                return InodePath.OfDirectory(_inode, path, capacity);
            }

            if (_directory == null)
            {
                return (int)-Errno.ENOENT;
            }

            int length = InodePath.OfDirectory(_directory, path, capacity);
            if (length < 0)
            {
                return length;
            }

            if (path[length - 1] != (byte)'/')
            {
                if (length + 1 > capacity)
                {
                    return (int)-Errno.ENAMETOOLONG;
                }

                path[length++] = (byte)'/';
            }

            int room = capacity - length;
            int nameLength = -1;
            if (!deleted && !NameStillMeansFile())
            {
                // Renamed: the directory may know the file by another name now.
                nameLength = InodePath.FindFileName(_directory, _inode, path + length, room);
            }

            if (nameLength < 0)
            {
                if (_nameLength > room)
                {
                    return (int)-Errno.ENAMETOOLONG;
                }

                for (int i = 0; i < _nameLength; i++)
                {
                    path[length + i] = _name[i];
                }

                nameLength = _nameLength;
            }

            return length + nameLength;
        }

        private bool NameStillMeansFile()
        {
            if (_directory.Lookup(new ReadOnlySpan<byte>(_name, _nameLength), out Inode found) < 0)
            {
                return false;
            }

            bool same = found == _inode;
            found.Drop();
            return same;
        }

        private void ForgetName()
        {
            if (_directory != null)
            {
                if (_namedPrevious != null)
                {
                    _namedPrevious._namedNext = _namedNext;
                }
                else
                {
                    s_named = _namedNext;
                }

                if (_namedNext != null)
                {
                    _namedNext._namedPrevious = _namedPrevious;
                }

                _namedNext = null;
                _namedPrevious = null;
                KernelHeap.Free(_name, (nuint)(_nameLength == 0 ? 1 : _nameLength));
                _directory.Drop();
                _directory = null;
                _name = null;
                _nameLength = 0;
            }
        }

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

        public override long Fcntl(int command, ulong argument) => RecordLocks.Fcntl(this, command, argument);

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
            RecordLocks.ReleaseFile(this);
            ForgetName();
            _inode.Drop();
            _inode = null;
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
