// struct sockaddr_un (unix(7)): a path name, an abstract name (sun_path starts with a NUL byte; every byte up to
// the given length counts), or unnamed (only the family). The decoded name keeps Linux's rules: a path ends at its
// first NUL within the given length; sun_path holds at most 108 bytes.
#nullable enable
using System;
using System.Buffers.Binary;
using Kiln.Linux;

namespace Kiln.Net.Addresses
{
    public static class UnixSocketAddress
    {
        /// <summary>sizeof(struct sockaddr_un): the family and 108 bytes of sun_path.</summary>
        public const int Size = 110;

        public const int PathCapacity = 108;

        /// <summary>
        /// Finds the name in a sockaddr_un of <paramref name="address"/>.Length bytes: 0 with where the name starts
        /// (always 2) and its length (for an abstract name, the leading NUL included; for a path, up to its first NUL)
        /// and whether it is abstract; -EINVAL for a wrong family, a length of at most the family or past 110 bytes.
        /// An empty name (length 0) means "autobind" to bind and is -EINVAL to connect; the caller decides.
        /// </summary>
        public static long Decode(ReadOnlySpan<byte> address, out int nameLength, out bool isAbstract)
        {
            nameLength = 0;
            isAbstract = false;
            if (address.Length < 2 || address.Length > Size || AddressFamily.Of(address) != AddressFamily.AF_UNIX)
            {
                return -Errno.EINVAL;
            }

            ReadOnlySpan<byte> path = address.Slice(2);
            if (path.Length == 0)
            {
                return 0;
            }

            if (path[0] == 0)
            {
                isAbstract = true;
                nameLength = path.Length;
                return 0;
            }

            int length = 0;
            while (length < path.Length && path[length] != 0)
            {
                length++;
            }

            nameLength = length;
            return 0;
        }

        /// <summary>
        /// Writes a sockaddr_un for a name as getsockname, getpeername, accept and recvfrom report it: the family
        /// alone for an unnamed socket, family + path + NUL for a path, family + name for an abstract name. The
        /// length reported (not truncated: the caller copies what fits).
        /// </summary>
        public static int Encode(Span<byte> destination, ReadOnlySpan<byte> name, bool isAbstract)
        {
            destination.Slice(0, Size).Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AddressFamily.AF_UNIX);
            name.CopyTo(destination.Slice(2));
            if (name.Length == 0)
            {
                return 2;
            }

            return isAbstract || name.Length == PathCapacity ? 2 + name.Length : 2 + name.Length + 1;
        }
    }
}
