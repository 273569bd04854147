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

        // The initial stack pointer (where argc, argv and envp sit, for /proc/self/cmdline, environ and stat's
        // startstack) and a copy of the auxiliary vector the loader built, for /proc/self/auxv, as Linux's saved_auxv.
        public static ulong StackStart;
        public static ulong* SavedAuxv;
        public static int SavedAuxvWords;

        /// <summary>Records the initial stack pointer and copies the auxiliary vector (type/value pairs, AT_NULL excluded).</summary>
        public static void SaveStartup(ulong stackPointer, ulong* auxv, int words)
        {
            StackStart = stackPointer;
            SavedAuxv = (ulong*)Memory.KernelHeap.Allocate((nuint)((words + 2) * 8));
            for (int i = 0; i < words; i++)
            {
                SavedAuxv[i] = auxv[i];
            }

            SavedAuxv[words] = 0;
            SavedAuxv[words + 1] = 0;
            SavedAuxvWords = words + 2;
        }
    }
}
