// Naming and connecting AF_UNIX sockets: bind (a socket inode at a path, an abstract name, or autobind), listen,
// connect (creating the server's end and queueing it for accept) and accept.
using System;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Net.Addresses;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class UnixSocket
    {
        // net.core.somaxconn: listen's backlog is capped here (4096 since Linux 5.4).
        private const int SoMaxConn = 4096;
        private static uint s_autobindCounter;

        public override long Bind(byte* address, int length)
        {
            long error = UnixSocketAddress.Decode(new ReadOnlySpan<byte>(address, length), out int nameLength, out bool isAbstract);
            if (error < 0)
            {
                return error;
            }

            if (nameLength == 0)
            {
                // unix_autobind on a bound socket does nothing and succeeds.
                return IsBound ? 0 : Autobind();
            }

            if (IsBound)
            {
                // unix_bind_bsd makes the node first, so a name that exists is EADDRINUSE even for a bound socket.
                return !isAbstract && PathExists(new ReadOnlySpan<byte>(address + 2, nameLength)) ? -Errno.EADDRINUSE : -Errno.EINVAL;
            }

            ReadOnlySpan<byte> name = new ReadOnlySpan<byte>(address + 2, nameLength);
            if (isAbstract)
            {
                if (UnixNames.FindAbstract(name) != null)
                {
                    return -Errno.EADDRINUSE;
                }

                SetName(name, true, null);
                return 0;
            }

            return BindPath(name);
        }

        private static bool PathExists(ReadOnlySpan<byte> path)
        {
            if (PathWalk.Resolve(null, path, 0, out Inode inode) < 0)
            {
                return false;
            }

            inode.Drop();
            return true;
        }

        private long BindPath(ReadOnlySpan<byte> path)
        {
            // A relative path starts at the working directory, as for any path-taking call.
            int error = PathWalk.ResolveParent(null, path, out Inode parent, out int nameStart, out int nameLength);
            if (error < 0)
            {
                return error;
            }

            ReadOnlySpan<byte> last = path.Slice(nameStart, nameLength);
            Inode created = null;
            if (nameLength == 0 || Kiln.Files.PathResolver.IsDots(last) || path[path.Length - 1] == (byte)'/')
            {
                error = (int)-Errno.EEXIST;
            }
            else if (parent.FileSystem.ReadOnly)
            {
                error = (int)-Errno.EROFS;
            }
            else
            {
                uint mode = Inode.S_IFSOCK | (0x1FF & ~UserProcess.Umask);
                error = parent.Create(last, mode, 0, out created);
            }

            parent.Drop();
            if (error < 0)
            {
                return error == -Errno.EEXIST ? -Errno.EADDRINUSE : error;
            }

            SetName(path, false, created);
            return 0;
        }

        // unix_autobind: an abstract name of five hex digits.
        private long Autobind()
        {
            byte* name = stackalloc byte[6];
            for (int attempt = 0; attempt < 0x100000; attempt++)
            {
                uint number = s_autobindCounter++ & 0xFFFFF;
                name[0] = 0;
                for (int i = 0; i < 5; i++)
                {
                    uint digit = (number >> ((4 - i) * 4)) & 0xF;
                    name[1 + i] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
                }

                ReadOnlySpan<byte> span = new ReadOnlySpan<byte>(name, 6);
                if (UnixNames.FindAbstract(span) == null)
                {
                    SetName(span, true, null);
                    return 0;
                }
            }

            return -Errno.ENOSPC;
        }

        private void SetName(ReadOnlySpan<byte> name, bool isAbstract, Inode inode)
        {
            for (int i = 0; i < name.Length; i++)
            {
                _name[i] = name[i];
            }

            _nameLength = name.Length;
            _abstract = isAbstract;
            _nameInode = inode;
            UnixNames.Add(this);
        }

        public override long Listen(int backlog)
        {
            if (!IsConnectionOriented)
            {
                return -Errno.EOPNOTSUPP;
            }

            if (_state == UnixSocketState.Connected || !IsBound)
            {
                return -Errno.EINVAL;
            }

            if ((uint)backlog > SoMaxConn)
            {
                backlog = SoMaxConn;
            }

            bool wasListening = _state == UnixSocketState.Listening;
            _backlog = backlog;
            _state = UnixSocketState.Listening;
            if (!wasListening)
            {
                Readiness.Notify(PollEvents.Writable | PollEvents.EPOLLHUP);
            }

            return 0;
        }

        /// <summary>
        /// Finds the socket bound to the name in a sockaddr_un: 0 and the socket, or -errno: ENOENT (and the walk's
        /// errors) for a path that is not there, ECONNREFUSED for a name nobody is bound to or a file that is no socket.
        /// </summary>
        private static long FindTarget(byte* address, int length, out UnixSocket target)
        {
            target = null;
            long error = UnixSocketAddress.Decode(new ReadOnlySpan<byte>(address, length), out int nameLength, out bool isAbstract);
            if (error < 0)
            {
                return error;
            }

            if (nameLength == 0)
            {
                return -Errno.EINVAL;
            }

            ReadOnlySpan<byte> name = new ReadOnlySpan<byte>(address + 2, nameLength);
            if (isAbstract)
            {
                target = UnixNames.FindAbstract(name);
                return target == null ? -Errno.ECONNREFUSED : 0;
            }

            int walked = PathWalk.Resolve(null, name, PathWalk.FollowFinal, out Inode inode);
            if (walked < 0)
            {
                return walked;
            }

            if (inode.Type == Inode.S_IFSOCK)
            {
                target = UnixNames.FindByInode(inode);
            }

            inode.Drop();
            return target == null ? -Errno.ECONNREFUSED : 0;
        }

        public override long Connect(byte* address, int length)
        {
            if (length >= 2 && AddressFamily.Of(new ReadOnlySpan<byte>(address, length)) == AddressFamily.AF_UNSPEC && !IsConnectionOriented)
            {
                // AF_UNSPEC dissolves a datagram socket's association.
                _peer = null;
                return 0;
            }

            long error = FindTarget(address, length, out UnixSocket target);
            if (error < 0)
            {
                return error;
            }

            if (target.SocketType != SocketType)
            {
                return -Errno.EPROTOTYPE;
            }

            if (!IsConnectionOriented)
            {
                if (target != this && target.LivePeer != null && target.LivePeer != this)
                {
                    return -Errno.EPERM;
                }

                ConnectTo(target);
                Readiness.Notify(PollEvents.Writable);
                return 0;
            }

            return ConnectStream(target);
        }

        // unix_stream_connect: the server's end is made now and waits in the listener's queue; a full queue blocks
        // (SO_SNDTIMEO) or is EAGAIN.
        private long ConnectStream(UnixSocket listener)
        {
            if (_state == UnixSocketState.Connected)
            {
                return -Errno.EISCONN;
            }

            if (_state == UnixSocketState.Listening)
            {
                return -Errno.EINVAL;
            }

            ulong deadline = SendDeadline();
            uint listenerGeneration = listener._generation;
            for (;;)
            {
                if (listener._closed || listener._generation != listenerGeneration || listener._state != UnixSocketState.Listening)
                {
                    return -Errno.ECONNREFUSED;
                }

                if (listener._acceptCount <= listener._backlog)
                {
                    break;
                }

                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = WaitOn(listener.Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }

                if (_state == UnixSocketState.Connected)
                {
                    return -Errno.EISCONN;
                }
            }

            UnixSocket server = Create(SocketType, 0);
            server.SendBufferSize = listener.SendBufferSize;
            server.ReceiveBufferSize = listener.ReceiveBufferSize;
            server.CopyNameOf(listener);
            server.ConnectTo(this);
            ConnectTo(server);

            if (listener._acceptTail == null)
            {
                listener._acceptHead = server;
            }
            else
            {
                listener._acceptTail._acceptNext = server;
            }

            listener._acceptTail = server;
            listener._acceptCount++;
            listener.Readiness.Notify(PollEvents.Readable);
            Readiness.Notify(PollEvents.Writable);
            return 0;
        }

        // The server's end reports the listener's name (getsockname on an accepted socket), but is not itself bound.
        private void CopyNameOf(UnixSocket listener)
        {
            for (int i = 0; i < listener._nameLength; i++)
            {
                _name[i] = listener._name[i];
            }

            _nameLength = listener._nameLength;
            _abstract = listener._abstract;
        }

        public override long Accept(int statusFlags, out SocketFile accepted)
        {
            accepted = null;
            if (!IsConnectionOriented)
            {
                return -Errno.EOPNOTSUPP;
            }

            if (_state != UnixSocketState.Listening)
            {
                return -Errno.EINVAL;
            }

            ulong deadline = ReceiveDeadline();
            while (_acceptHead == null)
            {
                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }

                if (_state != UnixSocketState.Listening)
                {
                    return -Errno.EINVAL;
                }
            }

            UnixSocket server = _acceptHead;
            _acceptHead = server._acceptNext;
            if (_acceptHead == null)
            {
                _acceptTail = null;
            }

            server._acceptNext = null;
            _acceptCount--;
            server.StatusFlags = OpenFlags.O_RDWR | statusFlags;
            Readiness.Notify(PollEvents.Writable);
            accepted = server;
            return 0;
        }
    }
}
