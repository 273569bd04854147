// The primitive type bool; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Boolean
    {
        private bool _value;
    }
}
