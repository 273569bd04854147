// The I/O system calls on the standard streams: read, write, writev, ioctl (TCGETS, TIOCGWINSZ), fstat and
// newfstatat on them, and readlink of /proc/self/exe.
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class IoCalls
    {
        private const int ChunkSize = 4096;
        private const int MaxIov = 1024;
        private const ulong TCGETS = 0x5401;
        private const ulong TIOCGWINSZ = 0x5413;
        private const long AT_FDCWD = -100;
        private const ulong AT_EMPTY_PATH = 0x1000;

        public static long Read(ref SyscallArguments a)
        {
            if (!ProgramConsole.IsConsole(a.A0))
            {
                return -Errno.EBADF;
            }

            if (a.A2 == 0)
            {
                return 0;
            }

            if (!UserMemory.Validate(a.A1, a.A2, Kiln.Memory.RegionProtection.Write))
            {
                return -Errno.EFAULT;
            }

            byte* buffer = stackalloc byte[256];
            int count = ProgramConsole.Read(buffer, (int)System.Math.Min(a.A2, 256UL));
            return UserMemory.CopyToUser(a.A1, buffer, (ulong)count) ? count : -Errno.EFAULT;
        }

        public static long Write(ref SyscallArguments a)
        {
            if (!ProgramConsole.IsConsole(a.A0))
            {
                return -Errno.EBADF;
            }

            return WriteFrom(a.A0, a.A1, a.A2);
        }

        public static long Writev(ref SyscallArguments a)
        {
            if (!ProgramConsole.IsConsole(a.A0))
            {
                return -Errno.EBADF;
            }

            if (a.A2 > MaxIov)
            {
                return -Errno.EINVAL;
            }

            long total = 0;
            for (ulong i = 0; i < a.A2; i++)
            {
                // struct iovec { void* iov_base; size_t iov_len; }
                if (!UserMemory.Read(a.A1 + (i * 16), out ulong bufferAddress) || !UserMemory.Read(a.A1 + (i * 16) + 8, out ulong length))
                {
                    return total > 0 ? total : -Errno.EFAULT;
                }

                long written = WriteFrom(a.A0, bufferAddress, length);
                if (written < 0)
                {
                    return total > 0 ? total : written;
                }

                total += written;
            }

            return total;
        }

        private static long WriteFrom(ulong fd, ulong source, ulong length)
        {
            if ((long)length < 0)
            {
                return -Errno.EINVAL;
            }

            byte* chunk = stackalloc byte[ChunkSize];
            ulong done = 0;
            while (done < length)
            {
                int size = (int)System.Math.Min((ulong)ChunkSize, length - done);
                if (!UserMemory.CopyFromUser(chunk, source + done, (ulong)size))
                {
                    return done > 0 ? (long)done : -Errno.EFAULT;
                }

                ProgramConsole.Write(fd, chunk, size);
                done += (ulong)size;
            }

            return (long)done;
        }

        public static long Ioctl(ref SyscallArguments a)
        {
            if (!ProgramConsole.IsConsole(a.A0))
            {
                return -Errno.EBADF;
            }

            if (a.A1 == TCGETS)
            {
                // struct termios (asm-generic/termbits.h): iflag, oflag, cflag, lflag, line, cc[19]; a cooked terminal.
                byte* termios = stackalloc byte[60];
                Arch.X86_64.Cpu.FillMemory(termios, 0, 60);
                *(uint*)(termios + 0) = 0x500;      // ICRNL | IXON
                *(uint*)(termios + 4) = 0x5;        // OPOST | ONLCR
                *(uint*)(termios + 8) = 0xBF;       // B38400 | CS8 | CREAD
                *(uint*)(termios + 12) = 0x8A3B;    // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
                return UserMemory.CopyToUser(a.A2, termios, 60) ? 0 : -Errno.EFAULT;
            }

            if (a.A1 == TIOCGWINSZ)
            {
                ushort* size = stackalloc ushort[4];
                size[0] = 24;
                size[1] = 80;
                size[2] = 0;
                size[3] = 0;
                return UserMemory.CopyToUser(a.A2, size, 8) ? 0 : -Errno.EFAULT;
            }

            return -Errno.ENOTTY;
        }

        public static long Fstat(ref SyscallArguments a) =>
            ProgramConsole.IsConsole(a.A0) ? WriteConsoleStat(a.A0, a.A1) : -Errno.EBADF;

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

            return ProgramConsole.IsConsole(a.A0) ? WriteConsoleStat(a.A0, a.A2) : -Errno.EBADF;
        }

        // struct stat for x86-64 (asm/stat.h), 144 bytes: a character device, as a terminal is.
        private static long WriteConsoleStat(ulong fd, ulong destination)
        {
            byte* stat = stackalloc byte[144];
            Arch.X86_64.Cpu.FillMemory(stat, 0, 144);
            *(ulong*)(stat + 8) = 3 + fd;                   // st_ino
            *(ulong*)(stat + 16) = 1;                       // st_nlink
            *(uint*)(stat + 24) = 0x2000 | 0x190;           // st_mode: S_IFCHR | 0620
            *(ulong*)(stat + 40) = (136UL << 8) | fd;       // st_rdev: a pseudo-terminal
            *(long*)(stat + 56) = 1024;                     // st_blksize
            return UserMemory.CopyToUser(destination, stat, 144) ? 0 : -Errno.EFAULT;
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
