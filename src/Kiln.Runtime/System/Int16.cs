// The primitive type short; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Int16
    {
        public const short MinValue = -32768;
        public const short MaxValue = 32767;

        private short _value;
    }
}
