// Marks a method whose body the compiler supplies itself.
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Field)]
    internal sealed class IntrinsicAttribute : Attribute
    {
    }
}
