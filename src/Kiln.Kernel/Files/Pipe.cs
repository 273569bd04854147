// A pipe: a 64 KiB byte ring shared by a read end and a write end (two PipeEnd files). Reads take what is there and
// block only when it is empty; writes of at most PIPE_BUF bytes go in whole or not at all, larger ones may be split;
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
        public const int Capacity = 65536;
        public const int PIPE_BUF = 4096;

        private const int SIGPIPE = 13;
        private const ulong BufferPages = Capacity / Layout.PageSize;

        private static Pipe s_pool;
        private static ulong s_nextInode = 1;

        public readonly PipeEnd ReadEnd;
        public readonly PipeEnd WriteEnd;

        private byte* _buffer;
        private RingIndex _ring;
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
        public int Count => _ring.Count;

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

            pipe._ring = new RingIndex(Capacity);
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
                if (_ring.Count > 0)
                {
                    while (io.Remaining > 0 && _ring.Count > 0)
                    {
                        int run = _ring.ReadableRun(out int offset);
                        ulong copied = io.CopyOut(_buffer + offset, (ulong)run);
                        _ring.Consume((int)copied);
                        if (copied < (ulong)run)
                        {
                            break;
                        }
                    }

                    if (io.Done > 0)
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

        public long Write(ref UserIo io, bool nonBlocking)
        {
            bool atomic = io.Remaining <= PIPE_BUF;
            if (io.Remaining == 0)
            {
                return _readers == 0 ? BrokenPipe(ref io) : 0;
            }

            for (;;)
            {
                if (_readers == 0)
                {
                    return BrokenPipe(ref io);
                }

                int free = _ring.Free;
                if (free > 0 && (!atomic || (ulong)free >= io.Remaining))
                {
                    if (_buffer == null && !AllocateBuffer())
                    {
                        return io.Result(-Errno.ENOMEM);
                    }

                    ulong before = io.Done;
                    while (io.Remaining > 0 && _ring.Free > 0)
                    {
                        int run = _ring.WritableRun(out int offset);
                        ulong copied = io.CopyIn(_buffer + offset, (ulong)run);
                        _ring.Produce((int)copied);
                        if (copied < (ulong)run)
                        {
                            break;
                        }
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

        public uint PollReader() => (_ring.Count > 0 ? PollEvents.Readable : 0) | (_writers == 0 ? PollEvents.EPOLLHUP : 0);

        // Writable while a whole PIPE_BUF fits, so a poller is not told "writable" for a write that must wait.
        public uint PollWriter() => (_ring.Free >= PIPE_BUF ? PollEvents.Writable : 0) | (_readers == 0 ? PollEvents.EPOLLERR : 0);

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
