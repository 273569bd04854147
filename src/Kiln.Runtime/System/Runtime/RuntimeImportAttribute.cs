// Binds an extern method to a native symbol: a direct call, with no transition frame.
namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string entry)
        {
        }

        public RuntimeImportAttribute(string dllName, string entry)
        {
        }
    }
}
