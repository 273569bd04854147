// The registers saved on the kernel stack by every entry path in traps.S, lowest address first.
using System.Runtime.InteropServices;

namespace Kiln.Kernel.Arch.X86_64
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;

        // Pushed by the vector stub (256 for `syscall`), then by the CPU or by the syscall entry. For a system call the
        // error-code slot holds the call number as it entered (rax then carries the result), so a call interrupted
        // by a signal can be restarted.
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;

        public const ulong SyscallVector = 256;

        public bool FromUser => (Cs & 3) == 3;

        public bool IsSyscall => Vector == SyscallVector;

        public ulong SyscallNumber => ErrorCode;
    }
}
