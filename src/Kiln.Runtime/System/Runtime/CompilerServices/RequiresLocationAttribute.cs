// Marks a ref readonly parameter.
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class RequiresLocationAttribute : Attribute
    {
    }
}
