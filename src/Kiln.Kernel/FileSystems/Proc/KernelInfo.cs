// The fixed facts of /proc: version (uname's values, as Linux's linux_banner), filesystems (the kinds Kiln can
// mount), and the sysctl values programs read under /proc/sys. Kiln never refuses memory at mmap time (pages are
// given on first touch), which is overcommit mode 1; somaxconn is Linux's default since 5.4.
using Kiln.Kernel.Process;
using Kiln.Kernel.Syscalls;
using Kiln.Proc;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class KernelInfo
    {
        private static byte* s_bootId;

        public static void WriteVersion(ref ByteWriter text, long context)
        {
            text.Append(InfoCalls.SysName);
            text.Append(" version ");
            text.Append(InfoCalls.Release);
            text.Append(" (kiln@kiln) (C# NativeAOT) ");
            text.Append(InfoCalls.Version);
            text.Append('\n');
        }

        public static void WriteFileSystems(ref ByteWriter text, long context) =>
            text.Append("nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n");

        public static void WriteHostname(ref ByteWriter text, long context)
        {
            text.Append(InfoCalls.NodeName);
            text.Append('\n');
        }

        public static void WriteOsRelease(ref ByteWriter text, long context)
        {
            text.Append(InfoCalls.Release);
            text.Append('\n');
        }

        public static void WriteOsType(ref ByteWriter text, long context)
        {
            text.Append(InfoCalls.SysName);
            text.Append('\n');
        }

        // PID_MAX_LIMIT on 64-bit: thread ids are never reused by Kiln, so the largest Linux allows.
        public static void WritePidMax(ref ByteWriter text, long context) => text.Append("4194304\n");

        public static void WriteOvercommitMemory(ref ByteWriter text, long context) => text.Append("1\n");

        public static void WriteSomaxconn(ref ByteWriter text, long context) => text.Append("4096\n");

        /// <summary>A new random UUID at every read, as Linux's random/uuid.</summary>
        public static void WriteUuid(ref ByteWriter text, long context)
        {
            byte* random = stackalloc byte[16];
            Entropy.Fill(random, 16);
            UuidText.Write(ref text, new System.ReadOnlySpan<byte>(random, 16));
        }

        /// <summary>One random UUID per boot.</summary>
        public static void WriteBootId(ref ByteWriter text, long context)
        {
            if (s_bootId == null)
            {
                s_bootId = (byte*)Kiln.Kernel.Memory.KernelHeap.Allocate(16);
                Entropy.Fill(s_bootId, 16);
            }

            UuidText.Write(ref text, new System.ReadOnlySpan<byte>(s_bootId, 16));
        }
    }
}
