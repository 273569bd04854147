// Prints a trap frame's registers, four to a line.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class RegisterDump
    {
        public static void Write(TrapFrame* f)
        {
            Row("rip", f->Rip, "rsp", f->Rsp, "rbp", f->Rbp, "rflags", f->Rflags);
            Row("rax", f->Rax, "rbx", f->Rbx, "rcx", f->Rcx, "rdx", f->Rdx);
            Row("rsi", f->Rsi, "rdi", f->Rdi, "r8", f->R8, "r9", f->R9);
            Row("r10", f->R10, "r11", f->R11, "r12", f->R12, "r13", f->R13);
            Row("r14", f->R14, "r15", f->R15, "cs", f->Cs, "ss", f->Ss);
        }

        private static void Row(string n1, ulong v1, string n2, ulong v2, string n3, ulong v3, string n4, ulong v4)
        {
            KernelLog.Write("kiln:  ");
            Cell(n1, v1);
            Cell(n2, v2);
            Cell(n3, v3);
            Cell(n4, v4);
            KernelLog.WriteLine();
        }

        private static void Cell(string name, ulong value)
        {
            KernelLog.Write(" ");
            for (int pad = name.Length; pad < 6; pad++)
            {
                KernelLog.Put((byte)' ');
            }

            KernelLog.Write(name);
            KernelLog.Write("=");
            KernelLog.WriteHex(value);
        }
    }
}
