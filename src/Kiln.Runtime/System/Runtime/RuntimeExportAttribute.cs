// Exports a managed method under a native symbol name (the compiler's helpers, and the runtime's hooks).
namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry)
        {
        }
    }
}
