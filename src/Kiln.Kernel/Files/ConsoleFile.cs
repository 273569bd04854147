// The program's standard streams: one open file per fd 0, 1, 2, each reading COM1 (the console's input) and writing
// COM1 (fds 0 and 1, kiln's stdout) or COM2 (fd 2, kiln's stderr). They answer the terminal ioctls a C library asks
// (the settings themselves are ConsoleTermios) and stat as a pseudo-terminal. The UART raises no interrupt, so a read
// that finds no input sleeps 1 ms between polls, and poll/epoll learn of input through ConsoleInputPoller.
using Kiln.Kernel.Devices;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class ConsoleFile : OpenFile
    {
        /// <summary>A read returns at most this much: what the UART has buffered, never more than one small batch.</summary>
        public const int MaxRead = 256;

        private const ulong PollIntervalNs = 1_000_000;
        private const ulong BurstGapNs = 5_000_000;
        private const int ChunkSize = 4096;
        private const ulong TIOCGWINSZ = 0x5413;
        private const ulong FIONREAD = 0x541B;

        private readonly Serial16550 _output;
        private readonly int _index;

        /// <summary>The console file for standard stream <paramref name="index"/> (0, 1 or 2).</summary>
        public ConsoleFile(int index)
        {
            _index = index;
            _output = new Serial16550(index == 2 ? Serial16550.Com2 : Serial16550.Com1);

            // A terminal is opened read-write; O_LARGEFILE is what a 64-bit open adds.
            Open(OpenFlags.O_RDWR | OpenFlags.O_LARGEFILE);
        }

        /// <summary>Waits for at least one byte of input, then returns what has arrived, up to MaxRead bytes.</summary>
        public override long Read(ref UserIo io)
        {
            ulong wanted = io.Remaining < MaxRead ? io.Remaining : MaxRead;
            if (wanted == 0)
            {
                return 0;
            }

            // Check the buffer before taking bytes from the UART: input it could not deliver would be lost.
            if (!io.CanWriteNext(wanted))
            {
                return -Errno.EFAULT;
            }

            byte* buffer = stackalloc byte[MaxRead];
            bool canonical = ConsoleTermios.Current->IsCanonical;
            byte endOfFileCharacter = ConsoleTermios.ControlCharacter(LinuxTermios.VEOF);
            for (;;)
            {
                // The UART's receive FIFO holds 16 bytes and QEMU refills it only as they are read: keep taking
                // bytes while they follow each other within a few milliseconds (QEMU's delivery latency under TCG),
                // so a line typed or piped comes back in one read.
                int count = 0;
                ulong quietUntil = 0;
                bool endOfFile = false;
                while (count < (int)wanted)
                {
                    if (ConsoleFiles.TryReadInput(out byte value))
                    {
                        // In canonical mode the VEOF character (^D) ends the read without being stored: a read
                        // that has nothing else returns 0, end of file (n_tty's rule). kiln sends it when its own
                        // input ends, so a program reading piped input to the end sees the end as it would natively.
                        if (canonical && value == endOfFileCharacter)
                        {
                            endOfFile = true;
                            break;
                        }

                        buffer[count++] = value;
                        quietUntil = Clock.MonotonicNs() + BurstGapNs;

                        // A line ends a read on a terminal in canonical mode.
                        if (value == (byte)'\n' && canonical)
                        {
                            break;
                        }
                    }
                    else if (count == 0 || Clock.MonotonicNs() >= quietUntil)
                    {
                        break;
                    }
                }

                if (count > 0)
                {
                    io.CopyOut(buffer, (ulong)count);
                    return io.Result(-Errno.EFAULT);
                }

                if (endOfFile)
                {
                    return 0;
                }

                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                if (Scheduler.SleepUntil(Clock.MonotonicNs() + PollIntervalNs, interruptible: true) == WakeReason.Interrupted)
                {
                    return -Errno.ERESTARTSYS;
                }
            }
        }

        public override long Write(ref UserIo io)
        {
            byte* chunk = stackalloc byte[ChunkSize];
            while (io.Remaining > 0)
            {
                int size = (int)io.CopyIn(chunk, ChunkSize);
                for (int i = 0; i < size; i++)
                {
                    _output.Write(chunk[i]);
                }

                if (size == 0)
                {
                    break;
                }
            }

            return io.Result(0);
        }

        public override uint Poll()
        {
            if (ConsoleFiles.HasInput)
            {
                return PollEvents.Readable | PollEvents.Writable;
            }

            // Someone may wait for input: keep looking at the UART for them.
            ConsoleInputPoller.StartIfWatched();
            return PollEvents.Writable;
        }

        public override long Ioctl(ulong request, ulong argument)
        {
            switch (request)
            {
                case LinuxTermios.TCGETS:
                    return ConsoleTermios.Get(argument);
                case LinuxTermios.TCSETS:
                case LinuxTermios.TCSETSW:
                case LinuxTermios.TCSETSF:
                    return ConsoleTermios.Set(request, argument);
                case TIOCGWINSZ:
                    ushort* size = stackalloc ushort[4];
                    size[0] = 24;
                    size[1] = 80;
                    size[2] = 0;
                    size[3] = 0;
                    return UserMemory.CopyToUser(argument, size, 8) ? 0 : -Errno.EFAULT;
                case FIONREAD:
                    // The UART tells only whether a byte waits, not how many.
                    return UserMemory.Write(argument, ConsoleFiles.HasInput ? 1 : 0) ? 0 : -Errno.EFAULT;
                default:
                    return -Errno.ENOTTY;
            }
        }

        // A character device, as a terminal is: a pseudo-terminal (major 136), mode 0620.
        public override void Stat(LinuxStat* stat)
        {
            stat->Ino = 3 + (ulong)_index;
            stat->Nlink = 1;
            stat->Mode = LinuxStat.S_IFCHR | 0x190;
            stat->Rdev = (136UL << 8) | (ulong)_index;
            stat->Blksize = 1024;
        }

        // The standard streams live as long as the kernel: closing the last descriptor just forgets them.
        protected override void Release()
        {
        }
    }
}
