// A handle the compiler uses for ldtoken; the kernel does not inspect it.
namespace System
{
    public struct RuntimeMethodHandle
    {
        private IntPtr _value;
    }
}
