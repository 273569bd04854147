// The base class of every attribute.
namespace System
{
    public abstract class Attribute
    {
    }
}
