// virtio-net feature bits (virtio 1.2, 5.1.3 "Feature bits") and the transport ones a network driver cares about
// (6 "Reserved Feature Bits"), with their spec names so that a driver can say what a device offered.
using System;

namespace Kiln.Devices
{
    public static class VirtioNetFeatures
    {
        public const ulong VIRTIO_NET_F_CSUM = 1UL << 0;
        public const ulong VIRTIO_NET_F_GUEST_CSUM = 1UL << 1;
        public const ulong VIRTIO_NET_F_CTRL_GUEST_OFFLOADS = 1UL << 2;
        public const ulong VIRTIO_NET_F_MTU = 1UL << 3;
        public const ulong VIRTIO_NET_F_MAC = 1UL << 5;
        public const ulong VIRTIO_NET_F_GSO = 1UL << 6;
        public const ulong VIRTIO_NET_F_GUEST_TSO4 = 1UL << 7;
        public const ulong VIRTIO_NET_F_GUEST_TSO6 = 1UL << 8;
        public const ulong VIRTIO_NET_F_GUEST_ECN = 1UL << 9;
        public const ulong VIRTIO_NET_F_GUEST_UFO = 1UL << 10;
        public const ulong VIRTIO_NET_F_HOST_TSO4 = 1UL << 11;
        public const ulong VIRTIO_NET_F_HOST_TSO6 = 1UL << 12;
        public const ulong VIRTIO_NET_F_HOST_ECN = 1UL << 13;
        public const ulong VIRTIO_NET_F_HOST_UFO = 1UL << 14;
        public const ulong VIRTIO_NET_F_MRG_RXBUF = 1UL << 15;
        public const ulong VIRTIO_NET_F_STATUS = 1UL << 16;
        public const ulong VIRTIO_NET_F_CTRL_VQ = 1UL << 17;
        public const ulong VIRTIO_NET_F_CTRL_RX = 1UL << 18;
        public const ulong VIRTIO_NET_F_CTRL_VLAN = 1UL << 19;
        public const ulong VIRTIO_NET_F_CTRL_RX_EXTRA = 1UL << 20;
        public const ulong VIRTIO_NET_F_GUEST_ANNOUNCE = 1UL << 21;
        public const ulong VIRTIO_NET_F_MQ = 1UL << 22;
        public const ulong VIRTIO_NET_F_CTRL_MAC_ADDR = 1UL << 23;
        public const ulong VIRTIO_F_NOTIFY_ON_EMPTY = 1UL << 24;
        public const ulong VIRTIO_F_ANY_LAYOUT = 1UL << 27;
        public const ulong VIRTIO_F_RING_INDIRECT_DESC = 1UL << 28;
        public const ulong VIRTIO_F_RING_EVENT_IDX = 1UL << 29;
        public const ulong VIRTIO_F_BAD_FEATURE = 1UL << 30;
        public const ulong VIRTIO_F_VERSION_1 = 1UL << 32;
        public const ulong VIRTIO_F_ACCESS_PLATFORM = 1UL << 33;
        public const ulong VIRTIO_F_RING_PACKED = 1UL << 34;
        public const ulong VIRTIO_F_IN_ORDER = 1UL << 35;
        public const ulong VIRTIO_F_ORDER_PLATFORM = 1UL << 36;
        public const ulong VIRTIO_F_SR_IOV = 1UL << 37;
        public const ulong VIRTIO_F_NOTIFICATION_DATA = 1UL << 38;
        public const ulong VIRTIO_F_RING_RESET = 1UL << 40;
        public const ulong VIRTIO_NET_F_HOST_USO = 1UL << 56;
        public const ulong VIRTIO_NET_F_HASH_REPORT = 1UL << 57;
        public const ulong VIRTIO_NET_F_GUEST_HDRLEN = 1UL << 59;
        public const ulong VIRTIO_NET_F_RSS = 1UL << 60;
        public const ulong VIRTIO_NET_F_RSC_EXT = 1UL << 61;
        public const ulong VIRTIO_NET_F_STANDBY = 1UL << 62;
        public const ulong VIRTIO_NET_F_SPEED_DUPLEX = 1UL << 63;

        /// <summary>The spec's short name of feature bit <paramref name="bit"/> (without the VIRTIO_NET_F_ or
        /// VIRTIO_F_ prefix), or "" for a bit this list does not name.</summary>
        public static string Name(int bit)
        {
            switch (bit)
            {
                case 0: return "CSUM";
                case 1: return "GUEST_CSUM";
                case 2: return "CTRL_GUEST_OFFLOADS";
                case 3: return "MTU";
                case 5: return "MAC";
                case 6: return "GSO";
                case 7: return "GUEST_TSO4";
                case 8: return "GUEST_TSO6";
                case 9: return "GUEST_ECN";
                case 10: return "GUEST_UFO";
                case 11: return "HOST_TSO4";
                case 12: return "HOST_TSO6";
                case 13: return "HOST_ECN";
                case 14: return "HOST_UFO";
                case 15: return "MRG_RXBUF";
                case 16: return "STATUS";
                case 17: return "CTRL_VQ";
                case 18: return "CTRL_RX";
                case 19: return "CTRL_VLAN";
                case 20: return "CTRL_RX_EXTRA";
                case 21: return "GUEST_ANNOUNCE";
                case 22: return "MQ";
                case 23: return "CTRL_MAC_ADDR";
                case 24: return "NOTIFY_ON_EMPTY";
                case 27: return "ANY_LAYOUT";
                case 28: return "RING_INDIRECT_DESC";
                case 29: return "RING_EVENT_IDX";
                case 30: return "BAD_FEATURE";
                case 32: return "VERSION_1";
                case 33: return "ACCESS_PLATFORM";
                case 34: return "RING_PACKED";
                case 35: return "IN_ORDER";
                case 36: return "ORDER_PLATFORM";
                case 37: return "SR_IOV";
                case 38: return "NOTIFICATION_DATA";
                case 40: return "RING_RESET";
                case 56: return "HOST_USO";
                case 57: return "HASH_REPORT";
                case 59: return "GUEST_HDRLEN";
                case 60: return "RSS";
                case 61: return "RSC_EXT";
                case 62: return "STANDBY";
                case 63: return "SPEED_DUPLEX";
                default: return "";
            }
        }
    }
}
