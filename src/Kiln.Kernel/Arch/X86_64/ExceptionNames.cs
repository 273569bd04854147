// The names of the x86 exception vectors (Intel SDM vol. 3A, table 6-1), for panic messages.
namespace Kiln.Kernel.Arch.X86_64
{
    internal static class ExceptionNames
    {
        public static string Of(ulong vector) => vector switch
        {
            0 => "divide error (#DE) in the kernel",
            1 => "debug exception (#DB) in the kernel",
            2 => "non-maskable interrupt",
            3 => "breakpoint (#BP) in the kernel",
            4 => "overflow (#OF) in the kernel",
            5 => "bound range exceeded (#BR) in the kernel",
            6 => "invalid opcode (#UD) in the kernel",
            7 => "device not available (#NM) in the kernel",
            8 => "double fault (#DF)",
            10 => "invalid TSS (#TS)",
            11 => "segment not present (#NP)",
            12 => "stack-segment fault (#SS) in the kernel",
            13 => "general protection fault (#GP) in the kernel",
            14 => "page fault (#PF) in the kernel",
            16 => "x87 floating-point error (#MF) in the kernel",
            17 => "alignment check (#AC) in the kernel",
            18 => "machine check (#MC)",
            19 => "SIMD floating-point exception (#XM) in the kernel",
            _ => "unexpected CPU exception in the kernel",
        };
    }
}
