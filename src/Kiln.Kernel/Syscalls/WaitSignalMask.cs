// The signal mask argument of ppoll, pselect6 and epoll_pwait(2): installed for the length of the wait, and put
// back when the call returns without being interrupted (an interrupted call leaves it for signal delivery, which
// restores it after the handler runs).
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class WaitSignalMask
    {
        private const ulong SigsetSize = 8;

        /// <summary>Installs the mask at <paramref name="address"/> (none when null): 0, -EINVAL for a wrong size, -EFAULT.</summary>
        public static long Apply(ulong address, ulong size, out bool applied)
        {
            applied = false;
            if (address == 0)
            {
                return 0;
            }

            if (size != SigsetSize)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(address, out ulong mask))
            {
                return -Errno.EFAULT;
            }

            SignalDelivery.UseTemporaryMask(mask);
            applied = true;
            return 0;
        }

        /// <summary>Ends the temporary mask unless a signal interrupted the wait.</summary>
        public static long Finish(bool applied, long result)
        {
            if (applied && result != -Errno.EINTR)
            {
                SignalDelivery.RestoreTemporaryMask();
            }

            return result;
        }
    }
}
