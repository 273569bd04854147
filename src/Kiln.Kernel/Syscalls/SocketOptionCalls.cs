// setsockopt and getsockopt: the value is copied through a kernel buffer of 256 bytes (no option Kiln knows is
// longer), the socket interprets it, and getsockopt writes back the value and its length (socket(7)).
using Kiln.Kernel.Memory;
using Kiln.Kernel.Sockets;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SocketOptionCalls
    {
        private const int ValueCapacity = 256;

        // setsockopt(fd, level, name, value, length)
        public static long Setsockopt(ref SyscallArguments a)
        {
            int length = (int)a.A4;
            if (length < 0)
            {
                return -Errno.EINVAL;
            }

            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            byte* value = stackalloc byte[ValueCapacity];
            int copy = length < ValueCapacity ? length : ValueCapacity;
            if (copy > 0 && !UserMemory.CopyFromUser(value, a.A3, (ulong)copy))
            {
                error = -Errno.EFAULT;
            }
            else
            {
                error = socket.SetOption((int)a.A1, (int)a.A2, value, copy);
            }

            socket.Drop();
            return error;
        }

        // getsockopt(fd, level, name, value, length*)
        public static long Getsockopt(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            if (!UserMemory.Read(a.A4, out int length))
            {
                socket.Drop();
                return -Errno.EFAULT;
            }

            if (length < 0)
            {
                socket.Drop();
                return -Errno.EINVAL;
            }

            byte* value = stackalloc byte[ValueCapacity];
            if (length > ValueCapacity)
            {
                length = ValueCapacity;
            }

            error = socket.GetOption((int)a.A1, (int)a.A2, value, ref length);
            socket.Drop();
            if (error < 0)
            {
                return error;
            }

            if (length > 0 && !UserMemory.CopyToUser(a.A3, value, (ulong)length))
            {
                return -Errno.EFAULT;
            }

            return UserMemory.Write(a.A4, length) ? 0 : -Errno.EFAULT;
        }
    }
}
