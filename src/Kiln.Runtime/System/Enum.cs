// The base class of every enum.
namespace System
{
    public abstract class Enum : ValueType
    {
    }
}
