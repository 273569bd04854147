// Per-type state for a lazy class constructor: the constructor's address until it has run, then zero.
using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices
{
    [StructLayout(LayoutKind.Sequential)]
    public struct StaticClassConstructionContext
    {
        public nint cctorMethodAddress;
    }
}
