// The runtime's concrete Type; empty, because the compiler expects to find it.
namespace System
{
    internal sealed class RuntimeType : Type
    {
    }
}
