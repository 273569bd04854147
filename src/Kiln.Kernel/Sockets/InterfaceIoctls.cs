// The interface ioctls sockets answer (netdevice(7)): SIOCGIFCONF lists the interfaces with an IPv4 address;
// SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFFLAGS, SIOCGIFINDEX, SIOCGIFNAME, SIOCGIFHWADDR and SIOCGIFMTU
// read one interface of the stack by name (or by index for SIOCGIFNAME). struct ifreq is 40 bytes: a 16-byte name
// and a 24-byte union.
using System.Buffers.Binary;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Net;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Addresses;
using Kiln.Net.Netlink;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Sockets
{
    internal static unsafe class InterfaceIoctls
    {
        public const ulong SIOCGIFNAME = 0x8910;
        public const ulong SIOCGIFCONF = 0x8912;
        public const ulong SIOCGIFFLAGS = 0x8913;
        public const ulong SIOCGIFADDR = 0x8915;
        public const ulong SIOCGIFBRDADDR = 0x8919;
        public const ulong SIOCGIFNETMASK = 0x891B;
        public const ulong SIOCGIFMTU = 0x8921;
        public const ulong SIOCGIFHWADDR = 0x8927;
        public const ulong SIOCGIFINDEX = 0x8933;

        private const int RequestSize = 40;
        private const int NameSize = 16;

        /// <summary>
        /// Answers <paramref name="request"/> for a socket; the address requests belong to IPv4 (devinet_ioctl), so
        /// only <paramref name="inet"/> sockets answer them, others say ENOTTY as Linux does.
        /// </summary>
        public static long Handle(ulong request, ulong argument, bool inet)
        {
            switch (request)
            {
                case SIOCGIFCONF:
                    return Configuration(argument);
                case SIOCGIFADDR:
                case SIOCGIFBRDADDR:
                case SIOCGIFNETMASK:
                    return inet ? OneInterface(request, argument) : -Errno.ENOTTY;
                case SIOCGIFNAME:
                case SIOCGIFFLAGS:
                case SIOCGIFMTU:
                case SIOCGIFHWADDR:
                case SIOCGIFINDEX:
                    return OneInterface(request, argument);
                default:
                    return -Errno.ENOTTY;
            }
        }

        private static long OneInterface(ulong request, ulong argument)
        {
            byte* ifreq = stackalloc byte[RequestSize];
            if (!UserMemory.CopyFromUser(ifreq, argument, RequestSize))
            {
                return -Errno.EFAULT;
            }

            NetInterface found = request == SIOCGIFNAME ? ByIndex(*(int*)(ifreq + NameSize)) : ByName(ifreq);
            if (found == null)
            {
                return -Errno.ENODEV;
            }

            System.Span<byte> union = new System.Span<byte>(ifreq + NameSize, RequestSize - NameSize);
            switch (request)
            {
                case SIOCGIFNAME:
                    WriteName(ifreq, found);
                    break;
                case SIOCGIFFLAGS:
                    union.Clear();
                    BinaryPrimitives.WriteUInt16LittleEndian(union, (ushort)RouteNetlink.FlagsOf(found));
                    break;
                case SIOCGIFMTU:
                    union.Clear();
                    BinaryPrimitives.WriteInt32LittleEndian(union, found.Mtu);
                    break;
                case SIOCGIFINDEX:
                    union.Clear();
                    BinaryPrimitives.WriteInt32LittleEndian(union, found.Index);
                    break;
                case SIOCGIFHWADDR:
                    union.Clear();
                    BinaryPrimitives.WriteUInt16LittleEndian(union, found.IsLoopback ? RouteNetlink.ARPHRD_LOOPBACK : RouteNetlink.ARPHRD_ETHER);
                    BigEndian.WriteUInt48(union.Slice(2), found.MacAddress);
                    break;
                default:
                    if (!RouteNetlink.HasAddress(found))
                    {
                        return -Errno.EADDRNOTAVAIL;
                    }

                    uint mask = RouteNetlink.PrefixMask(found.Ipv4PrefixLength);
                    uint value = request == SIOCGIFADDR ? found.Ipv4Address
                        : request == SIOCGIFNETMASK ? mask
                        : found.Ipv4Address | ~mask;
                    InetSocketAddress.EncodeInet4(union, new Ipv4Endpoint(value, 0));
                    break;
            }

            return UserMemory.CopyToUser(argument, ifreq, RequestSize) ? 0 : -Errno.EFAULT;
        }

        // struct ifconf { int ifc_len; char *ifc_buf; }: a null buffer asks for the length needed.
        private static long Configuration(ulong argument)
        {
            long* ifconf = stackalloc long[2];
            if (!UserMemory.CopyFromUser(ifconf, argument, 16))
            {
                return -Errno.EFAULT;
            }

            int capacity = (int)ifconf[0];
            ulong buffer = (ulong)ifconf[1];
            NetStack stack = NetworkService.Stack;
            int written = 0;
            byte* ifreq = stackalloc byte[RequestSize];
            for (int i = 0; i < stack.InterfaceCount; i++)
            {
                NetInterface candidate = stack.GetInterface(i);
                if (candidate == null || !RouteNetlink.HasAddress(candidate))
                {
                    continue;
                }

                if (buffer != 0)
                {
                    if (written + RequestSize > capacity)
                    {
                        break;
                    }

                    new System.Span<byte>(ifreq, RequestSize).Clear();
                    WriteName(ifreq, candidate);
                    InetSocketAddress.EncodeInet4(new System.Span<byte>(ifreq + NameSize, RequestSize - NameSize), new Ipv4Endpoint(candidate.Ipv4Address, 0));
                    if (!UserMemory.CopyToUser(buffer + (ulong)written, ifreq, RequestSize))
                    {
                        return -Errno.EFAULT;
                    }
                }

                written += RequestSize;
            }

            return UserMemory.Write(argument, written) ? 0 : -Errno.EFAULT;
        }

        private static NetInterface ByIndex(int index)
        {
            NetStack stack = NetworkService.Stack;
            for (int i = 0; i < stack.InterfaceCount; i++)
            {
                NetInterface candidate = stack.GetInterface(i);
                if (candidate != null && candidate.Index == index)
                {
                    return candidate;
                }
            }

            return null;
        }

        private static NetInterface ByName(byte* ifreq)
        {
            NetStack stack = NetworkService.Stack;
            for (int i = 0; i < stack.InterfaceCount; i++)
            {
                NetInterface candidate = stack.GetInterface(i);
                if (candidate != null && NameMatches(ifreq, candidate.Name))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool NameMatches(byte* ifreq, string name)
        {
            if (name.Length >= NameSize)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (ifreq[i] != (byte)name[i])
                {
                    return false;
                }
            }

            return ifreq[name.Length] == 0;
        }

        private static void WriteName(byte* ifreq, NetInterface networkInterface)
        {
            for (int i = 0; i < NameSize; i++)
            {
                ifreq[i] = i < networkInterface.Name.Length ? (byte)networkInterface.Name[i] : (byte)0;
            }
        }
    }
}
