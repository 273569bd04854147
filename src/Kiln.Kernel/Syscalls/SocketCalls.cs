// Creating, naming and connecting sockets: socket, socketpair, bind, listen, accept, accept4, connect, shutdown,
// getsockname and getpeername (each copies its arguments in and calls the SocketFile).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Sockets;
using Kiln.Linux;
using Kiln.Net.Addresses;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SocketCalls
    {
        private const int CreationFlags = SocketAbi.SOCK_NONBLOCK | SocketAbi.SOCK_CLOEXEC;

        // socket(domain, type, protocol): type carries SOCK_NONBLOCK and SOCK_CLOEXEC in its high bits.
        public static long Socket(ref SyscallArguments a)
        {
            int type = (int)a.A1;
            if ((type & ~(SocketAbi.SOCK_TYPE_MASK | CreationFlags)) != 0)
            {
                return -Errno.EINVAL;
            }

            long error = SocketFactory.Create((int)a.A0, type & SocketAbi.SOCK_TYPE_MASK, (int)a.A2, type & OpenFlags.O_NONBLOCK, out SocketFile socket);
            if (error < 0)
            {
                return error;
            }

            return Install(socket, (type & SocketAbi.SOCK_CLOEXEC) != 0);
        }

        // socketpair(domain, type, protocol, sv[2]): only AF_UNIX has pairs; inet and netlink say EOPNOTSUPP.
        public static long Socketpair(ref SyscallArguments a)
        {
            int domain = (int)a.A0;
            int type = (int)a.A1;
            if ((type & ~(SocketAbi.SOCK_TYPE_MASK | CreationFlags)) != 0)
            {
                return -Errno.EINVAL;
            }

            int baseType = type & SocketAbi.SOCK_TYPE_MASK;
            if (domain != AddressFamily.AF_UNIX)
            {
                bool known = domain == AddressFamily.AF_INET || domain == AddressFamily.AF_INET6 || domain == AddressFamily.AF_NETLINK;
                return known ? -Errno.EOPNOTSUPP : -Errno.EAFNOSUPPORT;
            }

            long error = SocketFactory.Create(domain, baseType, (int)a.A2, 0, out SocketFile check);
            if (error < 0)
            {
                return error;
            }

            check.Drop();
            UnixSocket.CreatePair(baseType, type & OpenFlags.O_NONBLOCK, out UnixSocket first, out UnixSocket second);
            bool closeOnExec = (type & SocketAbi.SOCK_CLOEXEC) != 0;
            FileTable table = FileTable.Current;
            int* pair = stackalloc int[2];
            pair[0] = table.Install(first, 0, closeOnExec, InfoCalls.OpenFileLimit);
            if (pair[0] < 0)
            {
                first.Drop();
                second.Drop();
                return pair[0];
            }

            pair[1] = table.Install(second, 0, closeOnExec, InfoCalls.OpenFileLimit);
            if (pair[1] < 0)
            {
                table.Close(pair[0]);
                second.Drop();
                return pair[1];
            }

            if (!UserMemory.CopyToUser(a.A3, pair, 8))
            {
                table.Close(pair[0]);
                table.Close(pair[1]);
                return -Errno.EFAULT;
            }

            return 0;
        }

        public static long Bind(ref SyscallArguments a) => WithAddress(ref a, connect: false);

        public static long Connect(ref SyscallArguments a) => WithAddress(ref a, connect: true);

        private static long WithAddress(ref SyscallArguments a, bool connect)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            byte* address = stackalloc byte[SocketAbi.AddressCapacity];
            long length = (long)(int)a.A2;
            error = SocketArguments.CopyAddressIn(a.A1, length, address);
            if (error == 0)
            {
                error = connect ? socket.Connect(address, (int)length) : socket.Bind(address, (int)length);
            }

            socket.Drop();
            return error;
        }

        public static long Listen(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            error = socket.Listen((int)a.A1);
            socket.Drop();
            return error;
        }

        public static long Accept(ref SyscallArguments a) => AcceptWith(a.A0, a.A1, a.A2, 0);

        public static long Accept4(ref SyscallArguments a) => AcceptWith(a.A0, a.A1, a.A2, (int)a.A3);

        private static long AcceptWith(ulong fd, ulong address, ulong lengthAddress, int flags)
        {
            if ((flags & ~CreationFlags) != 0)
            {
                return -Errno.EINVAL;
            }

            SocketFile socket = SocketArguments.Acquire(fd, out long error);
            if (socket == null)
            {
                return error;
            }

            error = socket.Accept(flags & OpenFlags.O_NONBLOCK, out SocketFile accepted);
            socket.Drop();
            if (error < 0)
            {
                return error;
            }

            if (address != 0)
            {
                byte* name = stackalloc byte[SocketAbi.AddressCapacity];
                int length = accepted.PeerName(name);
                if (length < 0)
                {
                    // The peer left already: Linux still hands out the connection, with the address it had; an empty one here.
                    length = 0;
                }

                error = SocketArguments.CopyAddressOut(name, length, address, lengthAddress);
                if (error < 0)
                {
                    accepted.Drop();
                    return error;
                }
            }

            return Install(accepted, (flags & SocketAbi.SOCK_CLOEXEC) != 0);
        }

        public static long Shutdown(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            error = socket.Shutdown((int)a.A1);
            socket.Drop();
            return error;
        }

        public static long Getsockname(ref SyscallArguments a) => Name(ref a, peer: false);

        public static long Getpeername(ref SyscallArguments a) => Name(ref a, peer: true);

        private static long Name(ref SyscallArguments a, bool peer)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            byte* name = stackalloc byte[SocketAbi.AddressCapacity];
            int length = peer ? socket.PeerName(name) : socket.LocalName(name);
            socket.Drop();
            return length < 0 ? length : SocketArguments.CopyAddressOut(name, length, a.A1, a.A2);
        }

        private static long Install(SocketFile socket, bool closeOnExec)
        {
            int fd = FileTable.Current.Install(socket, 0, closeOnExec, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                socket.Drop();
            }

            return fd;
        }
    }
}
