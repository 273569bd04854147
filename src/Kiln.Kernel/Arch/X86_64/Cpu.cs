// The x86-64 instructions C# cannot express, imported from cpu.S by symbol name (direct calls, no transition).
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_outb")]
        internal static extern void OutByte(ushort port, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_inb")]
        internal static extern byte InByte(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_outw")]
        internal static extern void OutWord(ushort port, ushort value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_inw")]
        internal static extern ushort InWord(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_outl")]
        internal static extern void OutDword(ushort port, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_inl")]
        internal static extern uint InDword(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_read_cr0")]
        internal static extern ulong ReadCr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_read_cr2")]
        internal static extern ulong ReadCr2();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_read_cr3")]
        internal static extern ulong ReadCr3();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_write_cr3")]
        internal static extern void WriteCr3(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_read_cr4")]
        internal static extern ulong ReadCr4();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_write_cr4")]
        internal static extern void WriteCr4(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_invlpg")]
        internal static extern void InvalidatePage(ulong address);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_rdmsr")]
        internal static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_wrmsr")]
        internal static extern void WriteMsr(uint msr, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_cpuid")]
        internal static extern void CpuId(uint leaf, uint subleaf, uint* registers);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_rdtsc")]
        internal static extern ulong ReadTimeStampCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_rdrand64")]
        internal static extern bool RdRand(ulong* value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_rdseed64")]
        internal static extern bool RdSeed(ulong* value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_lgdt")]
        internal static extern void LoadGdt(void* pointer);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_lidt")]
        internal static extern void LoadIdt(void* pointer);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_ltr")]
        internal static extern void LoadTaskRegister(ushort selector);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_halt")]
        internal static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_read32")]
        internal static extern uint ReadMmio32(void* register);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_write32")]
        internal static extern void WriteMmio32(void* register, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_read8")]
        internal static extern byte ReadMmio8(void* register);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_write8")]
        internal static extern void WriteMmio8(void* register, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_read16")]
        internal static extern ushort ReadMmio16(void* register);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_mmio_write16")]
        internal static extern void WriteMmio16(void* register, ushort value);

        /// <summary>mfence: stores before it are visible before loads after it (x86 may otherwise pass a load ahead of a store).</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_memory_fence")]
        internal static extern void MemoryFence();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_switch")]
        internal static extern void SwitchStacks(ulong* saveStackPointer, ulong newStackPointer);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_disable_interrupts")]
        internal static extern void DisableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_read_rbp")]
        internal static extern ulong ReadFramePointer();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_stac")]
        internal static extern void AllowUserAccess();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_clac")]
        internal static extern void ForbidUserAccess();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memcpy")]
        internal static extern void* CopyMemory(void* destination, void* source, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memset")]
        internal static extern void* FillMemory(void* destination, int value, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_enter_user")]
        internal static extern void EnterUser(TrapFrame* frame, void* fpuState);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_fxsave")]
        internal static extern void SaveFpu(void* area);
    }
}
