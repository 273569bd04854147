// The primitive type sbyte; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct SByte
    {
        private sbyte _value;
    }
}
