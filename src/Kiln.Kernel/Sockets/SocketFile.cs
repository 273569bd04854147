// A socket as an open file (socket(7)): what every kind of socket shares (domain, type, protocol, an inode number
// on the socket file system, the SOL_SOCKET options, timeouts, blocking waits) and the operations the socket calls
// reach through, each defaulting to Linux's answer for a socket that lacks it. read/write/readv/writev are
// recv/send with no flags. AF_UNIX, AF_INET/AF_INET6 and AF_NETLINK sockets derive from it.
using Kiln.Kernel.Files;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Sockets
{
    internal abstract unsafe partial class SocketFile : OpenFile
    {
        private const int SIGPIPE = 13;
        private const ulong FIONREAD = 0x541B;
        private const ulong TIOCOUTQ = 0x5411;

        // sockfs's device number (an anonymous one, as Linux's).
        private const ulong SocketDevice = 0x8;

        private static ulong s_nextInode = 0x4000;

        /// <summary>AF_UNIX, AF_INET, AF_INET6 or AF_NETLINK.</summary>
        public int Domain;

        /// <summary>SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET or SOCK_RAW.</summary>
        public int SocketType;

        public int Protocol;

        /// <summary>The inode number fstat and /proc/self/fd report ("socket:[N]"); new for every socket.</summary>
        public ulong InodeNumber;

        public override bool CanPoll => true;

        /// <summary>Bytes waiting to be read (FIONREAD, SIOCINQ).</summary>
        public virtual int ReadableBytes => 0;

        /// <summary>Bytes sent but not yet taken by the peer (TIOCOUTQ, SIOCOUTQ).</summary>
        public virtual int UnsentBytes => 0;

        /// <summary>True while listen(2) is in force (SO_ACCEPTCONN).</summary>
        public virtual bool IsListening => false;

        /// <summary>Sets up a new or reused socket: one reference, the flags, a fresh inode number and default options.</summary>
        protected void OpenSocket(int domain, int type, int protocol, int statusFlags)
        {
            Open(OpenFlags.O_RDWR | statusFlags);
            Domain = domain;
            SocketType = type;
            Protocol = protocol;
            InodeNumber = s_nextInode++;
            ResetOptions();
        }

        public virtual long Bind(byte* address, int length) => -Errno.EOPNOTSUPP;

        public virtual long Connect(byte* address, int length) => -Errno.EOPNOTSUPP;

        public virtual long Listen(int backlog) => -Errno.EOPNOTSUPP;

        /// <summary>accept4: 0 with a new connected socket (one reference, <paramref name="statusFlags"/> set), or -errno.</summary>
        public virtual long Accept(int statusFlags, out SocketFile accepted)
        {
            accepted = null;
            return -Errno.EOPNOTSUPP;
        }

        public virtual long Send(ref SocketMessage message) => -Errno.EOPNOTSUPP;

        public virtual long Receive(ref SocketMessage message) => -Errno.EOPNOTSUPP;

        public virtual long Shutdown(int how) => -Errno.EOPNOTSUPP;

        /// <summary>getsockname: writes the local address into <paramref name="buffer"/> (AddressCapacity bytes): its length.</summary>
        public abstract int LocalName(byte* buffer);

        /// <summary>getpeername: the peer's address length, or -ENOTCONN.</summary>
        public virtual int PeerName(byte* buffer) => (int)-Errno.ENOTCONN;

        public override long Read(ref UserIo io)
        {
            SocketMessage message = SocketMessage.Over(ref io, 0);
            long result = Receive(ref message);
            io = message.Io;
            return result;
        }

        public override long Write(ref UserIo io)
        {
            SocketMessage message = SocketMessage.Over(ref io, 0);
            long result = SendAndSignal(ref message);
            io = message.Io;
            return result;
        }

        /// <summary>Send, raising SIGPIPE for EPIPE unless MSG_NOSIGNAL was given (send(2)).</summary>
        public long SendAndSignal(ref SocketMessage message)
        {
            long result = Send(ref message);
            if (result == -Errno.EPIPE && (message.Flags & SocketAbi.MSG_NOSIGNAL) == 0)
            {
                SignalDelivery.SendToThread(Scheduler.Current, SIGPIPE, SignalDelivery.SI_USER, UserProcess.Pid);
            }

            return result;
        }

        public override long Ioctl(ulong request, ulong argument)
        {
            switch (request)
            {
                case FIONREAD:
                    return Memory.UserMemory.Write(argument, ReadableBytes) ? 0 : -Errno.EFAULT;
                case TIOCOUTQ:
                    return Memory.UserMemory.Write(argument, UnsentBytes) ? 0 : -Errno.EFAULT;
                default:
                    return InterfaceIoctls.Handle(request, argument, Domain == Kiln.Net.Addresses.AddressFamily.AF_INET);
            }
        }

        public override void Stat(LinuxStat* stat)
        {
            stat->Dev = SocketDevice;
            stat->Ino = InodeNumber;
            stat->Nlink = 1;
            stat->Mode = Vfs.Inode.S_IFSOCK | 0x1FF;
            stat->Blksize = 4096;
        }

        /// <summary>True when the call must not block: O_NONBLOCK on the file or MSG_DONTWAIT on the call.</summary>
        public bool MustNotBlock(int flags) => IsNonBlocking || (flags & SocketAbi.MSG_DONTWAIT) != 0;

        /// <summary>The deadline for a blocking receive (SO_RCVTIMEO; forever when unset).</summary>
        public ulong ReceiveDeadline() => Deadline(_receiveTimeoutNs);

        /// <summary>The deadline for a blocking send or connect (SO_SNDTIMEO).</summary>
        public ulong SendDeadline() => Deadline(_sendTimeoutNs);

        /// <summary>
        /// Blocks on <paramref name="readiness"/> until its next change: 0; -EAGAIN once <paramref name="deadline"/>
        /// passed (a socket timeout reads as EAGAIN); for a signal -ERESTARTSYS when there is no timeout, else -EINTR
        /// (sock_intr_errno: Linux restarts only untimed socket waits).
        /// </summary>
        public static long WaitOn(Readiness readiness, ulong deadline)
        {
            WakeReason reason = readiness.Waiters.Wait(deadline, interruptible: true);
            if (reason == WakeReason.Interrupted)
            {
                return deadline == Scheduler.Forever ? -Errno.ERESTARTSYS : -Errno.EINTR;
            }

            return reason == WakeReason.TimedOut ? -Errno.EAGAIN : 0;
        }

        private static ulong Deadline(ulong timeout)
        {
            return timeout == 0 ? Scheduler.Forever : Syscalls.TimeCalls.AddSaturating(Clock.MonotonicNs(), timeout);
        }
    }
}
