// What every block driver shares around BlockRequest: a pool of requests (each with its WaitQueue, so that waiting
// allocates nothing), the argument checks, completion, waiting (blocking on the request's queue from a thread,
// polling the device at boot or when it has no interrupt), and synchronous I/O built from several requests in flight.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Storage
{
    internal static unsafe class BlockRequests
    {
        /// <summary>How many requests a synchronous Read or Write keeps in flight.</summary>
        private const int SynchronousDepth = 8;

        /// <summary>How long a thread sleeps between polls of a device without interrupts.</summary>
        private const ulong PollIntervalNs = 50_000;

        private static BlockRequest* s_free;

        /// <summary>Requests taken from the heap so far (they are reused, never freed).</summary>
        public static int Allocated { get; private set; }

        /// <summary>A cleared request with its wait queue; null when the heap is exhausted.</summary>
        public static BlockRequest* Rent()
        {
            BlockRequest* request = s_free;
            if (request != null)
            {
                s_free = request->NextFree;
            }
            else
            {
                request = (BlockRequest*)KernelHeap.TryAllocate((nuint)sizeof(BlockRequest));
                if (request == null)
                {
                    return null;
                }

                request->Waiters = new WaitQueue();
                Allocated++;
            }

            WaitQueue waiters = request->Waiters;
            *request = default;
            request->Waiters = waiters;
            return request;
        }

        public static void Return(BlockRequest* request)
        {
            request->NextFree = s_free;
            s_free = request;
        }

        /// <summary>0 when <paramref name="device"/> can take <paramref name="request"/>, else the errno to return.</summary>
        public static int Check(BlockDevice device, BlockRequest* request)
        {
            if (request == null)
            {
                return (int)-Errno.EINVAL;
            }

            switch (request->Operation)
            {
                case BlockOperation.Read:
                case BlockOperation.Write:
                    if (request->Buffer == null || request->Sectors <= 0 || request->Sectors > device.MaxRequestSectors
                        || request->Sector >= device.SectorCount || (ulong)request->Sectors > device.SectorCount - request->Sector)
                    {
                        return (int)-Errno.EINVAL;
                    }

                    return request->Operation == BlockOperation.Write && device.ReadOnly ? (int)-Errno.EROFS : 0;
                case BlockOperation.Flush:
                    return 0;
                case BlockOperation.GetId:
                    return request->Buffer == null ? (int)-Errno.EINVAL : 0;
                default:
                    return (int)-Errno.EINVAL;
            }
        }

        /// <summary>Called by a driver when the device is done with <paramref name="request"/>.</summary>
        public static void Complete(BlockRequest* request, int status)
        {
            request->Status = status;
            if (request->Waiters != null)
            {
                request->Waiters.WakeAll();
            }
        }

        /// <summary>True when the caller is a thread that may sleep (the scheduler runs and this is not its idle loop).</summary>
        public static bool CanBlock
        {
            get
            {
                Processor cpu = Processor.Current;
                return cpu != null && cpu.CurrentThread != null && cpu.CurrentThread != cpu.Idle;
            }
        }

        /// <summary>Returns once <paramref name="request"/> is done; its Status says how it went.</summary>
        public static void Wait(BlockDevice device, BlockRequest* request)
        {
            while (request->Status == BlockRequest.Pending)
            {
                if (!CanBlock)
                {
                    device.Poll();
                }
                else if (device.CompletesByInterrupt && request->Waiters != null)
                {
                    // Interrupts are off in the kernel, so the completion cannot slip in between the check and the wait.
                    request->Waiters.Wait(Scheduler.Forever, false);
                }
                else
                {
                    Scheduler.SleepUntil(Clock.MonotonicNs() + PollIntervalNs, false);
                    device.Poll();
                }
            }
        }

        /// <summary>
        /// Reads or writes <paramref name="sectors"/> sectors as requests of at most MaxRequestSectors, up to
        /// SynchronousDepth of them in flight; 0 or the first error.
        /// </summary>
        public static int Transfer(BlockDevice device, BlockOperation operation, ulong sector, byte* buffer, int sectors)
        {
            if (buffer == null || sectors <= 0 || sector >= device.SectorCount || (ulong)sectors > device.SectorCount - sector)
            {
                return (int)-Errno.EINVAL;
            }

            if (operation == BlockOperation.Write && device.ReadOnly)
            {
                return (int)-Errno.EROFS;
            }

            BlockRequest** inFlight = stackalloc BlockRequest*[SynchronousDepth];
            int count = 0;
            int oldest = 0;
            int result = 0;
            int done = 0;
            while (done < sectors || count > 0)
            {
                if (done < sectors && count < SynchronousDepth && result == 0)
                {
                    BlockRequest* request = Rent();
                    if (request == null)
                    {
                        result = (int)-Errno.ENOMEM;
                        continue;
                    }

                    int chunk = sectors - done < device.MaxRequestSectors ? sectors - done : device.MaxRequestSectors;
                    request->Operation = operation;
                    request->Sector = sector + (ulong)done;
                    request->Buffer = buffer + ((long)done * BlockDevice.SectorSize);
                    request->Sectors = chunk;
                    int submitted = device.Submit(request);
                    if (submitted != 0)
                    {
                        Return(request);
                        result = submitted;
                        continue;
                    }

                    inFlight[(oldest + count) % SynchronousDepth] = request;
                    count++;
                    done += chunk;
                    continue;
                }

                if (count == 0)
                {
                    break;
                }

                BlockRequest* first = inFlight[oldest];
                Wait(device, first);
                if (first->Status != 0 && result == 0)
                {
                    result = first->Status;
                }

                Return(first);
                oldest = (oldest + 1) % SynchronousDepth;
                count--;
            }

            return result;
        }

        /// <summary>One request without data (a flush), or with a small buffer (GetId), run to completion.</summary>
        public static int Run(BlockDevice device, BlockOperation operation, byte* buffer)
        {
            BlockRequest* request = Rent();
            if (request == null)
            {
                return (int)-Errno.ENOMEM;
            }

            request->Operation = operation;
            request->Buffer = buffer;
            int result = device.Submit(request);
            if (result == 0)
            {
                Wait(device, request);
                result = request->Status;
            }

            Return(request);
            return result;
        }
    }
}
