// Kernel buffers the inet sockets copy user data through: the stack takes and gives spans of kernel memory, so a send
// copies a piece of the user's buffers in before handing it over, and a receive copies out after. Pieces of 16 KiB
// less the heap's header (four pages), pooled: taken and given back within one call, never held across a wait.
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Sockets
{
    internal static unsafe class TransferBuffers
    {
        public const int Size = (4 * 4096) - 16;

        private const int PoolLimit = 16;

        private static readonly nint[] s_free = new nint[PoolLimit];
        private static int s_count;

        /// <summary>A buffer of Size bytes, or null when the heap is exhausted.</summary>
        public static byte* Take()
        {
            if (s_count > 0)
            {
                return (byte*)s_free[--s_count];
            }

            return (byte*)KernelHeap.TryAllocate(Size);
        }

        public static void Give(byte* buffer)
        {
            if (s_count < PoolLimit)
            {
                s_free[s_count++] = (nint)buffer;
                return;
            }

            KernelHeap.Free(buffer, Size);
        }
    }
}
