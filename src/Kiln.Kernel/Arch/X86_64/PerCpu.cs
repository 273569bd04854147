// The per-CPU block %gs points at in the kernel, and the `syscall` set-up. The first two fields are read by
// traps.S (PERCPU_KERNEL_RSP, PERCPU_USER_RSP) and must stay first.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiln.Kernel.Arch.X86_64
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PerCpu
    {
        public ulong KernelStackTop;
        public ulong UserStackScratch;

        private static PerCpu* s_boot;

        public static PerCpu* Current => s_boot;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_syscall_entry")]
        private static extern void SyscallEntry();

        /// <summary>Sets up the boot CPU's block and the syscall MSRs (Intel SDM vol. 2B, SYSCALL).</summary>
        public static void InitializeBootCpu()
        {
            s_boot = (PerCpu*)Memory.KernelHeap.Allocate((nuint)sizeof(PerCpu));
            Cpu.WriteMsr(Msr.MSR_GS_BASE, (ulong)s_boot);
            Cpu.WriteMsr(Msr.MSR_KERNEL_GS_BASE, 0);
            Cpu.WriteMsr(Msr.MSR_STAR, ((ulong)(Gdt.KernelData | 0) << 48) | ((ulong)Gdt.KernelCode << 32));
            Cpu.WriteMsr(Msr.MSR_LSTAR, (ulong)(delegate*<void>)&SyscallEntry);

            // Entering the kernel clears IF (no interrupts until the kernel allows them), DF, TF and AC.
            Cpu.WriteMsr(Msr.MSR_FMASK, Msr.RFLAGS_IF | Msr.RFLAGS_DF | Msr.RFLAGS_TF | Msr.RFLAGS_AC);
        }

        /// <summary>The stack syscalls and user-mode interrupts run on: the current thread's kernel stack.</summary>
        public static void SetKernelStack(ulong top)
        {
            s_boot->KernelStackTop = top;
            Gdt.SetKernelStack(top);
        }
    }
}
