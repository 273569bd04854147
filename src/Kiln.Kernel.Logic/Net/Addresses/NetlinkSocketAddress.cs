// struct sockaddr_nl (netlink(7)): family, padding, the port id (nl_pid) and a multicast group mask, 12 bytes.
#nullable enable
using System;
using System.Buffers.Binary;
using Kiln.Linux;

namespace Kiln.Net.Addresses
{
    public static class NetlinkSocketAddress
    {
        public const int Size = 12;

        /// <summary>Reads a sockaddr_nl: 0, or -EINVAL when shorter than 12 bytes or not AF_NETLINK.</summary>
        public static long Decode(ReadOnlySpan<byte> address, out uint portId, out uint groups)
        {
            portId = 0;
            groups = 0;
            if (address.Length < Size || AddressFamily.Of(address) != AddressFamily.AF_NETLINK)
            {
                return -Errno.EINVAL;
            }

            portId = BinaryPrimitives.ReadUInt32LittleEndian(address.Slice(4));
            groups = BinaryPrimitives.ReadUInt32LittleEndian(address.Slice(8));
            return 0;
        }

        public static int Encode(Span<byte> destination, uint portId, uint groups)
        {
            destination.Slice(0, Size).Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AddressFamily.AF_NETLINK);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4), portId);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), groups);
            return Size;
        }
    }
}
