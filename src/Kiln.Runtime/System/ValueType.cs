// The base class of every struct.
namespace System
{
    public abstract class ValueType
    {
    }
}
