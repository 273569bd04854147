// select and pselect6 over the readiness model: the descriptors in the three sets are polled (read: readable, hung
// up or failed; write: writable or failed; except: urgent data), and the call sleeps as poll does. A descriptor in a
// set that is not open is EBADF. The sets come back holding only what is ready, and the time left is written back.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SelectCalls
    {
        // fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET.
        private const uint InSet = PollEvents.EPOLLRDNORM | PollEvents.EPOLLRDBAND | PollEvents.EPOLLIN | PollEvents.EPOLLHUP | PollEvents.EPOLLERR;
        private const uint OutSet = PollEvents.EPOLLWRBAND | PollEvents.EPOLLWRNORM | PollEvents.EPOLLOUT | PollEvents.EPOLLERR;
        private const uint ExSet = PollEvents.EPOLLPRI;

        private const int WordsOnStack = 16;

        // select(nfds, readfds, writefds, exceptfds, timeout as a timeval (null: forever))
        public static long Select(ref SyscallArguments a)
        {
            long error = WaitTimeout.ReadTimeval(a.A4, out ulong deadline);
            if (error != 0)
            {
                return error;
            }

            long result = DoSelect((long)(int)a.A0, a.A1, a.A2, a.A3, deadline);
            WaitTimeout.WriteRemaining(a.A4, deadline, timeval: true);
            return result;
        }

        // pselect6(nfds, readfds, writefds, exceptfds, timeout as a timespec, { const sigset_t *mask; size_t size } *)
        public static long Pselect6(ref SyscallArguments a)
        {
            long error = WaitTimeout.ReadTimespec(a.A4, out ulong deadline);
            if (error != 0)
            {
                return error;
            }

            ulong mask = 0;
            ulong size = 0;
            if (a.A5 != 0 && (!UserMemory.Read(a.A5, out mask) || !UserMemory.Read(a.A5 + 8, out size)))
            {
                return -Errno.EFAULT;
            }

            error = WaitSignalMask.Apply(mask, size, out bool applied);
            if (error != 0)
            {
                return error;
            }

            long result = DoSelect((long)(int)a.A0, a.A1, a.A2, a.A3, deadline);
            WaitTimeout.WriteRemaining(a.A4, deadline, timeval: false);
            return WaitSignalMask.Finish(applied, result);
        }

        private static long DoSelect(long count, ulong readAddress, ulong writeAddress, ulong exceptAddress, ulong deadline)
        {
            if (count < 0)
            {
                return -Errno.EINVAL;
            }

            FileTable table = FileTable.Current;
            if (count > table.Capacity)
            {
                count = table.Capacity;
            }

            int words = (int)((count + 63) / 64);
            ulong bytes = (ulong)words * 8;

            // Three sets in, three out.
            ulong* onStack = stackalloc ulong[WordsOnStack * 6];
            ulong* sets = words <= WordsOnStack ? onStack : (ulong*)KernelHeap.TryAllocate((nuint)(bytes * 6));
            if (sets == null)
            {
                return -Errno.ENOMEM;
            }

            Arch.X86_64.Cpu.FillMemory(sets, 0, (nuint)(bytes * 6));
            ulong* input = sets;
            ulong* output = sets + (words * 3);
            long result = 0;
            if ((readAddress != 0 && !UserMemory.CopyFromUser(input, readAddress, bytes))
                || (writeAddress != 0 && !UserMemory.CopyFromUser(input + words, writeAddress, bytes))
                || (exceptAddress != 0 && !UserMemory.CopyFromUser(input + (words * 2), exceptAddress, bytes)))
            {
                result = -Errno.EFAULT;
            }

            if (result == 0)
            {
                result = Wait(table, (int)count, words, input, output, deadline);
            }

            if (result >= 0
                && ((readAddress != 0 && !UserMemory.CopyToUser(readAddress, output, bytes))
                    || (writeAddress != 0 && !UserMemory.CopyToUser(writeAddress, output + words, bytes))
                    || (exceptAddress != 0 && !UserMemory.CopyToUser(exceptAddress, output + (words * 2), bytes))))
            {
                result = -Errno.EFAULT;
            }

            if (sets != onStack)
            {
                KernelHeap.Free(sets, (nuint)(bytes * 6));
            }

            return result;
        }

        private static long Wait(FileTable table, int count, int words, ulong* input, ulong* output, ulong deadline)
        {
            PollSet set = PollSet.Obtain();
            for (int fd = 0; fd < count; fd++)
            {
                uint interest = (IsSet(input, fd) ? InSet : 0) | (IsSet(input + words, fd) ? OutSet : 0) | (IsSet(input + (words * 2), fd) ? ExSet : 0);
                if (interest == 0)
                {
                    continue;
                }

                OpenFile file = table.Acquire(fd);
                if (file == null)
                {
                    set.Recycle();
                    return -Errno.EBADF;
                }

                set.Add(file, interest, fd);
            }

            long result = set.Run(deadline, alreadyReady: false);
            if (result >= 0)
            {
                result = 0;
                for (int i = 0; i < set.Count; i++)
                {
                    PollEntry entry = set[i];
                    result += Report(input, output, entry.Key, entry.Ready & InSet);
                    result += Report(input + words, output + words, entry.Key, entry.Ready & OutSet);
                    result += Report(input + (words * 2), output + (words * 2), entry.Key, entry.Ready & ExSet);
                }
            }

            set.Recycle();
            return result;
        }

        private static int Report(ulong* asked, ulong* answer, int fd, uint ready)
        {
            if (ready == 0 || !IsSet(asked, fd))
            {
                return 0;
            }

            answer[fd >> 6] |= 1UL << (fd & 63);
            return 1;
        }

        private static bool IsSet(ulong* set, int fd) => (set[fd >> 6] & (1UL << (fd & 63))) != 0;
    }
}
