// The socket address families Kiln knows (include/linux/socket.h), the first field of every struct sockaddr.
namespace Kiln.Net.Addresses
{
    public static class AddressFamily
    {
        public const int AF_UNSPEC = 0;
        public const int AF_UNIX = 1;
        public const int AF_INET = 2;
        public const int AF_INET6 = 10;
        public const int AF_NETLINK = 16;
        public const int AF_PACKET = 17;

        /// <summary>The family of a sockaddr (its first two bytes, host order); -1 when it is shorter than that.</summary>
        public static int Of(System.ReadOnlySpan<byte> address) =>
            address.Length < 2 ? -1 : System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(address);
    }
}
