// The user's side of a TCP connection: send, receive, shutdown, close and abort as the socket calls make them, and
// readiness and SO_ERROR as poll and getsockopt read them (Linux semantics: tcp_sendmsg, tcp_recvmsg, tcp_poll).
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        /// <summary>Queues data: bytes accepted (may be fewer than asked), -EAGAIN when the send buffer is full or
        /// the handshake is still running (wait for EPOLLOUT), -EPIPE after shutdown or FIN, the pending error after
        /// a reset.</summary>
        public long Send(ReadOnlySpan<byte> data)
        {
            if (_owner == null)
            {
                return -Errno.ENOTCONN;
            }
            if (_error != 0)
            {
                return TakeError();
            }
            if (_finQueued)
            {
                return -Errno.EPIPE;
            }
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                return -Errno.EAGAIN;
            }
            if (State != TcpState.Established && State != TcpState.CloseWait)
            {
                return -Errno.EPIPE;
            }
            if (data.Length == 0)
            {
                return 0;
            }
            int generation = _generation;
            ConfigureQueues();
            int taken = _sendQueue.Append(data, Math.Max(Options.SendBufferSize, 1));
            if (taken == 0)
            {
                return -Errno.EAGAIN;
            }
            TrySend(Now);
            Finish(generation);
            return taken;
        }

        /// <summary>Takes (or with <paramref name="peek"/> copies) received data: bytes, 0 at the end of the stream,
        /// -EAGAIN when none yet, the pending error after a reset.</summary>
        public long Receive(Span<byte> destination, bool peek)
        {
            if (_owner == null)
            {
                return -Errno.ENOTCONN;
            }
            int readable = _receiveQueue.Length;
            if (readable > 0)
            {
                if (destination.Length == 0)
                {
                    return 0;
                }
                int count = Math.Min(readable, destination.Length);
                _receiveQueue.CopyOut(0, destination.Slice(0, count));
                if (!peek)
                {
                    int generation = _generation;
                    _receiveQueue.Discard(count);
                    MaybeSendWindowUpdate();
                    Finish(generation);
                }
                return count;
            }
            if (_error != 0)
            {
                return TakeError();
            }
            if (_finReceived || _readShut || State == TcpState.Closed || destination.Length == 0)
            {
                return 0;
            }
            return -Errno.EAGAIN;
        }

        /// <summary>shutdown(2): stop reading, writing (queues FIN), or both.</summary>
        public long Shutdown(bool read, bool write)
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return -Errno.ENOTCONN;
            }
            int generation = _generation;
            if (read && !_readShut)
            {
                _readShut = true;
                _notify = true;
            }
            if (write && !_finQueued)
            {
                QueueFin();
                _notify = true;
                TrySend(Now);
            }
            Finish(generation);
            return 0;
        }

        /// <summary>The user's close: FIN after queued data, or RST when received data was left unread (RFC 9293
        /// 3.10.4, as Linux does). The user never touches the connection again.</summary>
        public void Close()
        {
            if (_owner == null || UserReleased)
            {
                return;
            }
            int generation = _generation;
            UserReleased = true;
            bool unread = _receiveQueue.Length > 0;
            _receiveQueue.Clear();
            _outOfOrder.Clear();
            switch (State)
            {
                case TcpState.Closed:
                    SignalReleasable();
                    return;
                case TcpState.SynSent:
                    EnterClosed();
                    return;
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.CloseWait:
                    if (unread)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    if (!_finQueued)
                    {
                        QueueFin();
                    }
                    TrySend(Now);
                    break;
                case TcpState.FinWait2:
                    if (unread)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    _stateDeadline = Now + TcpTimeouts.FinWait2;
                    break;
                default:
                    if (unread && State != TcpState.TimeWait)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    break;
            }
            Finish(generation);
        }

        /// <summary>RST now and CLOSED (SO_LINGER with a zero timeout, or an error).</summary>
        public void Abort()
        {
            if (_owner == null)
            {
                return;
            }
            UserReleased = true;
            _receiveQueue.Clear();
            switch (State)
            {
                case TcpState.Closed:
                    SignalReleasable();
                    return;
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    SendReset(_sndNxt, true);
                    break;
            }
            EnterClosed();
        }

        /// <summary>Looks at the options again after setsockopt changed them: uncorked or no-delay data goes out,
        /// keep-alive timers move, a bigger receive buffer opens the window.</summary>
        public void OptionsChanged()
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return;
            }
            int generation = _generation;
            ConfigureQueues();
            TrySend(Now);
            MaybeSendWindowUpdate();
            Finish(generation);
        }

        /// <summary>Readiness as Linux poll bits (tcp_poll): EPOLLIN (data or FIN), EPOLLOUT (connected, room to
        /// send), EPOLLRDHUP (peer's FIN), EPOLLHUP (both directions shut or reset), EPOLLERR (pending error).</summary>
        public uint PollEvents
        {
            get
            {
                uint mask = 0;
                bool closed = State == TcpState.Closed;
                bool receiveShut = _finReceived || _readShut || closed;
                bool sendShut = _finQueued || closed;
                if ((receiveShut && sendShut) || closed)
                {
                    mask |= Kiln.Linux.PollEvents.EPOLLHUP;
                }
                if (receiveShut)
                {
                    mask |= Kiln.Linux.PollEvents.Readable | Kiln.Linux.PollEvents.EPOLLRDHUP;
                }
                if (State != TcpState.SynSent && State != TcpState.SynReceived)
                {
                    if (_receiveQueue.Length > 0)
                    {
                        mask |= Kiln.Linux.PollEvents.Readable;
                    }
                    if (sendShut)
                    {
                        mask |= Kiln.Linux.PollEvents.Writable;
                    }
                    else
                    {
                        int queued = _sendQueue.Length;
                        int free = Options.SendBufferSize - queued;
                        if (free > 0 && free >= queued / 2)
                        {
                            mask |= Kiln.Linux.PollEvents.Writable;
                        }
                    }
                }
                if (_error != 0)
                {
                    mask |= Kiln.Linux.PollEvents.EPOLLERR;
                }
                return mask;
            }
        }

        /// <summary>SO_ERROR: the pending error as a negative errno (ECONNREFUSED, ECONNRESET, ETIMEDOUT ...), cleared.</summary>
        public long TakeError()
        {
            long error = _error;
            _error = 0;
            return error;
        }

        /// <summary>FIONREAD: bytes ready to read.</summary>
        public int ReadableBytes => _receiveQueue.Length;

        /// <summary>TIOCOUTQ: bytes queued and not yet acknowledged.</summary>
        public int UnacknowledgedBytes => _sendQueue.Length;

        private void QueueFin()
        {
            _finQueued = true;
            _finSeq = _sendQueueSeq + (uint)_sendQueue.Length;
            if (State == TcpState.Established)
            {
                State = TcpState.FinWait1;
            }
            else if (State == TcpState.CloseWait)
            {
                State = TcpState.LastAck;
            }
        }
    }
}
