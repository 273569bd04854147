// The IPPROTO_TCP options of a stream socket (tcp(7)) and the SOL_SOCKET ones the connection must hear of
// (SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF): all kept in the TcpSocket's TcpConnectionOptions, which accepted sockets
// inherit. TCP_INFO reports the state only (the rest of struct tcp_info is zero).
using Kiln.Linux;
using Kiln.Net.Tcp;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class InetStreamSocket
    {
        // struct tcp_info as far as Linux 4.x (tcpi_state first); getsockopt copies at most this much.
        private const int TcpInfoSize = 104;

        // tcp_states.h: the values of tcpi_state.
        private const byte TCP_ESTABLISHED = 1;
        private const byte TCP_CLOSE = 7;
        private const byte TCP_LISTEN = 10;

        private int _maximumSegment;
        private bool _quickAck;

        private void ResetTcpOptions()
        {
            _maximumSegment = 536;
            _quickAck = true;
        }

        private void InheritOptions(InetStreamSocket listener)
        {
            ReceiveBufferSize = listener.ReceiveBufferSize;
            SendBufferSize = listener.SendBufferSize;
            KeepAlive = listener.KeepAlive;
            LingerOn = listener.LingerOn;
            LingerSeconds = listener.LingerSeconds;
            V6Only = listener.V6Only;
            _tcp.Options = listener._tcp.Options;
        }

        protected override void OptionsChanged()
        {
            TcpConnectionOptions options = _tcp.Options;
            options.KeepAlive = KeepAlive;
            options.ReceiveBufferSize = ReceiveBufferSize;
            options.SendBufferSize = SendBufferSize;
            _tcp.Options = options;
            _tcp.ReuseAddress = ReuseAddress;
            _tcp.ReusePort = ReusePort;
            _tcp.ApplyOptions();
        }

        protected override long SetProtocolOption(int level, int name, byte* value, int length)
        {
            if (level != SocketAbi.IPPROTO_TCP)
            {
                return base.SetProtocolOption(level, name, value, length);
            }

            if (length < 4)
            {
                return -Errno.EINVAL;
            }

            int number = *(int*)value;
            TcpConnectionOptions options = _tcp.Options;
            switch (name)
            {
                case SocketAbi.TCP_NODELAY:
                    options.NoDelay = number != 0;
                    break;
                case SocketAbi.TCP_CORK:
                    options.Cork = number != 0;
                    break;
                case SocketAbi.TCP_KEEPIDLE:
                    if (number < 1 || number > 32767)
                    {
                        return -Errno.EINVAL;
                    }

                    options.KeepIdleSeconds = number;
                    break;
                case SocketAbi.TCP_KEEPINTVL:
                    if (number < 1 || number > 32767)
                    {
                        return -Errno.EINVAL;
                    }

                    options.KeepIntervalSeconds = number;
                    break;
                case SocketAbi.TCP_KEEPCNT:
                    if (number < 1 || number > 127)
                    {
                        return -Errno.EINVAL;
                    }

                    options.KeepCount = number;
                    break;
                case SocketAbi.TCP_MAXSEG:
                    if (number != 0 && (number < 88 || number > 65535))
                    {
                        return -Errno.EINVAL;
                    }

                    _maximumSegment = number == 0 ? 536 : number;
                    SocketOptionStatistics.Unmodelled++;
                    return 0;
                case SocketAbi.TCP_QUICKACK:
                    _quickAck = number != 0;
                    SocketOptionStatistics.Unmodelled++;
                    return 0;
                default:
                    SocketOptionStatistics.Unknown++;
                    return -Errno.ENOPROTOOPT;
            }

            _tcp.Options = options;
            _tcp.ApplyOptions();
            return 0;
        }

        protected override long GetProtocolOption(int level, int name, byte* value, ref int length)
        {
            if (level != SocketAbi.IPPROTO_TCP)
            {
                return base.GetProtocolOption(level, name, value, ref length);
            }

            TcpConnectionOptions options = _tcp.Options;
            int number;
            switch (name)
            {
                case SocketAbi.TCP_NODELAY:
                    number = options.NoDelay ? 1 : 0;
                    break;
                case SocketAbi.TCP_CORK:
                    number = options.Cork ? 1 : 0;
                    break;
                case SocketAbi.TCP_KEEPIDLE:
                    number = options.KeepIdleSeconds;
                    break;
                case SocketAbi.TCP_KEEPINTVL:
                    number = options.KeepIntervalSeconds;
                    break;
                case SocketAbi.TCP_KEEPCNT:
                    number = options.KeepCount;
                    break;
                case SocketAbi.TCP_MAXSEG:
                    number = _maximumSegment;
                    break;
                case SocketAbi.TCP_QUICKACK:
                    number = _quickAck ? 1 : 0;
                    break;
                case SocketAbi.TCP_INFO:
                    byte* info = stackalloc byte[TcpInfoSize];
                    new System.Span<byte>(info, TcpInfoSize).Clear();
                    info[0] = _tcp.IsListening ? TCP_LISTEN : _tcp.IsConnected ? TCP_ESTABLISHED : TCP_CLOSE;
                    return Answer(value, ref length, info, TcpInfoSize);
                default:
                    SocketOptionStatistics.Unknown++;
                    return -Errno.ENOPROTOOPT;
            }

            return Answer(value, ref length, &number, 4);
        }
    }
}
