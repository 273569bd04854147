// The hooks the core library needs from the kernel: memory for new objects, and a way to stop with a message.
// The kernel exports these symbols with [RuntimeExport]; the linker joins the two.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    internal static unsafe class RuntimeImports
    {
        /// <summary>Returns <paramref name="size"/> zeroed bytes, 16-byte aligned, or panics when memory is exhausted.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "kiln_runtime_allocate")]
        internal static extern void* Allocate(nuint size);

        /// <summary>Gives back a block that <see cref="Allocate"/> returned for <paramref name="size"/> bytes.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "kiln_runtime_free")]
        internal static extern void Free(void* block, nuint size);

        /// <summary>Stops the kernel with a message and a backtrace; never returns.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "kiln_runtime_panic")]
        internal static extern void Panic(char* message);

        internal static void Panic(string message)
        {
            fixed (char* text = message)
            {
                Panic(text);
            }
        }
    }
}
