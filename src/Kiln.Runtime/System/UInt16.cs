// The primitive type ushort; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct UInt16
    {
        public const ushort MinValue = 0;
        public const ushort MaxValue = 65535;

        private ushort _value;
    }
}
