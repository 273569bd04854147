// The one program Kiln runs: its identity, its heap break, where mmap places memory, and the options its manifest
// set. Per-thread state (TLS bases, tid addresses, signal masks) lives in Scheduling.Thread.
namespace Kiln.Kernel.Process
{
    internal static unsafe partial class UserProcess
    {
        public const int Pid = 1;
        public const int MaxPath = 256;

        public static ulong LoadBias;
        public static ulong BrkStart;
        public static ulong BrkCurrent;
        public static ulong MmapTop;
        public static ulong MmapFloor;
        public static bool Trace;
        public static bool SyscallSummary;

        // The program's path inside the image, NUL-terminated, for /proc/self/exe and AT_EXECFN.
        public static byte* ExecutablePath;
        public static int ExecutablePathLength;
    }
}
