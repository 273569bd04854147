// The memory devices of major 1 (drivers/char/mem.c, random.c): /dev/null reads end of file and swallows writes;
// /dev/zero reads zeros and swallows writes; /dev/full reads zeros and refuses writes with ENOSPC; /dev/random and
// /dev/urandom read the kernel's entropy (RDRAND mixed, Process.Entropy) and accept writes. All of them read and
// write at any offset the same way, and are always ready. Pooled: an open costs no allocation once warm.
using Kiln.Kernel.Files;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Dev
{
    internal sealed unsafe class MemoryDevice : OpenFile
    {
        private const int ChunkSize = 512;

        private static MemoryDevice s_pool;

        private DeviceNode _node;
        private uint _minor;
        private MemoryDevice _poolNext;

        public override Inode Inode => _node;

        public override bool HasPosition => true;

        public static MemoryDevice Open(DeviceNode node, uint minor, int flags)
        {
            if (minor != DeviceNode.NullMinor && minor != DeviceNode.ZeroMinor && minor != DeviceNode.FullMinor
                && minor != DeviceNode.RandomMinor && minor != DeviceNode.URandomMinor)
            {
                return null;
            }

            MemoryDevice device = s_pool;
            if (device != null)
            {
                s_pool = device._poolNext;
                device._poolNext = null;
            }
            else
            {
                device = new MemoryDevice();
            }

            device._node = node;
            device._minor = minor;
            node.Hold();
            device.Open((flags & (OpenFlags.O_ACCMODE | OpenFlags.SetflMask)) | OpenFlags.O_LARGEFILE);
            return device;
        }

        public override long Read(ref UserIo io) => ReadAt(ref io, 0);

        public override long ReadAt(ref UserIo io, long offset)
        {
            if (_minor == DeviceNode.NullMinor)
            {
                return 0;
            }

            bool random = _minor == DeviceNode.RandomMinor || _minor == DeviceNode.URandomMinor;
            byte* chunk = stackalloc byte[ChunkSize];
            Arch.X86_64.Cpu.FillMemory(chunk, 0, ChunkSize);
            while (io.Remaining > 0)
            {
                ulong size = io.Remaining < ChunkSize ? io.Remaining : ChunkSize;
                if (random)
                {
                    Entropy.Fill(chunk, size);
                }

                if (io.CopyOut(chunk, size) < size)
                {
                    break;
                }

                // A long read stops early for a signal, with what it has, as Linux's read_zero and urandom_read do.
                if (io.Remaining > 0 && Scheduler.Current.HasPendingSignal)
                {
                    break;
                }
            }

            return io.Result(0);
        }

        public override long Write(ref UserIo io) => WriteAt(ref io, 0);

        // Linux's write_null and write_zero return the count without reading the buffer; /dev/full has no room;
        // random and urandom take the bytes in (Linux mixes them into its pool; Kiln's RDRAND-based source has no
        // pool, so they only are read, which still reports a bad buffer as EFAULT).
        public override long WriteAt(ref UserIo io, long offset)
        {
            if (_minor == DeviceNode.FullMinor)
            {
                return -Errno.ENOSPC;
            }

            if (_minor != DeviceNode.RandomMinor && _minor != DeviceNode.URandomMinor)
            {
                return (long)io.Remaining;
            }

            byte* chunk = stackalloc byte[ChunkSize];
            while (io.Remaining > 0 && io.CopyIn(chunk, ChunkSize) > 0)
            {
            }

            return io.Result(0);
        }

        // null_lseek: the position of a memory device is always 0 (urandom's no-op seek also stays at 0).
        public override long Seek(long offset, int whence) => 0;

        public override void Stat(LinuxStat* stat) => _node.Stat(stat);

        protected override void Release()
        {
            _node.Drop();
            _node = null;
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
