// The primitive type double; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Double
    {
        private double _value;
    }
}
