// The global descriptor table and task-state segment. The selector order is fixed by `syscall`/`sysret`
// (Intel SDM vol. 2B, SYSRET): kernel code 0x08, kernel data 0x10, user data 0x18, user code 0x20, then the TSS.
using System.Runtime.InteropServices;

namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Gdt
    {
        public const ushort KernelCode = 0x08;
        public const ushort KernelData = 0x10;
        public const ushort UserData = 0x18 | 3;
        public const ushort UserCode = 0x20 | 3;
        public const ushort TaskState = 0x28;

        private const int EntryCount = 7;

        private static ulong* s_table;
        private static TaskStateSegment* s_tss;

        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        private struct TaskStateSegment
        {
            public uint Reserved0;
            public ulong Rsp0, Rsp1, Rsp2;
            public ulong Reserved1;
            public ulong Ist1, Ist2, Ist3, Ist4, Ist5, Ist6, Ist7;
            public ulong Reserved2;
            public ushort Reserved3;
            public ushort IoMapBase;
        }

        [StructLayout(LayoutKind.Sequential, Pack = 2)]
        private struct Pointer
        {
            public ushort Limit;
            public ulong Base;
        }

        /// <summary>Loads the table; <paramref name="faultStackTop"/> becomes IST1, used for double faults.</summary>
        public static void Initialize(ulong faultStackTop)
        {
            s_table = (ulong*)Memory.KernelHeap.Allocate((nuint)(EntryCount * 8));
            s_tss = (TaskStateSegment*)Memory.KernelHeap.Allocate((nuint)sizeof(TaskStateSegment));
            s_tss->IoMapBase = (ushort)sizeof(TaskStateSegment);
            s_tss->Ist1 = faultStackTop;

            s_table[0] = 0;
            s_table[1] = 0x00AF9A000000FFFF;    // 64-bit code, DPL 0
            s_table[2] = 0x00CF92000000FFFF;    // data, DPL 0
            s_table[3] = 0x00CFF2000000FFFF;    // data, DPL 3
            s_table[4] = 0x00AFFA000000FFFF;    // 64-bit code, DPL 3

            // A 16-byte system descriptor: available 64-bit TSS (type 9), present.
            ulong tssBase = (ulong)s_tss;
            ulong limit = (ulong)sizeof(TaskStateSegment) - 1;
            s_table[5] = (limit & 0xFFFF) | ((tssBase & 0xFFFFFF) << 16) | (0x89UL << 40) | (((limit >> 16) & 0xF) << 48) | (((tssBase >> 24) & 0xFF) << 56);
            s_table[6] = tssBase >> 32;

            Pointer pointer;
            pointer.Limit = (ushort)((EntryCount * 8) - 1);
            pointer.Base = (ulong)s_table;
            Cpu.LoadGdt(&pointer);
            Cpu.LoadTaskRegister(TaskState);
        }

        /// <summary>The stack the CPU switches to when an interrupt arrives in user mode.</summary>
        public static void SetKernelStack(ulong top) => s_tss->Rsp0 = top;
    }
}
