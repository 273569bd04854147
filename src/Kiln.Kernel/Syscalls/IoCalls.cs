// Reading and writing descriptors: read, write, readv, writev, pread64, pwrite64, preadv, pwritev (each checks the
// descriptor, its access mode and the user range, then hands the file a UserIo).
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

        public static long Read(ref SyscallArguments a) => Single(a.A0, a.A1, a.A2, write: false, offset: -1);

        public static long Write(ref SyscallArguments a) => Single(a.A0, a.A1, a.A2, write: true, offset: -1);

        // pread64(fd, buf, count, offset): a negative offset is EINVAL before the descriptor is even looked at.
        public static long Pread64(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Single(a.A0, a.A1, a.A2, write: false, offset: (long)a.A3);

        public static long Pwrite64(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Single(a.A0, a.A1, a.A2, write: true, offset: (long)a.A3);

        public static long Readv(ref SyscallArguments a) => Vector(a.A0, a.A1, a.A2, write: false, offset: -1);

        public static long Writev(ref SyscallArguments a) => Vector(a.A0, a.A1, a.A2, write: true, offset: -1);

        // preadv(fd, iov, iovcnt, pos_l, pos_h): on x86-64 pos_l carries the whole 64-bit offset.
        public static long Preadv(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Vector(a.A0, a.A1, a.A2, write: false, offset: (long)a.A3);

        public static long Pwritev(ref SyscallArguments a) => (long)a.A3 < 0 ? -Errno.EINVAL : Vector(a.A0, a.A1, a.A2, write: true, offset: (long)a.A3);

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
        private static long Vector(ulong fd, ulong vector, ulong count, bool write, long offset)
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
                        ? Transfer(file, segments, (int)count, write, offset)
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
    }
}
