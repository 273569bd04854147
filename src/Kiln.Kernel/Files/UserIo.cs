// The user memory of one read or write: one buffer (read, write) or several (readv, writev), consumed front to back
// as a file copies bytes in or out. Copies go through UserMemory page by page, so a bad page ends the transfer with
// what was copied before it, as on Linux; the file then returns the count, or EFAULT when nothing moved.
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal unsafe struct UserIo
    {
        /// <summary>The most one call transfers (MAX_RW_COUNT: INT_MAX rounded down to a page); larger counts are cut.</summary>
        public const ulong MaxTransfer = 0x7FFFF000;

        private IoSegment* _segments;
        private int _count;
        private int _index;
        private ulong _offset;
        private ulong _remaining;
        private ulong _done;
        private bool _faulted;
        private bool _kernel;

        /// <summary>Bytes the caller asked for that have not moved yet (0 after a fault).</summary>
        public ulong Remaining => _remaining;

        /// <summary>Bytes moved so far.</summary>
        public ulong Done => _done;

        public bool Faulted => _faulted;

        /// <summary>A transfer over <paramref name="count"/> segments in kernel memory; their lengths were checked by the caller.</summary>
        public static UserIo Over(IoSegment* segments, int count)
        {
            UserIo io = default;
            io._segments = segments;
            io._count = count;
            ulong total = 0;
            for (int i = 0; i < count; i++)
            {
                total += segments[i].Length;
                if (total > MaxTransfer)
                {
                    total = MaxTransfer;
                    break;
                }
            }

            io._remaining = total;
            return io;
        }

        /// <summary>
        /// A transfer whose buffers are kernel memory (sendfile, copy_file_range move file data through a kernel
        /// page); the same file code then reads and writes them without the user-memory checks.
        /// </summary>
        public static UserIo OverKernel(IoSegment* segments, int count)
        {
            UserIo io = Over(segments, count);
            io._kernel = true;
            return io;
        }

        /// <summary>The result of a transfer that stopped: the count if anything moved, else -EFAULT after a fault, else <paramref name="error"/>.</summary>
        public long Result(long error) => _done > 0 ? (long)_done : (_faulted ? -Errno.EFAULT : error);

        /// <summary>Copies up to <paramref name="length"/> bytes from the kernel to the user buffers; how many were copied.</summary>
        public ulong CopyOut(void* source, ulong length) => Move((byte*)source, length, toUser: true);

        /// <summary>Copies up to <paramref name="length"/> bytes from the user buffers to the kernel; how many were copied.</summary>
        public ulong CopyIn(void* destination, ulong length) => Move((byte*)destination, length, toUser: false);

        /// <summary>
        /// True when the next <paramref name="length"/> bytes of the buffers are writable: for a device that must not
        /// consume input it then could not deliver (the console).
        /// </summary>
        public bool CanWriteNext(ulong length)
        {
            if (_kernel)
            {
                return true;
            }

            int index = _index;
            ulong offset = _offset;
            while (length > 0 && index < _count)
            {
                ulong left = _segments[index].Length - offset;
                ulong take = left < length ? left : length;
                if (!UserMemory.Validate(_segments[index].Base + offset, take, Kiln.Memory.RegionProtection.Write))
                {
                    return false;
                }

                length -= take;
                index++;
                offset = 0;
            }

            return true;
        }

        private ulong Move(byte* kernel, ulong length, bool toUser)
        {
            ulong moved = 0;
            while (moved < length && _remaining > 0 && _index < _count)
            {
                ulong left = _segments[_index].Length - _offset;
                if (left == 0)
                {
                    _index++;
                    _offset = 0;
                    continue;
                }

                ulong user = _segments[_index].Base + _offset;
                ulong step = Layout.PageSize - (user & (Layout.PageSize - 1));
                step = Min(Min(step, left), Min(length - moved, _remaining));
                if (_kernel)
                {
                    if (toUser)
                    {
                        Arch.X86_64.Cpu.CopyMemory((void*)user, kernel + moved, (nuint)step);
                    }
                    else
                    {
                        Arch.X86_64.Cpu.CopyMemory(kernel + moved, (void*)user, (nuint)step);
                    }
                }

                bool ok = _kernel || (toUser
                    ? UserMemory.CopyToUser(user, kernel + moved, step)
                    : UserMemory.CopyFromUser(kernel + moved, user, step));
                if (!ok)
                {
                    _faulted = true;
                    _remaining = 0;
                    break;
                }

                _offset += step;
                moved += step;
                _remaining -= step;
                _done += step;
            }

            return moved;
        }

        private static ulong Min(ulong a, ulong b) => a < b ? a : b;
    }
}
