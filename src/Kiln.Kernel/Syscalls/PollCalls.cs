// poll and ppoll over the readiness model: every pollfd's file is polled; if none is ready and time remains, the
// call observes them all and sleeps until one changes, the timeout passes, or a signal arrives (EINTR). A negative
// fd is skipped, a closed one reports POLLNVAL; EPOLLERR and EPOLLHUP are reported whether asked for or not.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class PollCalls
    {
        // struct pollfd { int fd; short events; short revents; }
        private const int PollFdSize = 8;
        private const int OnStack = 32;

        public static long Poll(ref SyscallArguments a) =>
            DoPoll(a.A0, a.A1, WaitTimeout.FromMilliseconds((int)a.A2));

        // ppoll(fds, nfds, timeout as a timespec (null: forever), sigmask, sigsetsize): the time left is written back.
        public static long Ppoll(ref SyscallArguments a)
        {
            long error = WaitTimeout.ReadTimespec(a.A2, out ulong deadline);
            if (error != 0)
            {
                return error;
            }

            error = WaitSignalMask.Apply(a.A3, a.A4, out bool applied);
            if (error != 0)
            {
                return error;
            }

            long result = DoPoll(a.A0, a.A1, deadline);
            WaitTimeout.WriteRemaining(a.A2, deadline, timeval: false);
            return WaitSignalMask.Finish(applied, result);
        }

        private static long DoPoll(ulong address, ulong count, ulong deadline)
        {
            if (count > (ulong)InfoCalls.OpenFileLimit)
            {
                return -Errno.EINVAL;
            }

            ulong bytes = count * PollFdSize;
            int* onStack = stackalloc int[OnStack * 2];
            int* fds = count <= OnStack ? onStack : (int*)KernelHeap.TryAllocate((nuint)bytes);
            if (fds == null)
            {
                return -Errno.ENOMEM;
            }

            long result = UserMemory.CopyFromUser(fds, address, bytes) ? PollFds(fds, (int)count, deadline) : -Errno.EFAULT;
            if (result != -Errno.EFAULT)
            {
                // Linux writes every revents back, whatever the outcome of the wait.
                for (ulong i = 0; i < count; i++)
                {
                    if (!UserMemory.Write(address + (i * PollFdSize) + 6, *(short*)((byte*)(fds + (i * 2)) + 6)))
                    {
                        result = -Errno.EFAULT;
                        break;
                    }
                }
            }

            if (fds != onStack)
            {
                KernelHeap.Free(fds, (nuint)bytes);
            }

            return result;
        }

        private static long PollFds(int* fds, int count, ulong deadline)
        {
            FileTable table = FileTable.Current;
            PollSet set = PollSet.Obtain();
            int invalid = 0;
            for (int i = 0; i < count; i++)
            {
                int fd = fds[i * 2];
                ushort events = *(ushort*)((byte*)(fds + (i * 2)) + 4);
                short* revents = (short*)((byte*)(fds + (i * 2)) + 6);
                *revents = 0;
                if (fd < 0)
                {
                    continue;
                }

                OpenFile file = table.Acquire(fd);
                if (file == null)
                {
                    *revents = (short)PollEvents.EPOLLNVAL;
                    invalid++;
                    continue;
                }

                set.Add(file, events | PollEvents.EPOLLERR | PollEvents.EPOLLHUP, i);
            }

            long result = set.Run(deadline, alreadyReady: invalid > 0);
            if (result >= 0)
            {
                for (int i = 0; i < set.Count; i++)
                {
                    PollEntry entry = set[i];
                    *(short*)((byte*)(fds + (entry.Key * 2)) + 6) = (short)entry.Ready;
                }

                result += invalid;
            }

            set.Recycle();
            return result;
        }
    }
}
