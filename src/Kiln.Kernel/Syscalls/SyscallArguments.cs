// A system call's six arguments (rdi, rsi, rdx, r10, r8, r9 per the x86-64 Linux ABI) and the frame they came from.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Syscalls
{
    internal unsafe struct SyscallArguments
    {
        public ulong A0, A1, A2, A3, A4, A5;
        public TrapFrame* Frame;
    }
}
