// The modifier the compiler attaches to `where T : unmanaged` constraints.
namespace System.Runtime.InteropServices
{
    public enum UnmanagedType
    {
    }
}
