// Moving data through AF_UNIX sockets: a send puts messages on the receiver's queue (a byte stream in pieces of at
// most a page, a datagram or record whole), waiting while the receiver's queue is at the sender's send-buffer
// limit; a receive takes bytes across pieces (stream) or one message (datagram, record), with MSG_PEEK, MSG_WAITALL,
// MSG_TRUNC, and passes descriptors sent with SCM_RIGHTS.
using Kiln.Kernel.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class UnixSocket
    {
        public override long Send(ref SocketMessage message)
        {
            if (IsConnectionOriented)
            {
                if (message.Address != null && message.AddressLength > 0)
                {
                    return _state == UnixSocketState.Connected ? -Errno.EISCONN : -Errno.EOPNOTSUPP;
                }

                if (_state != UnixSocketState.Connected)
                {
                    return -Errno.ENOTCONN;
                }

                if (_writeShutdown)
                {
                    return -Errno.EPIPE;
                }

                return IsByteStream ? SendStream(ref message) : SendRecord(ref message, null);
            }

            UnixSocket target;
            if (message.Address != null && message.AddressLength > 0)
            {
                long found = FindTarget(message.Address, message.AddressLength, out target);
                if (found < 0)
                {
                    return found;
                }

                if (target.SocketType != SocketType)
                {
                    return -Errno.EPROTOTYPE;
                }

                if (target.LivePeer != null && target.LivePeer != this)
                {
                    return -Errno.EPERM;
                }
            }
            else
            {
                if (_peer == null)
                {
                    return -Errno.ENOTCONN;
                }

                target = LivePeer;
                if (target == null)
                {
                    // The peer closed: the association dissolves and this send is refused (unix_dgram_sendmsg).
                    _peer = null;
                    return -Errno.ECONNREFUSED;
                }
            }

            if (_writeShutdown)
            {
                return -Errno.EPIPE;
            }

            return SendRecord(ref message, target);
        }

        private long SendStream(ref SocketMessage message)
        {
            ulong deadline = SendDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            bool first = true;
            long sent = 0;
            do
            {
                UnixSocket peer = LivePeer;
                if (peer == null || peer._readShutdown)
                {
                    return sent > 0 ? sent : -Errno.EPIPE;
                }

                int room = SendBufferSize - peer._queue.Bytes;
                if (room <= 0)
                {
                    if (nonBlocking)
                    {
                        return sent > 0 ? sent : -Errno.EAGAIN;
                    }

                    long waited = WaitOn(Readiness, deadline);
                    if (waited < 0)
                    {
                        return sent > 0 ? sent : waited;
                    }

                    continue;
                }

                ulong want = message.Io.Remaining;
                int piece = (int)(want < (ulong)room ? want : (ulong)room);
                if (piece > UnixMessage.StreamPiece)
                {
                    piece = UnixMessage.StreamPiece;
                }

                UnixMessage unit = UnixMessage.Create(piece);
                if (unit == null)
                {
                    return sent > 0 ? sent : -Errno.ENOBUFS;
                }

                int copied = (int)message.Io.CopyIn(unit.Data, (ulong)piece);
                unit.Length = copied;
                if (first)
                {
                    long attached = AttachRights(ref message, unit);
                    if (attached < 0)
                    {
                        unit.Free();
                        return attached;
                    }

                    first = false;
                }

                if (copied == 0 && unit.RightsCount == 0)
                {
                    unit.Free();
                    return sent > 0 ? sent : message.Io.Faulted ? -Errno.EFAULT : 0;
                }

                peer._queue.Enqueue(unit);
                sent += copied;
                peer.Readiness.Notify(PollEvents.Readable);
                if (message.Io.Faulted)
                {
                    return sent > 0 ? sent : -Errno.EFAULT;
                }
            }
            while (message.Io.Remaining > 0);

            return sent;
        }

        // A datagram or a seqpacket record: whole or not at all. target is null for a seqpacket's peer.
        private long SendRecord(ref SocketMessage message, UnixSocket target)
        {
            ulong length = message.Io.Remaining;
            if (length > (ulong)(SendBufferSize - 32))
            {
                return -Errno.EMSGSIZE;
            }

            ulong deadline = SendDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            for (;;)
            {
                UnixSocket receiver = target ?? LivePeer;
                if (receiver == null || (target != null && receiver._closed))
                {
                    return target == null ? -Errno.EPIPE : -Errno.ECONNREFUSED;
                }

                if (receiver._readShutdown)
                {
                    return -Errno.EPIPE;
                }

                int limit = IsConnectionOriented ? SendBufferSize : receiver.ReceiveBufferSize;
                if (receiver._queue.IsEmpty || receiver._queue.Bytes + (long)length <= limit)
                {
                    break;
                }

                if (nonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                // The receiver's reads notify its own readiness, where the senders to it wait.
                uint generation = receiver._generation;
                long waited = WaitOn(receiver.Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }

                if (receiver._generation != generation)
                {
                    return target == null ? -Errno.EPIPE : -Errno.ECONNREFUSED;
                }
            }

            UnixSocket destination = target ?? LivePeer;
            UnixMessage unit = UnixMessage.Create((int)length);
            if (unit == null)
            {
                return -Errno.ENOBUFS;
            }

            ulong copied = message.Io.CopyIn(unit.Data, length);
            if (copied < length)
            {
                unit.Free();
                return -Errno.EFAULT;
            }

            unit.Length = (int)length;
            long attached = AttachRights(ref message, unit);
            if (attached < 0)
            {
                unit.Free();
                return attached;
            }

            if (IsBound)
            {
                for (int i = 0; i < _nameLength; i++)
                {
                    unit.SenderName[i] = _name[i];
                }

                unit.SenderNameLength = _nameLength;
                unit.SenderAbstract = _abstract;
            }

            destination._queue.Enqueue(unit);
            destination.Readiness.Notify(PollEvents.Readable);
            return (long)length;
        }

        public override long Receive(ref SocketMessage message)
        {
            if (_state == UnixSocketState.Listening || (IsConnectionOriented && _state != UnixSocketState.Connected))
            {
                return -Errno.EINVAL;
            }

            return IsByteStream ? ReceiveStream(ref message) : ReceiveRecord(ref message);
        }

        private long ReceiveStream(ref SocketMessage message)
        {
            ulong deadline = ReceiveDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            bool discard = (message.Flags & SocketAbi.MSG_TRUNC) != 0;
            long received = 0;
            ulong wanted = message.Io.Remaining;
            if (wanted == 0)
            {
                return 0;
            }

            for (;;)
            {
                UnixMessage unit = _queue.Head;
                bool gotRights = false;
                while (unit != null && (ulong)received < wanted)
                {
                    // A piece carrying descriptors starts a new read: they arrive with their own bytes only.
                    if (unit.RightsCount > 0 && received > 0)
                    {
                        break;
                    }

                    int available = unit.Unread;
                    ulong left = wanted - (ulong)received;
                    int take = (int)((ulong)available < left ? (ulong)available : left);
                    int copied = discard ? take : (int)message.Io.CopyOut(unit.Data + unit.Offset, (ulong)take);
                    received += copied;
                    if (unit.RightsCount > 0)
                    {
                        DeliverRights(ref message, unit);
                        gotRights = true;
                    }

                    if (message.Peek)
                    {
                        unit = unit.Next;
                    }
                    else
                    {
                        _queue.Consumed(copied);
                        if (unit.Unread == 0)
                        {
                            _queue.Dequeue().Free();
                        }

                        unit = _queue.Head;
                    }

                    if (copied < take || gotRights)
                    {
                        break;
                    }
                }

                if (received > 0 && !message.Peek)
                {
                    UnixSocket writer = LivePeer;
                    writer?.Readiness.Notify(PollEvents.Writable);
                }

                if (message.Io.Faulted)
                {
                    return received > 0 ? received : -Errno.EFAULT;
                }

                if ((ulong)received >= wanted || gotRights || (received > 0 && (!message.WaitAll || message.Peek)))
                {
                    return received;
                }

                if (_error != 0 && received == 0)
                {
                    return TakeError();
                }

                if (_readShutdown || LivePeer == null)
                {
                    return received;
                }

                if (nonBlocking)
                {
                    return received > 0 ? received : -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return received > 0 ? received : waited;
                }
            }
        }

        private long ReceiveRecord(ref SocketMessage message)
        {
            ulong deadline = ReceiveDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            while (_queue.IsEmpty)
            {
                if (_error != 0)
                {
                    return TakeError();
                }

                if (_readShutdown || (IsConnectionOriented && LivePeer == null))
                {
                    return 0;
                }

                if (nonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }
            }

            UnixMessage unit = _queue.Head;
            ulong length = (ulong)unit.Length;
            ulong copied = message.Io.CopyOut(unit.Data, length < message.Io.Remaining ? length : message.Io.Remaining);
            bool faulted = message.Io.Faulted;
            if (copied < length)
            {
                message.ResultFlags |= SocketAbi.MSG_TRUNC;
            }

            if (message.Address != null)
            {
                fixed (byte* name = unit.SenderName)
                {
                    // An unnamed sender leaves the address empty (length 0), as Linux reports it.
                    message.AddressLength = unit.SenderNameLength == 0 && !unit.SenderAbstract
                        ? 0
                        : Kiln.Net.Addresses.UnixSocketAddress.Encode(new System.Span<byte>(message.Address, SocketAbi.AddressCapacity), new System.ReadOnlySpan<byte>(name, unit.SenderNameLength), unit.SenderAbstract);
                }
            }

            if (unit.RightsCount > 0)
            {
                DeliverRights(ref message, unit);
            }

            if (!message.Peek)
            {
                _queue.Dequeue().Free();
                Readiness.Notify(PollEvents.Writable);
                LivePeer?.Readiness.Notify(PollEvents.Writable);
            }

            if (faulted)
            {
                return -Errno.EFAULT;
            }

            return (message.Flags & SocketAbi.MSG_TRUNC) != 0 ? (long)length : (long)copied;
        }
    }
}
