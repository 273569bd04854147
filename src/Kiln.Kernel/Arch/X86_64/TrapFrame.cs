// The registers saved on the kernel stack by every entry path in traps.S, lowest address first.
using System.Runtime.InteropServices;

namespace Kiln.Kernel.Arch.X86_64
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;

        // Pushed by the vector stub (256 for `syscall`), then by the CPU or by the syscall entry.
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;

        public const ulong SyscallVector = 256;

        public bool FromUser => (Cs & 3) == 3;
    }
}
