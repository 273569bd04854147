// Reading and writing descriptors: read, write, readv, writev, pread64, pwrite64 (each checks the descriptor, its
// access mode and the user range, then hands the file a UserIo), fstat and newfstatat on a descriptor, and
// readlink of /proc/self/exe.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class IoCalls
    {
        private const int UIO_MAXIOV = 1024;
        private const int UIO_FASTIOV = 8;
        private const long AT_FDCWD = -100;
        private const ulong AT_EMPTY_PATH = 0x1000;

        public static long Read(ref SyscallArguments a) => Single(a.A0, a.A1, a.A2, write: false, offset: -1);

        public static long Write(ref SyscallArguments a) => Single(a.A0, a.A1, a.A2, write: true, offset: -1);

        // pread64(fd, buf, count, offset): a negative offset is EINVAL before the descriptor is even looked at.
        public static long Pread64(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Single(a.A0, a.A1, a.A2, write: false, offset: (long)a.A3);

        public static long Pwrite64(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Single(a.A0, a.A1, a.A2, write: true, offset: (long)a.A3);

        public static long Readv(ref SyscallArguments a) => Vector(a.A0, a.A1, a.A2, write: false);

        public static long Writev(ref SyscallArguments a) => Vector(a.A0, a.A1, a.A2, write: true);

        private static long Single(ulong fd, ulong buffer, ulong count, bool write, long offset)
        {
            IoSegment segment;
            segment.Base = buffer;
            segment.Length = count;
            OpenFile file = FileTable.Current.Acquire((uint)fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result = Transfer(file, &segment, 1, write, offset);
            file.Drop();
            return result;
        }

        // readv/writev(fd, iov, iovcnt): the descriptor first, then the vector (Linux's order of errors).
        private static long Vector(ulong fd, ulong vector, ulong count, bool write)
        {
            OpenFile file = FileTable.Current.Acquire((uint)fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result;
            if (count > UIO_MAXIOV)
            {
                result = -Errno.EINVAL;
            }
            else
            {
                IoSegment* fast = stackalloc IoSegment[UIO_FASTIOV];
                IoSegment* segments = count <= UIO_FASTIOV ? fast : (IoSegment*)KernelHeap.TryAllocate((nuint)(count * 16));
                if (segments == null)
                {
                    result = -Errno.ENOMEM;
                }
                else
                {
                    result = UserMemory.CopyFromUser(segments, vector, count * 16)
                        ? Transfer(file, segments, (int)count, write, -1)
                        : -Errno.EFAULT;
                    if (segments != fast)
                    {
                        KernelHeap.Free(segments, (nuint)(count * 16));
                    }
                }
            }

            file.Drop();
            return result;
        }

        private static long Transfer(OpenFile file, IoSegment* segments, int count, bool write, long offset)
        {
            // Linux answers ESPIPE for pread/pwrite on a file without a position before it checks anything else.
            if (offset >= 0 && !file.HasPosition)
            {
                return -Errno.ESPIPE;
            }

            if (!(write ? file.CanWrite : file.CanRead))
            {
                return -Errno.EBADF;
            }

            // Each buffer must lie in the user half (access_ok); whether it is mapped shows when the bytes move.
            for (int i = 0; i < count; i++)
            {
                if ((long)segments[i].Length < 0)
                {
                    return -Errno.EINVAL;
                }

                if (segments[i].Length != 0 && !UserAddressSpace.IsUserRange(segments[i].Base, segments[i].Length))
                {
                    return -Errno.EFAULT;
                }
            }

            UserIo io = UserIo.Over(segments, count);
            if (offset >= 0)
            {
                return write ? file.WriteAt(ref io, offset) : file.ReadAt(ref io, offset);
            }

            return write ? file.Write(ref io) : file.Read(ref io);
        }

        public static long Fstat(ref SyscallArguments a) => StatFile(a.A0, a.A1);

        public static long Newfstatat(ref SyscallArguments a)
        {
            // Only fstat's spelling, newfstatat(fd, "", buf, AT_EMPTY_PATH), is answerable before the VFS exists.
            byte first;
            if (!UserMemory.Read(a.A1, out first))
            {
                return -Errno.EFAULT;
            }

            if (first != 0 || (a.A3 & AT_EMPTY_PATH) == 0)
            {
                return -Errno.ENOENT;
            }

            return StatFile(a.A0, a.A2);
        }

        private static long StatFile(ulong fd, ulong destination)
        {
            OpenFile file = FileTable.Current.Peek((uint)fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            LinuxStat stat = default;
            file.Stat(&stat);
            return UserMemory.CopyToUser(destination, &stat, LinuxStat.Size) ? 0 : -Errno.EFAULT;
        }

        public static long Readlink(ref SyscallArguments a) => ReadlinkAt(a.A0, a.A1, a.A2);

        public static long Readlinkat(ref SyscallArguments a) =>
            (long)a.A0 == AT_FDCWD ? ReadlinkAt(a.A1, a.A2, a.A3) : -Errno.ENOENT;

        private static long ReadlinkAt(ulong pathAddress, ulong buffer, ulong size)
        {
            byte* path = stackalloc byte[64];
            int length = UserMemory.CopyStringFromUser(path, pathAddress, 64);
            if (length == -1)
            {
                return -Errno.EFAULT;
            }

            if (length != 14 || !Equals(path, "/proc/self/exe"))
            {
                return -Errno.ENOENT;
            }

            if ((long)size <= 0)
            {
                return -Errno.EINVAL;
            }

            ulong count = System.Math.Min(size, (ulong)UserProcess.ExecutablePathLength);
            return UserMemory.CopyToUser(buffer, UserProcess.ExecutablePath, count) ? (long)count : -Errno.EFAULT;
        }

        private static bool Equals(byte* text, string expected)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                if (text[i] != (byte)expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
