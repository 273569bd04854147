// The primitive type uint; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct UInt32
    {
        public const uint MinValue = 0;
        public const uint MaxValue = 4294967295;

        private uint _value;
    }
}
