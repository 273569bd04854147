// The compiler-recognised attribute Flags.
namespace System
{
    [AttributeUsage(AttributeTargets.Enum)]
    public sealed class FlagsAttribute : Attribute
    {
    }
}
