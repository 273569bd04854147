// A pipe: 64 KiB in 16 page-sized slots (PipeSlots, as Linux keeps them) shared by a read end and a write end (two
// PipeEnd files). Reads take what is there and block only when it is empty; writes of at most PIPE_BUF bytes go in
// whole or not at all, larger ones may be split;
// a reader sees end of file once no writer is left, a writer EPIPE and SIGPIPE once no reader is left (pipe(7)).
// Each change notifies the other end's Readiness. The ring's pages are taken at the first write and given back when
// both ends are closed; pipes are pooled, since the kernel frees no objects.
using Kiln.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class Pipe
    {
        public const int Capacity = PipeSlots.Capacity;
        public const int PIPE_BUF = 4096;

        private const int SIGPIPE = 13;
        private const ulong BufferPages = Capacity / Layout.PageSize;

        private static Pipe s_pool;
        private static ulong s_nextInode = 1;

        public readonly PipeEnd ReadEnd;
        public readonly PipeEnd WriteEnd;

        private readonly PipeSlots _slots = new PipeSlots();
        private byte* _buffer;
        private int _readers;
        private int _writers;
        private Pipe _poolNext;

        private Pipe()
        {
            ReadEnd = new PipeEnd(this, isReader: true);
            WriteEnd = new PipeEnd(this, isReader: false);
        }

        /// <summary>The inode number fstat reports for both ends.</summary>
        public ulong Inode { get; private set; }

        /// <summary>Bytes waiting to be read (FIONREAD).</summary>
        public int Count => _slots.Bytes;

        /// <summary>A new pipe, both ends open with <paramref name="flags"/> (O_NONBLOCK, O_DIRECT) besides their access mode.</summary>
        public static Pipe Create(int flags)
        {
            Pipe pipe = s_pool;
            if (pipe != null)
            {
                s_pool = pipe._poolNext;
                pipe._poolNext = null;
            }
            else
            {
                pipe = new Pipe();
            }

            pipe._slots.Clear();
            pipe._readers = 1;
            pipe._writers = 1;
            pipe.Inode = s_nextInode++;
            pipe.ReadEnd.Reopen(OpenFlags.O_RDONLY | flags);
            pipe.WriteEnd.Reopen(OpenFlags.O_WRONLY | flags);
            return pipe;
        }

        public long Read(ref UserIo io, bool nonBlocking)
        {
            if (io.Remaining == 0)
            {
                return 0;
            }

            for (;;)
            {
                if (!_slots.IsEmpty)
                {
                    bool wasFull = _slots.IsFull;
                    while (io.Remaining > 0 && !_slots.IsEmpty)
                    {
                        int slot = _slots.Oldest(out int offset, out int length);
                        ulong copied = io.CopyOut(Page(slot) + offset, (ulong)length);
                        _slots.Consume((int)copied);
                        if (copied < (ulong)length && io.Faulted)
                        {
                            break;
                        }
                    }

                    if (io.Done > 0 && wasFull != _slots.IsFull)
                    {
                        WriteEnd.Readiness.Notify(PollEvents.Writable);
                    }

                    return io.Result(-Errno.EFAULT);
                }

                if (_writers == 0)
                {
                    return 0;
                }

                if (nonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = ReadEnd.Readiness.WaitForChange();
                if (waited != 0)
                {
                    return waited;
                }
            }
        }

        // pipe_write: top up the last page with the write's odd part if it fits, then whole pages into free slots.
        // A write of at most PIPE_BUF bytes therefore lands in one slot, whole: it waits (or is EAGAIN) until one is free.
        public long Write(ref UserIo io, bool nonBlocking)
        {
            // Linux answers a zero-length write before it looks at the readers.
            if (io.Remaining == 0)
            {
                return 0;
            }

            if (_readers == 0)
            {
                return BrokenPipe(ref io);
            }

            int merge = _slots.MergeRoom((long)io.Remaining, out int mergeSlot, out int mergeOffset);
            if (merge > 0)
            {
                ulong copied = io.CopyIn(Page(mergeSlot) + mergeOffset, (ulong)merge);
                _slots.Extend((int)copied);
                if (copied > 0)
                {
                    ReadEnd.Readiness.Notify(PollEvents.Readable);
                }

                if (io.Remaining == 0 || io.Faulted)
                {
                    return io.Result(-Errno.EFAULT);
                }
            }

            for (;;)
            {
                if (_readers == 0)
                {
                    return BrokenPipe(ref io);
                }

                if (!_slots.IsFull)
                {
                    if (_buffer == null && !AllocateBuffer())
                    {
                        return io.Result(-Errno.ENOMEM);
                    }

                    ulong before = io.Done;
                    while (!_slots.IsFull && io.Remaining > 0)
                    {
                        ulong copied = io.CopyIn(Page(_slots.NextFreeSlot), PipeSlots.PageSize);
                        if (copied == 0)
                        {
                            break;
                        }

                        _slots.Append((int)copied);
                    }

                    if (io.Done > before)
                    {
                        ReadEnd.Readiness.Notify(PollEvents.Readable);
                    }

                    if (io.Remaining == 0 || io.Faulted)
                    {
                        return io.Result(-Errno.EFAULT);
                    }
                }

                if (nonBlocking)
                {
                    return io.Result(-Errno.EAGAIN);
                }

                long waited = WriteEnd.Readiness.WaitForChange();
                if (waited != 0)
                {
                    return io.Result(waited);
                }
            }
        }

        public uint PollReader() => (_slots.IsEmpty ? 0 : PollEvents.Readable) | (_writers == 0 ? PollEvents.EPOLLHUP : 0);

        public uint PollWriter() => (_slots.IsFull ? 0 : PollEvents.Writable) | (_readers == 0 ? PollEvents.EPOLLERR : 0);

        /// <summary>One end's last reference is gone: wake the other side, and recycle the pipe once both are.</summary>
        public void CloseEnd(bool isReader)
        {
            if (isReader)
            {
                _readers--;
                WriteEnd.Readiness.Notify(PollEvents.EPOLLERR | PollEvents.Writable);
            }
            else
            {
                _writers--;
                ReadEnd.Readiness.Notify(PollEvents.EPOLLHUP | PollEvents.Readable);
            }

            if (_readers == 0 && _writers == 0)
            {
                FreeBuffer();
                _poolNext = s_pool;
                s_pool = this;
            }
        }

        // The reader is gone: the writer gets SIGPIPE (Linux sends it even when part of the write went in) and EPIPE.
        private long BrokenPipe(ref UserIo io)
        {
            SignalDelivery.SendToThread(Scheduler.Current, SIGPIPE, SignalDelivery.SI_USER, UserProcess.Pid);
            return io.Result(-Errno.EPIPE);
        }

        private byte* Page(int slot) => _buffer + (slot * PipeSlots.PageSize);

        private bool AllocateBuffer()
        {
            ulong physical = PhysicalMemory.AllocateContiguous(BufferPages);
            if (physical == 0)
            {
                return false;
            }

            _buffer = (byte*)Layout.ToVirtual(physical);
            return true;
        }

        private void FreeBuffer()
        {
            if (_buffer == null)
            {
                return;
            }

            ulong physical = Layout.ToPhysical(_buffer);
            for (ulong i = 0; i < BufferPages; i++)
            {
                PhysicalMemory.FreePage(physical + (i * Layout.PageSize));
            }

            _buffer = null;
        }
    }
}
