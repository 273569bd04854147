// The SOL_SOCKET options every socket has (socket(7)), and the door to the protocol levels (IPPROTO_TCP,
// IPPROTO_IPV6 ...) that each kind of socket opens by overriding SetProtocolOption/GetProtocolOption. Options Linux
// has that change nothing Kiln models (SO_PRIORITY, SO_TIMESTAMP ...) are stored, read back and counted in
// SocketOptionStatistics; options Kiln does not know are ENOPROTOOPT, also counted.
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Sockets
{
    internal abstract unsafe partial class SocketFile
    {
        private ulong _receiveTimeoutNs;
        private ulong _sendTimeoutNs;
        private int _priority;
        private int _receiveLowWater;
        private int _mark;
        private bool _outOfBandInline;
        private bool _timestamp;
        private bool _dontRoute;
        private bool _debug;
        private bool _noCheck;

        /// <summary>SO_RCVBUF and SO_SNDBUF as getsockopt reports them (setsockopt doubles what it is given).</summary>
        public int ReceiveBufferSize;
        public int SendBufferSize;

        public bool ReuseAddress;
        public bool ReusePort;
        public bool KeepAlive;
        public bool Broadcast;
        public bool PassCredentials;

        /// <summary>SO_LINGER: when on, close waits up to LingerSeconds for unsent data (0: reset the connection).</summary>
        public bool LingerOn;
        public int LingerSeconds;

        private void ResetOptions()
        {
            _receiveTimeoutNs = 0;
            _sendTimeoutNs = 0;
            _priority = 0;
            _receiveLowWater = 1;
            _mark = 0;
            _outOfBandInline = false;
            _timestamp = false;
            _dontRoute = false;
            _debug = false;
            _noCheck = false;
            ReceiveBufferSize = SocketAbi.BufferMaximum;
            SendBufferSize = SocketAbi.BufferMaximum;
            ReuseAddress = false;
            ReusePort = false;
            KeepAlive = false;
            Broadcast = false;
            PassCredentials = false;
            LingerOn = false;
            LingerSeconds = 0;
        }

        /// <summary>setsockopt: <paramref name="value"/> is a kernel copy of <paramref name="length"/> bytes.</summary>
        public long SetOption(int level, int name, byte* value, int length)
        {
            if (level != SocketAbi.SOL_SOCKET)
            {
                return SetProtocolOption(level, name, value, length);
            }

            if (name == SocketAbi.SO_RCVTIMEO_OLD || name == SocketAbi.SO_SNDTIMEO_OLD || name == SocketAbi.SO_RCVTIMEO_NEW || name == SocketAbi.SO_SNDTIMEO_NEW)
            {
                return SetTimeout(name == SocketAbi.SO_RCVTIMEO_OLD || name == SocketAbi.SO_RCVTIMEO_NEW, value, length);
            }

            if (name == SocketAbi.SO_LINGER)
            {
                if (length < 8)
                {
                    return -Errno.EINVAL;
                }

                LingerOn = *(int*)value != 0;
                LingerSeconds = ((int*)value)[1] < 0 ? 0 : ((int*)value)[1];
                return 0;
            }

            if (length < 4)
            {
                return -Errno.EINVAL;
            }

            int number = *(int*)value;
            bool on = number != 0;
            switch (name)
            {
                case SocketAbi.SO_REUSEADDR:
                    ReuseAddress = on;
                    break;
                case SocketAbi.SO_REUSEPORT:
                    ReusePort = on;
                    break;
                case SocketAbi.SO_KEEPALIVE:
                    KeepAlive = on;
                    break;
                case SocketAbi.SO_BROADCAST:
                    Broadcast = on;
                    break;
                case SocketAbi.SO_PASSCRED:
                    PassCredentials = on;
                    break;
                case SocketAbi.SO_SNDBUF:
                case SocketAbi.SO_SNDBUFFORCE:
                    SendBufferSize = Doubled(number, SocketAbi.SendBufferMinimum, name == SocketAbi.SO_SNDBUFFORCE);
                    break;
                case SocketAbi.SO_RCVBUF:
                case SocketAbi.SO_RCVBUFFORCE:
                    ReceiveBufferSize = Doubled(number, SocketAbi.ReceiveBufferMinimum, name == SocketAbi.SO_RCVBUFFORCE);
                    break;
                case SocketAbi.SO_PRIORITY:
                    _priority = number;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_RCVLOWAT:
                    _receiveLowWater = number < 1 ? 1 : number;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_SNDLOWAT:
                    // Linux: "SO_SNDLOWAT is not changeable" (sock_setsockopt answers ENOPROTOOPT).
                    SocketOptionStatistics.Unknown++;
                    return -Errno.ENOPROTOOPT;
                case SocketAbi.SO_MARK:
                    _mark = number;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_OOBINLINE:
                    _outOfBandInline = on;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_TIMESTAMP:
                    _timestamp = on;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_DONTROUTE:
                    _dontRoute = on;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_DEBUG:
                    _debug = on;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_NO_CHECK:
                    _noCheck = on;
                    SocketOptionStatistics.Unmodelled++;
                    break;
                case SocketAbi.SO_TYPE:
                case SocketAbi.SO_ERROR:
                case SocketAbi.SO_PROTOCOL:
                case SocketAbi.SO_DOMAIN:
                case SocketAbi.SO_ACCEPTCONN:
                case SocketAbi.SO_PEERCRED:
                    return -Errno.ENOPROTOOPT;
                default:
                    SocketOptionStatistics.Unknown++;
                    return -Errno.ENOPROTOOPT;
            }

            OptionsChanged();
            return 0;
        }

        /// <summary>
        /// getsockopt: writes up to <paramref name="length"/> bytes of the value into <paramref name="value"/> (a kernel
        /// buffer of at least 256 bytes) and sets <paramref name="length"/> to what was written; 0 or -errno.
        /// </summary>
        public long GetOption(int level, int name, byte* value, ref int length)
        {
            if (level != SocketAbi.SOL_SOCKET)
            {
                return GetProtocolOption(level, name, value, ref length);
            }

            int number;
            switch (name)
            {
                case SocketAbi.SO_RCVTIMEO_OLD:
                case SocketAbi.SO_SNDTIMEO_OLD:
                case SocketAbi.SO_RCVTIMEO_NEW:
                case SocketAbi.SO_SNDTIMEO_NEW:
                    ulong timeout = name == SocketAbi.SO_RCVTIMEO_OLD || name == SocketAbi.SO_RCVTIMEO_NEW ? _receiveTimeoutNs : _sendTimeoutNs;
                    long* timeval = stackalloc long[2];
                    timeval[0] = (long)(timeout / 1_000_000_000);
                    timeval[1] = (long)(timeout % 1_000_000_000 / 1000);
                    return Answer(value, ref length, timeval, 16);
                case SocketAbi.SO_LINGER:
                    int* linger = stackalloc int[2];
                    linger[0] = LingerOn ? 1 : 0;
                    linger[1] = LingerSeconds;
                    return Answer(value, ref length, linger, 8);
                case SocketAbi.SO_PEERCRED:
                    return PeerCredentials(value, ref length);
                case SocketAbi.SO_TYPE:
                    number = SocketType;
                    break;
                case SocketAbi.SO_DOMAIN:
                    number = Domain;
                    break;
                case SocketAbi.SO_PROTOCOL:
                    number = Protocol;
                    break;
                case SocketAbi.SO_ERROR:
                    number = (int)-TakeError();
                    break;
                case SocketAbi.SO_ACCEPTCONN:
                    number = IsListening ? 1 : 0;
                    break;
                case SocketAbi.SO_REUSEADDR:
                    number = ReuseAddress ? 1 : 0;
                    break;
                case SocketAbi.SO_REUSEPORT:
                    number = ReusePort ? 1 : 0;
                    break;
                case SocketAbi.SO_KEEPALIVE:
                    number = KeepAlive ? 1 : 0;
                    break;
                case SocketAbi.SO_BROADCAST:
                    number = Broadcast ? 1 : 0;
                    break;
                case SocketAbi.SO_PASSCRED:
                    number = PassCredentials ? 1 : 0;
                    break;
                case SocketAbi.SO_SNDBUF:
                    number = SendBufferSize;
                    break;
                case SocketAbi.SO_RCVBUF:
                    number = ReceiveBufferSize;
                    break;
                case SocketAbi.SO_PRIORITY:
                    number = _priority;
                    break;
                case SocketAbi.SO_RCVLOWAT:
                    number = _receiveLowWater;
                    break;
                case SocketAbi.SO_SNDLOWAT:
                    number = 1;
                    break;
                case SocketAbi.SO_MARK:
                    number = _mark;
                    break;
                case SocketAbi.SO_OOBINLINE:
                    number = _outOfBandInline ? 1 : 0;
                    break;
                case SocketAbi.SO_TIMESTAMP:
                    number = _timestamp ? 1 : 0;
                    break;
                case SocketAbi.SO_DONTROUTE:
                    number = _dontRoute ? 1 : 0;
                    break;
                case SocketAbi.SO_DEBUG:
                    number = _debug ? 1 : 0;
                    break;
                case SocketAbi.SO_NO_CHECK:
                    number = _noCheck ? 1 : 0;
                    break;
                default:
                    SocketOptionStatistics.Unknown++;
                    return -Errno.ENOPROTOOPT;
            }

            return Answer(value, ref length, &number, 4);
        }

        /// <summary>SO_ERROR: the pending error (a negative errno) or 0, cleared by the reading.</summary>
        public virtual long TakeError() => 0;

        /// <summary>An option at a protocol level (IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6 ...); none by default.</summary>
        protected virtual long SetProtocolOption(int level, int name, byte* value, int length)
        {
            SocketOptionStatistics.Unknown++;
            return -Errno.ENOPROTOOPT;
        }

        protected virtual long GetProtocolOption(int level, int name, byte* value, ref int length)
        {
            SocketOptionStatistics.Unknown++;
            return -Errno.ENOPROTOOPT;
        }

        /// <summary>
        /// SO_PEERCRED: only connected AF_UNIX sockets have a peer's credentials; others report pid 0 and the overflow
        /// user and group (65534), as cred_to_ucred does without credentials.
        /// </summary>
        protected virtual long PeerCredentials(byte* value, ref int length)
        {
            int* credentials = stackalloc int[3];
            credentials[0] = 0;
            credentials[1] = 65534;
            credentials[2] = 65534;
            return Answer(value, ref length, credentials, 12);
        }

        /// <summary>A SOL_SOCKET option changed that a protocol may want to pass on (buffer sizes, keep-alive).</summary>
        protected virtual void OptionsChanged()
        {
        }

        /// <summary>Copies at most <paramref name="length"/> bytes of a <paramref name="size"/>-byte answer (Linux truncates quietly).</summary>
        protected static long Answer(byte* destination, ref int length, void* answer, int size)
        {
            if (length > size)
            {
                length = size;
            }

            Arch.X86_64.Cpu.CopyMemory(destination, answer, (nuint)length);
            return 0;
        }

        // sock_setsockopt's doubling: the value is capped at the sysctl maximum (unless forced), doubled for the
        // bookkeeping overhead Linux counts, and kept at least at the minimum.
        private static int Doubled(int requested, int minimum, bool force)
        {
            long value = requested < 0 ? 0 : requested;
            if (!force && value > SocketAbi.BufferMaximum)
            {
                value = SocketAbi.BufferMaximum;
            }

            value *= 2;
            if (value > int.MaxValue)
            {
                value = int.MaxValue;
            }

            return value < minimum ? minimum : (int)value;
        }

        // SO_RCVTIMEO/SO_SNDTIMEO take a struct timeval: a zero time means no timeout; microseconds must be below a
        // second (EDOM); a negative time means "do not wait at all" (sock_set_timeout).
        private long SetTimeout(bool receive, byte* value, int length)
        {
            if (length < 16)
            {
                return -Errno.EINVAL;
            }

            long seconds = *(long*)value;
            long microseconds = ((long*)value)[1];
            if (microseconds < 0 || microseconds >= 1_000_000)
            {
                return -Errno.EDOM;
            }

            ulong timeout;
            if (seconds < 0)
            {
                timeout = 1;
            }
            else
            {
                timeout = Syscalls.TimeCalls.Saturate((ulong)seconds, (ulong)microseconds * 1000);
            }

            if (receive)
            {
                _receiveTimeoutNs = timeout;
            }
            else
            {
                _sendTimeoutNs = timeout;
            }

            return 0;
        }
    }
}
