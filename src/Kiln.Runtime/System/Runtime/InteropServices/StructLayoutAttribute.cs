// Fixes a struct's layout, as ABI structures shared with hardware and user programs need.
namespace System.Runtime.InteropServices
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public int Pack;
        public int Size;

        public StructLayoutAttribute(LayoutKind layoutKind)
        {
        }
    }
}
