// The interrupt descriptor table: 256 gates into the stubs of traps.S (16 bytes apart), all interrupt gates so that
// the kernel runs with interrupts off; the double fault runs on its own stack (IST1). The breakpoint and overflow
// gates may be entered from user mode (`int3`, `into`), as on Linux, so that a program's int3 raises SIGTRAP.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Idt
    {
        private const int StubSize = 16;
        private const byte InterruptGate = 0x8E;
        private const byte UserInterruptGate = 0xEE;   // DPL 3
        private const ulong Breakpoint = 3;
        private const ulong Overflow = 4;
        private const ulong DoubleFault = 8;

        private static ulong* s_table;

        [StructLayout(LayoutKind.Sequential, Pack = 2)]
        private struct Pointer
        {
            public ushort Limit;
            public ulong Base;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_vectors")]
        private static extern void Vectors();

        public static void Initialize()
        {
            s_table = (ulong*)Memory.KernelHeap.Allocate(256 * 16);
            ulong stubs = (ulong)(delegate*<void>)&Vectors;
            for (ulong vector = 0; vector < 256; vector++)
            {
                ulong handler = stubs + (vector * StubSize);
                ulong ist = vector == DoubleFault ? 1UL : 0UL;
                ulong gate = vector == Breakpoint || vector == Overflow ? UserInterruptGate : InterruptGate;
                s_table[vector * 2] = (handler & 0xFFFF) | ((ulong)Gdt.KernelCode << 16) | (ist << 32) | (gate << 40) | (((handler >> 16) & 0xFFFF) << 48);
                s_table[(vector * 2) + 1] = handler >> 32;
            }

            Pointer pointer;
            pointer.Limit = (256 * 16) - 1;
            pointer.Base = (ulong)s_table;
            Cpu.LoadIdt(&pointer);
        }
    }
}
