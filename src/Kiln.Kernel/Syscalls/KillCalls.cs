// Sending signals: kill (to the process: Kiln runs one, so only its own pid, 0 and -1 name anything), tgkill and
// tkill (to one of its threads). Signal 0 checks that the target exists and sends nothing.
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class KillCalls
    {
        // kill(pid, signal)
        public static long Kill(ref SyscallArguments a)
        {
            int pid = (int)a.A0;
            int signal = (int)a.A1;
            if (pid != UserProcess.Pid && pid != 0 && pid != -1)
            {
                return -Errno.ESRCH;
            }

            if (signal < 0 || signal > SignalNumbers.Count)
            {
                return -Errno.EINVAL;
            }

            if (signal != 0)
            {
                SignalDelivery.SendToProcess(SigInfo.FromSender(signal, SigInfo.SI_USER, UserProcess.Pid, 0));
            }

            return 0;
        }

        // tgkill(tgid, tid, signal)
        public static long Tgkill(ref SyscallArguments a)
        {
            int tgid = (int)a.A0;
            if (tgid <= 0)
            {
                return -Errno.EINVAL;
            }

            return SendToThread(tgid, (int)a.A1, (int)a.A2);
        }

        // tkill(tid, signal)
        public static long Tkill(ref SyscallArguments a) => SendToThread(0, (int)a.A0, (int)a.A1);

        private static long SendToThread(int tgid, int tid, int signal)
        {
            if (tid <= 0)
            {
                return -Errno.EINVAL;
            }

            Thread target = ThreadRegistry.Find(tid);
            if (target == null || (tgid != 0 && tgid != UserProcess.Pid))
            {
                return -Errno.ESRCH;
            }

            if (signal < 0 || signal > SignalNumbers.Count)
            {
                return -Errno.EINVAL;
            }

            if (signal != 0)
            {
                SignalDelivery.SendToThread(target, SigInfo.FromSender(signal, SigInfo.SI_TKILL, UserProcess.Pid, 0));
            }

            return 0;
        }
    }
}
