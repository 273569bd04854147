// The primitive type long; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Int64
    {
        public const long MinValue = unchecked((long)0x8000000000000000);
        public const long MaxValue = 9223372036854775807;

        private long _value;
    }
}
