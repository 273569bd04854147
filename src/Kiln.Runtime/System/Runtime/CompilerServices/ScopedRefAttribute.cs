// Marks a scoped ref parameter.
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class ScopedRefAttribute : Attribute
    {
    }
}
