// One SACK block (RFC 2018): the sequence numbers of the first byte received and of the byte after the last.
namespace Kiln.Net
{
    public struct TcpSackBlock
    {
        public uint Left;
        public uint Right;

        public TcpSackBlock(uint left, uint right)
        {
            Left = left;
            Right = right;
        }
    }
}
