// The primitive type float; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Single
    {
        private float _value;
    }
}
