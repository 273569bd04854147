// One end of a pipe as an open file: the read end (O_RDONLY) or the write end (O_WRONLY). Both stat as the same FIFO.
// Pipes are positionless, so pread/pwrite answer ESPIPE.
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class PipeEnd : OpenFile
    {
        private const ulong FIONREAD = 0x541B;
        private const int F_SETPIPE_SZ = 1031;
        private const int F_GETPIPE_SZ = 1032;

        // The device number pipefs has (anonymous, like Linux's); the inode numbers come from the pipe.
        private const ulong PipeDevice = 0xC;

        private readonly Pipe _pipe;
        private readonly bool _isReader;

        public PipeEnd(Pipe pipe, bool isReader)
        {
            _pipe = pipe;
            _isReader = isReader;
        }

        public Pipe Pipe => _pipe;

        public override long Read(ref UserIo io) => _pipe.Read(ref io, IsNonBlocking);

        public override long Write(ref UserIo io) => _pipe.Write(ref io, IsNonBlocking);

        public override uint Poll() => _isReader ? _pipe.PollReader() : _pipe.PollWriter();

        public override long Ioctl(ulong request, ulong argument)
        {
            if (request == FIONREAD)
            {
                return UserMemory.Write(argument, _pipe.Count) ? 0 : -Errno.EFAULT;
            }

            return -Errno.ENOTTY;
        }

        public override long Fcntl(int command, ulong argument)
        {
            switch (command)
            {
                case F_GETPIPE_SZ:
                    return Pipe.Capacity;
                case F_SETPIPE_SZ:
                    // The ring is fixed at 64 KiB: a smaller request is met (the pipe holds at least that much); a
                    // larger one is refused as Linux refuses an unprivileged process past pipe-max-size.
                    return (long)argument <= Pipe.Capacity ? Pipe.Capacity : -Errno.EPERM;
                default:
                    return -Errno.EINVAL;
            }
        }

        public override void Stat(LinuxStat* stat)
        {
            stat->Dev = PipeDevice;
            stat->Ino = _pipe.Inode;
            stat->Nlink = 1;
            stat->Mode = LinuxStat.S_IFIFO | 0x180;
            stat->Blksize = 4096;
        }

        internal void Reopen(int flags) => Open(flags);

        protected override void Release() => _pipe.CloseEnd(_isReader);
    }
}
