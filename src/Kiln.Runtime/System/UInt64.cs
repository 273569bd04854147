// The primitive type ulong; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct UInt64
    {
        public const ulong MinValue = 0;
        public const ulong MaxValue = 18446744073709551615;

        private ulong _value;
    }
}
