// An AF_UNIX socket (unix(7)): SOCK_STREAM (a byte stream), SOCK_SEQPACKET (records over a connection) or SOCK_DGRAM
// (datagrams, connected or not). A connection joins two sockets directly: a writer puts messages on its peer's
// receive queue, bounded by the writer's send buffer. connect() on a listener creates the server's end at once and
// queues it for accept(). Names are paths (a socket inode in the VFS) or abstract (UnixNames). Sockets are pooled;
// a generation number tells a datagram socket that the peer it remembers has closed.
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Net.Addresses;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class UnixSocket : SocketFile
    {
        private static UnixSocket s_pool;
        private static uint s_nextGeneration = 1;

        private readonly UnixMessageQueue _queue = new UnixMessageQueue();
        private readonly byte[] _name = new byte[UnixSocketAddress.PathCapacity];

        private UnixSocketState _state;
        private uint _generation;
        private bool _closed;
        private UnixSocket _poolNext;

        // The connected peer (stream, seqpacket) or default destination (datagram), valid while its generation matches.
        private UnixSocket _peer;
        private uint _peerGeneration;

        // sk_shutdown: RCV_SHUTDOWN and SEND_SHUTDOWN.
        private bool _readShutdown;
        private bool _writeShutdown;
        private long _error;

        // The name: bound when _nameLength > 0 or _abstract (an abstract name is at least its NUL byte).
        private int _nameLength;
        private bool _abstract;
        private Inode _nameInode;

        /// <summary>Next bound socket in UnixNames' list.</summary>
        internal UnixSocket NameNext;

        // Listening: connections waiting for accept, oldest first.
        private UnixSocket _acceptHead;
        private UnixSocket _acceptTail;
        private UnixSocket _acceptNext;
        private int _acceptCount;
        private int _backlog;

        private bool IsConnectionOriented => SocketType != SocketAbi.SOCK_DGRAM;

        private bool IsByteStream => SocketType == SocketAbi.SOCK_STREAM;

        public bool IsBound => _nameLength > 0 || _abstract;

        public Inode NameInode => _nameInode;

        public override bool IsListening => _state == UnixSocketState.Listening;

        public override int ReadableBytes => IsByteStream || _queue.IsEmpty ? _queue.Bytes : _queue.Head.Unread;

        public override int UnsentBytes
        {
            get
            {
                UnixSocket peer = LivePeer;
                return peer != null && IsConnectionOriented ? peer._queue.Bytes : 0;
            }
        }

        /// <summary>The peer if it is still open, else null.</summary>
        private UnixSocket LivePeer => _peer != null && _peer._generation == _peerGeneration && !_peer._closed ? _peer : null;

        /// <summary>A new unbound AF_UNIX socket of <paramref name="type"/> with one reference.</summary>
        public static UnixSocket Create(int type, int statusFlags)
        {
            UnixSocket socket = s_pool;
            if (socket != null)
            {
                s_pool = socket._poolNext;
                socket._poolNext = null;
            }
            else
            {
                socket = new UnixSocket();
            }

            socket.OpenSocket(AddressFamily.AF_UNIX, type, 0, statusFlags);
            socket._generation = s_nextGeneration++;
            socket._closed = false;
            socket._state = UnixSocketState.Unconnected;
            socket._peer = null;
            socket._readShutdown = false;
            socket._writeShutdown = false;
            socket._error = 0;
            socket._nameLength = 0;
            socket._abstract = false;
            socket._nameInode = null;
            socket._acceptHead = null;
            socket._acceptTail = null;
            socket._acceptNext = null;
            socket._acceptCount = 0;
            socket._backlog = 0;
            return socket;
        }

        /// <summary>socketpair: two sockets of <paramref name="type"/> connected to each other.</summary>
        public static void CreatePair(int type, int statusFlags, out UnixSocket first, out UnixSocket second)
        {
            first = Create(type, statusFlags);
            second = Create(type, statusFlags);
            first.ConnectTo(second);
            second.ConnectTo(first);
        }

        public override long TakeError()
        {
            long error = _error;
            _error = 0;
            return error;
        }

        public override uint Poll()
        {
            uint events = 0;
            if (_error != 0)
            {
                events |= PollEvents.EPOLLERR;
            }

            if (_readShutdown && _writeShutdown)
            {
                events |= PollEvents.EPOLLHUP;
            }

            if (_readShutdown)
            {
                events |= PollEvents.EPOLLRDHUP | PollEvents.Readable;
            }

            if (!_queue.IsEmpty || _acceptHead != null)
            {
                events |= PollEvents.Readable;
            }

            if (IsConnectionOriented && _state == UnixSocketState.Unconnected)
            {
                events |= PollEvents.EPOLLHUP;
            }

            if (IsWritable())
            {
                events |= PollEvents.Writable | PollEvents.EPOLLWRBAND;
            }

            return events;
        }

        // unix_writable.
        private bool IsWritable()
        {
            if (_state == UnixSocketState.Listening)
            {
                return false;
            }

            UnixSocket peer = LivePeer;
            if (peer == null)
            {
                return true;
            }

            // Linux counts what this socket has queued at the peer and calls it writable while that is at most a
            // quarter of the send buffer; the peer's queue stands in for it (a datagram peer may hold others' too).
            return peer._queue.Bytes * 4 <= SendBufferSize;
        }

        public override int LocalName(byte* buffer) => EncodeName(buffer);

        public override int PeerName(byte* buffer)
        {
            UnixSocket peer = LivePeer;
            if (peer == null || (IsConnectionOriented && _state != UnixSocketState.Connected))
            {
                return (int)-Errno.ENOTCONN;
            }

            return peer.EncodeName(buffer);
        }

        protected override long PeerCredentials(byte* value, ref int length)
        {
            // Every socket belongs to the one process: the peer of a connected socket is this process, uid and gid 0.
            if (_peer == null)
            {
                return base.PeerCredentials(value, ref length);
            }

            int* credentials = stackalloc int[3];
            credentials[0] = Process.UserProcess.Pid;
            credentials[1] = 0;
            credentials[2] = 0;
            return Answer(value, ref length, credentials, 12);
        }

        public override long Shutdown(int how)
        {
            if (how < SocketAbi.SHUT_RD || how > SocketAbi.SHUT_RDWR)
            {
                return -Errno.EINVAL;
            }

            bool read = how != SocketAbi.SHUT_WR;
            bool write = how != SocketAbi.SHUT_RD;
            _readShutdown |= read;
            _writeShutdown |= write;
            UnixSocket peer = LivePeer;
            if (peer != null && IsConnectionOriented)
            {
                peer._writeShutdown |= read;
                peer._readShutdown |= write;
                peer.Readiness.Notify(PollEvents.Readable | PollEvents.EPOLLRDHUP | PollEvents.EPOLLHUP | PollEvents.Writable);
            }

            Readiness.Notify(PollEvents.Readable | PollEvents.EPOLLRDHUP | PollEvents.EPOLLHUP | PollEvents.Writable);
            return 0;
        }

        internal int EncodeName(byte* buffer)
        {
            fixed (byte* name = _name)
            {
                return UnixSocketAddress.Encode(new System.Span<byte>(buffer, SocketAbi.AddressCapacity), new System.ReadOnlySpan<byte>(name, _nameLength), _abstract);
            }
        }

        /// <summary>True when this socket's abstract name is <paramref name="name"/>.</summary>
        internal bool HasAbstractName(System.ReadOnlySpan<byte> name)
        {
            if (!_abstract || _nameLength != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (_name[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void ConnectTo(UnixSocket peer)
        {
            _peer = peer;
            _peerGeneration = peer._generation;
            if (IsConnectionOriented)
            {
                _state = UnixSocketState.Connected;
            }
        }

        protected override void Release()
        {
            _closed = true;
            UnixSocket peer = LivePeer;
            if (peer != null && IsConnectionOriented)
            {
                // unix_release_sock: the peer sees both directions shut, and a reset when data was left unread here.
                peer._readShutdown = true;
                peer._writeShutdown = true;
                if (!_queue.IsEmpty)
                {
                    peer._error = -Errno.ECONNRESET;
                }

                peer.Readiness.Notify(PollEvents.Readable | PollEvents.EPOLLRDHUP | PollEvents.EPOLLHUP | PollEvents.Writable | PollEvents.EPOLLERR);
            }
            else if (peer != null)
            {
                // A datagram socket's departure may free its peer to send elsewhere; wake its writers.
                peer.Readiness.Notify(PollEvents.Writable);
            }

            _peer = null;
            _queue.Purge();
            while (_acceptHead != null)
            {
                UnixSocket pending = _acceptHead;
                _acceptHead = pending._acceptNext;
                pending._acceptNext = null;
                pending.Drop();
            }

            _acceptTail = null;
            _acceptCount = 0;
            Unbind();
            _poolNext = s_pool;
            s_pool = this;
        }

        private void Unbind()
        {
            if (!IsBound)
            {
                return;
            }

            UnixNames.Remove(this);
            if (_nameInode != null)
            {
                _nameInode.Drop();
                _nameInode = null;
            }

            _nameLength = 0;
            _abstract = false;
        }
    }
}
