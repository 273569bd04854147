// The primitive type char; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Char
    {
        private char _value;
    }
}
