// One send or receive as the socket files see it, whatever call made it (read, write, sendto, recvfrom, sendmsg,
// recvmsg and their multi-message forms): the user buffers, the MSG_* flags, the peer address in kernel memory, and
// the control data (ancillary messages) in or out.
using Kiln.Kernel.Files;

namespace Kiln.Kernel.Sockets
{
    internal unsafe struct SocketMessage
    {
        public UserIo Io;

        /// <summary>The MSG_* flags the caller passed.</summary>
        public int Flags;

        /// <summary>
        /// Send: the destination address (kernel copy) or null. Receive: a buffer of SocketAbi.AddressCapacity bytes
        /// for the source, or null when the caller does not want it.
        /// </summary>
        public byte* Address;

        /// <summary>Send: the destination's length. Receive: the source's length as written (0: none).</summary>
        public int AddressLength;

        /// <summary>Send: the control data (kernel copy) and its length; null when there is none.</summary>
        public byte* Control;
        public int ControlLength;

        /// <summary>Receive: the user's control buffer, its size, and how much was written to it.</summary>
        public ulong ControlUser;
        public int ControlCapacity;
        public int ControlWritten;

        /// <summary>Receive: flags for msg_flags (MSG_TRUNC, MSG_CTRUNC, MSG_EOR).</summary>
        public int ResultFlags;

        public bool Peek => (Flags & SocketAbi.MSG_PEEK) != 0;

        public bool WaitAll => (Flags & SocketAbi.MSG_WAITALL) != 0;

        public static SocketMessage Over(ref UserIo io, int flags)
        {
            SocketMessage message = default;
            message.Io = io;
            message.Flags = flags;
            return message;
        }
    }
}
