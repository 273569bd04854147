// The TCP control bits (RFC 9293 3.1, with CWR and ECE from RFC 3168), as they sit in byte 13 of the header.
namespace Kiln.Net
{
    public static class TcpFlags
    {
        public const byte FIN = 0x01;
        public const byte SYN = 0x02;
        public const byte RST = 0x04;
        public const byte PSH = 0x08;
        public const byte ACK = 0x10;
        public const byte URG = 0x20;
        public const byte ECE = 0x40;
        public const byte CWR = 0x80;
    }
}
