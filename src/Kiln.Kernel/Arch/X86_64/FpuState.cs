// A thread's saved user x87/SSE state: the 512-byte fxsave-format area below its TrapFrame. A system call saves only
// xmm0-15 there and leaves the x87 registers, control words and MXCSR live in the CPU (the kernel never touches
// them), marking the area partial; Complete turns it into a whole fxsave image while the thread still owns the CPU,
// before a switch, a signal frame or clone reads it (see traps.S).
namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class FpuState
    {
        public const int Size = 512;

        /// <summary>A software-available word of the fxsave format (bytes 464-511 are ignored by fxrstor).</summary>
        public const int PartialFlagOffset = 464;

        private const int LegacyPartSize = 160;   // FCW ... MXCSR_MASK and ST0-ST7: what a partial save left live

        /// <summary>Makes <paramref name="area"/> a whole image; only for the thread running on this CPU.</summary>
        public static void Complete(void* area)
        {
            byte* bytes = (byte*)area;
            if (*(ulong*)(bytes + PartialFlagOffset) == 0)
            {
                return;
            }

            byte* buffer = stackalloc byte[Size + 16];
            byte* aligned = (byte*)(((ulong)buffer + 15) & ~15UL);
            Cpu.SaveFpu(aligned);
            Cpu.CopyMemory(bytes, aligned, LegacyPartSize);
            MarkWhole(area);
        }

        /// <summary>Says the area holds a whole image (written by fxsave or by the kernel), restored with fxrstor.</summary>
        public static void MarkWhole(void* area) => *(ulong*)((byte*)area + PartialFlagOffset) = 0;
    }
}
