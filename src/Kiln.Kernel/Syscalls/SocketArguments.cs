// What the socket system calls share: finding the socket behind a descriptor (EBADF, ENOTSOCK), and copying socket
// addresses in (move_addr_to_kernel: at most sizeof(struct sockaddr_storage)) and out (move_addr_to_user: truncated
// to the caller's length, the full length written back).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Sockets;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SocketArguments
    {
        /// <summary>The socket at <paramref name="fd"/> with a reference the caller Drops, or null with -EBADF or -ENOTSOCK.</summary>
        public static SocketFile Acquire(ulong fd, out long error)
        {
            OpenFile file = FileTable.Current.Acquire((uint)fd);
            if (file == null)
            {
                error = -Errno.EBADF;
                return null;
            }

            if (file is SocketFile socket)
            {
                error = 0;
                return socket;
            }

            file.Drop();
            error = -Errno.ENOTSOCK;
            return null;
        }

        /// <summary>Copies a sockaddr of <paramref name="length"/> bytes into <paramref name="buffer"/> (AddressCapacity bytes): 0, -EINVAL or -EFAULT.</summary>
        public static long CopyAddressIn(ulong address, long length, byte* buffer)
        {
            if (length < 0 || length > SocketAbi.AddressCapacity)
            {
                return -Errno.EINVAL;
            }

            if (length == 0)
            {
                return 0;
            }

            return UserMemory.CopyFromUser(buffer, address, (ulong)length) ? 0 : -Errno.EFAULT;
        }

        /// <summary>
        /// Writes an address of <paramref name="length"/> bytes to the user's buffer, cut to the length the user gave
        /// at <paramref name="lengthAddress"/>, and the full length back there: 0, -EINVAL (a negative length) or -EFAULT.
        /// </summary>
        public static long CopyAddressOut(byte* buffer, int length, ulong address, ulong lengthAddress)
        {
            if (!UserMemory.Read(lengthAddress, out int capacity))
            {
                return -Errno.EFAULT;
            }

            if (capacity < 0)
            {
                return -Errno.EINVAL;
            }

            int copy = length < capacity ? length : capacity;
            if (copy > 0 && !UserMemory.CopyToUser(address, buffer, (ulong)copy))
            {
                return -Errno.EFAULT;
            }

            return UserMemory.Write(lengthAddress, length) ? 0 : -Errno.EFAULT;
        }
    }
}
