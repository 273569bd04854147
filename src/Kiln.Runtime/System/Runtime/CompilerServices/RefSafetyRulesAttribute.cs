// Records which ref-safety rules a module was compiled with.
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Module)]
    public sealed class RefSafetyRulesAttribute : Attribute
    {
        public RefSafetyRulesAttribute(int version)
        {
        }
    }
}
