// The compiler looks this interface up by name; Kiln has no dynamic casts, so it resolves nothing.
namespace System.Runtime.InteropServices
{
    public interface IDynamicInterfaceCastable
    {
        private static nint GetDynamicInterfaceImplementation(object instance, nint interfaceType, ushort slot) => 0;
    }
}
