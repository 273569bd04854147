// Sending and receiving on sockets: sendto, recvfrom, sendmsg, recvmsg, sendmmsg and recvmmsg. Each builds a
// SocketMessage (the user buffers as a UserIo, the address and control data copied in) and hands it to the socket;
// the receive calls copy the source address, the control data's length and msg_flags back (recvmsg(2)).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Sockets;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SocketMessageCalls
    {
        private const int UIO_MAXIOV = 1024;
        private const int UIO_FASTIOV = 8;

        // struct msghdr: name (8), namelen (4 + 4 padding), iov (8), iovlen (8), control (8), controllen (8), flags (4 + 4).
        private const int MessageHeaderSize = 56;

        // struct mmsghdr: a msghdr and the count transferred (msg_len), padded to 64 bytes.
        private const int MultiHeaderSize = 64;

        // net.core.optmem_max: the most control data one sendmsg may carry.
        private const int ControlLimit = 131072;

        public static long Sendto(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            IoSegment segment;
            segment.Base = a.A1;
            segment.Length = a.A2;
            byte* address = stackalloc byte[SocketAbi.AddressCapacity];
            error = CheckSegments(&segment, 1);
            if (error == 0 && a.A4 != 0)
            {
                error = SocketArguments.CopyAddressIn(a.A4, (int)a.A5, address);
            }

            if (error == 0)
            {
                SocketMessage message = default;
                message.Io = UserIo.Over(&segment, 1);
                message.Flags = (int)a.A3;
                message.Address = a.A4 != 0 ? address : null;
                message.AddressLength = a.A4 != 0 ? (int)a.A5 : 0;
                error = socket.SendAndSignal(ref message);
            }

            socket.Drop();
            return error;
        }

        public static long Recvfrom(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            IoSegment segment;
            segment.Base = a.A1;
            segment.Length = a.A2;
            byte* address = stackalloc byte[SocketAbi.AddressCapacity];
            error = CheckSegments(&segment, 1);
            if (error == 0)
            {
                SocketMessage message = default;
                message.Io = UserIo.Over(&segment, 1);
                message.Flags = (int)a.A3;
                message.Address = a.A4 != 0 ? address : null;
                error = socket.Receive(ref message);
                if (error >= 0 && a.A4 != 0)
                {
                    long copied = SocketArguments.CopyAddressOut(address, message.AddressLength, a.A4, a.A5);
                    if (copied < 0)
                    {
                        error = copied;
                    }
                }
            }

            socket.Drop();
            return error;
        }

        public static long Sendmsg(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            error = SendOne(socket, a.A1, (int)a.A2);
            socket.Drop();
            return error;
        }

        public static long Recvmsg(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            error = ReceiveOne(socket, a.A1, (int)a.A2);
            socket.Drop();
            return error;
        }

        // sendmmsg(fd, msgvec, vlen, flags): as many messages as go, each count in its msg_len; an error on the first is
        // the result, a later one ends the batch.
        public static long Sendmmsg(ref SyscallArguments a)
        {
            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            uint count = (uint)a.A2 > UIO_MAXIOV ? UIO_MAXIOV : (uint)a.A2;
            long done = 0;
            for (uint i = 0; i < count; i++)
            {
                ulong header = a.A1 + ((ulong)i * MultiHeaderSize);
                long sent = SendOne(socket, header, (int)a.A3);
                if (sent < 0)
                {
                    error = sent;
                    break;
                }

                if (!UserMemory.Write(header + MessageHeaderSize, (uint)sent))
                {
                    error = -Errno.EFAULT;
                    break;
                }

                done++;
            }

            socket.Drop();
            return done > 0 ? done : error;
        }

        // recvmmsg(fd, msgvec, vlen, flags, timeout): MSG_WAITFORONE turns on MSG_DONTWAIT after the first message; the
        // timeout is looked at between messages, as on Linux.
        public static long Recvmmsg(ref SyscallArguments a)
        {
            ulong deadline = Scheduler.Forever;
            if (a.A4 != 0)
            {
                long read = WaitTimeout.ReadTimespec(a.A4, out deadline);
                if (read < 0)
                {
                    return read;
                }
            }

            SocketFile socket = SocketArguments.Acquire(a.A0, out long error);
            if (socket == null)
            {
                return error;
            }

            int flags = (int)a.A3;
            uint count = (uint)a.A2 > UIO_MAXIOV ? UIO_MAXIOV : (uint)a.A2;
            long done = 0;
            for (uint i = 0; i < count; i++)
            {
                ulong header = a.A1 + ((ulong)i * MultiHeaderSize);
                long received = ReceiveOne(socket, header, flags);
                if (received < 0)
                {
                    error = received;
                    break;
                }

                if (!UserMemory.Write(header + MessageHeaderSize, (uint)received))
                {
                    error = -Errno.EFAULT;
                    break;
                }

                done++;
                if ((flags & SocketAbi.MSG_WAITFORONE) != 0)
                {
                    flags |= SocketAbi.MSG_DONTWAIT;
                }

                if (deadline != Scheduler.Forever && Clock.MonotonicNs() >= deadline)
                {
                    break;
                }
            }

            socket.Drop();
            return done > 0 ? done : error;
        }

        private static long SendOne(SocketFile socket, ulong headerAddress, int flags)
        {
            ulong* header = stackalloc ulong[MessageHeaderSize / 8];
            if (!UserMemory.CopyFromUser(header, headerAddress, MessageHeaderSize))
            {
                return -Errno.EFAULT;
            }

            ulong nameAddress = header[0];
            int nameLength = (int)(uint)header[1];
            ulong controlAddress = header[4];
            ulong controlLength = header[5];
            if (controlLength > int.MaxValue)
            {
                return -Errno.ENOBUFS;
            }

            byte* address = stackalloc byte[SocketAbi.AddressCapacity];
            if (nameAddress != 0)
            {
                long copied = SocketArguments.CopyAddressIn(nameAddress, nameLength, address);
                if (copied < 0)
                {
                    return copied;
                }
            }

            IoSegment* fast = stackalloc IoSegment[UIO_FASTIOV];
            long error = LoadSegments(header[2], header[3], fast, out IoSegment* segments);
            if (error < 0)
            {
                return error;
            }

            byte* control = null;
            if (controlLength > 0)
            {
                control = controlLength <= ControlLimit ? (byte*)KernelHeap.TryAllocate((nuint)controlLength) : null;
                if (control == null)
                {
                    error = -Errno.ENOBUFS;
                }
                else if (!UserMemory.CopyFromUser(control, controlAddress, controlLength))
                {
                    error = -Errno.EFAULT;
                }
            }

            if (error == 0)
            {
                SocketMessage message = default;
                message.Io = UserIo.Over(segments, (int)header[3]);
                message.Flags = flags;
                message.Address = nameAddress != 0 && nameLength > 0 ? address : null;
                message.AddressLength = nameAddress != 0 ? nameLength : 0;
                message.Control = control;
                message.ControlLength = (int)controlLength;
                error = socket.SendAndSignal(ref message);
            }

            if (control != null)
            {
                KernelHeap.Free(control, (nuint)controlLength);
            }

            FreeSegments(segments, fast, header[3]);
            return error;
        }

        private static long ReceiveOne(SocketFile socket, ulong headerAddress, int flags)
        {
            ulong* header = stackalloc ulong[MessageHeaderSize / 8];
            if (!UserMemory.CopyFromUser(header, headerAddress, MessageHeaderSize))
            {
                return -Errno.EFAULT;
            }

            ulong nameAddress = header[0];
            IoSegment* fast = stackalloc IoSegment[UIO_FASTIOV];
            long error = LoadSegments(header[2], header[3], fast, out IoSegment* segments);
            if (error < 0)
            {
                return error;
            }

            byte* address = stackalloc byte[SocketAbi.AddressCapacity];
            SocketMessage message = default;
            message.Io = UserIo.Over(segments, (int)header[3]);
            message.Flags = flags;
            message.Address = nameAddress != 0 ? address : null;
            message.ControlUser = header[4];
            message.ControlCapacity = header[5] > int.MaxValue ? int.MaxValue : (int)header[5];
            long result = socket.Receive(ref message);
            FreeSegments(segments, fast, header[3]);
            if (result < 0)
            {
                return result;
            }

            // msg_namelen (only with a name buffer), msg_controllen and msg_flags go back to the caller.
            if (nameAddress != 0)
            {
                error = SocketArguments.CopyAddressOut(address, message.AddressLength, nameAddress, headerAddress + 8);
                if (error < 0)
                {
                    return error;
                }
            }

            if (!UserMemory.Write(headerAddress + 40, (ulong)message.ControlWritten)
                || !UserMemory.Write(headerAddress + 48, message.ResultFlags))
            {
                return -Errno.EFAULT;
            }

            return result;
        }

        /// <summary>Copies an iovec array in (into <paramref name="fast"/> when it has at most 8 entries) and checks each buffer.</summary>
        private static long LoadSegments(ulong vector, ulong count, IoSegment* fast, out IoSegment* segments)
        {
            segments = fast;
            if (count > UIO_MAXIOV)
            {
                return -Errno.EMSGSIZE;
            }

            if (count > UIO_FASTIOV)
            {
                segments = (IoSegment*)KernelHeap.TryAllocate((nuint)(count * 16));
                if (segments == null)
                {
                    segments = fast;
                    return -Errno.ENOMEM;
                }
            }

            long error = count == 0 || UserMemory.CopyFromUser(segments, vector, count * 16) ? CheckSegments(segments, (int)count) : -Errno.EFAULT;
            if (error < 0)
            {
                FreeSegments(segments, fast, count);
                segments = fast;
            }

            return error;
        }

        private static void FreeSegments(IoSegment* segments, IoSegment* fast, ulong count)
        {
            if (segments != fast)
            {
                KernelHeap.Free(segments, (nuint)(count * 16));
            }
        }

        // Each buffer must lie in the user half (access_ok) and no length may be negative as a ssize_t.
        private static long CheckSegments(IoSegment* segments, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if ((long)segments[i].Length < 0)
                {
                    return -Errno.EINVAL;
                }

                if (segments[i].Length != 0 && !UserAddressSpace.IsUserRange(segments[i].Base, segments[i].Length))
                {
                    return -Errno.EFAULT;
                }
            }

            return 0;
        }
    }
}
