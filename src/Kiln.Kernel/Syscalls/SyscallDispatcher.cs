// The path of every system call after traps.S: look the number up in the table, run the handler, store the result
// (a value or a negative errno) in rax. A number with no handler returns -ENOSYS and is counted, never faked.
using System.Runtime;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SyscallDispatcher
    {
        private const ulong RtSigreturnNumber = 15;

        [RuntimeExport("kiln_syscall")]
        private static void Dispatch(TrapFrame* frame)
        {
            ReturnToUser.Entered();
            ulong number = frame->Rax;
            SyscallArguments arguments;
            arguments.A0 = frame->Rdi;
            arguments.A1 = frame->Rsi;
            arguments.A2 = frame->Rdx;
            arguments.A3 = frame->R10;
            arguments.A4 = frame->R8;
            arguments.A5 = frame->R9;
            arguments.Frame = frame;

            delegate*<ref SyscallArguments, long> handler = SyscallTable.Lookup(number);
            long result = handler == null ? -Errno.ENOSYS : handler(ref arguments);
            // rt_sigreturn returns the interrupted code's rax, which may be an ENOSYS that was counted when it happened.
            if (result == -Errno.ENOSYS && number != RtSigreturnNumber)
            {
                SyscallStatistics.CountUnimplemented(number);
            }

            if (UserProcess.Trace)
            {
                SyscallTrace.Write(number, ref arguments, result);
            }

            frame->Rax = (ulong)result;
            ReturnToUser.Prepare(frame);
        }
    }
}
