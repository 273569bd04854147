// Reflection's type object. The kernel has no reflection; the compiler only needs the type to exist.
namespace System
{
    public abstract class Type
    {
    }
}
