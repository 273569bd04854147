// Packets with checksums computed outside Kiln (an independent Python reference of RFC 1071 plus the pseudo-header).
namespace Kiln.Kernel.Logic.Tests.Net
{
    internal static class KnownPackets
    {
        public const uint Udp1 = 0xC0A80001;   // 192.168.0.1
        public const uint Udp2 = 0xC0A80002;   // 192.168.0.2
        public const uint Guest = 0x0A00020F;  // 10.0.2.15
        public const uint Host = 0x0A000202;   // 10.0.2.2

        /// <summary>192.168.0.1:1234 -> 192.168.0.2:53, payload "hello", checksum field zero (correct: 0x35A7).</summary>
        public static byte[] UdpHello() => new byte[]
        {
            0x04, 0xD2, 0x00, 0x35, 0x00, 0x0D, 0x00, 0x00, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o',
        };

        /// <summary>10.0.2.15:40000 -> 10.0.2.2:80 SYN, seq 0x01020304, window 64240, options as Linux orders them:
        /// MSS 1460, SACK-permitted, timestamps 1/0, NOP, window scale 7 (correct checksum 0x9467).</summary>
        public static byte[] LinuxStyleSyn(ushort checksum) => new byte[]
        {
            0x9C, 0x40, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, 0xA0, 0x02, 0xFA, 0xF0,
            (byte)(checksum >> 8), (byte)checksum, 0, 0,
            2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
        };
    }
}
