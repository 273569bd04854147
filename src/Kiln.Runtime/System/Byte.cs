// The primitive type byte; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Byte
    {
        public const byte MinValue = 0;
        public const byte MaxValue = 255;

        private byte _value;
    }
}
