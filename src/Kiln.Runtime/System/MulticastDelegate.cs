// The base class of every C# delegate type. Kiln supports single-target delegates only.
namespace System
{
    public abstract class MulticastDelegate : Delegate
    {
    }
}
