// One thread of the program, as the kernel sees it: its kernel stack (which holds its saved user registers and
// x87/SSE state while it is in the kernel), its scheduling links, its thread-local-storage bases, what it asked to
// be told at exit, its signal state and its CPU time. Threads are recycled through ThreadRegistry's pool, so their
// memory is reused rather than leaked (the kernel has no garbage collector); Reset clears everything per-life.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Files;
using Kiln.Kernel.Process;
using Kiln.Kernel.Time;

namespace Kiln.Kernel.Scheduling
{
    internal sealed unsafe class Thread
    {
        public const int FpuStateSize = 512;

        public int Id;
        public ThreadState State;

        // The kernel stack: [Base, Top). A user thread's TrapFrame sits at the top, its fxsave area right below.
        public ulong KernelStackBase;
        public ulong KernelStackTop;
        public ulong SavedStackPointer;
        public bool IsKernelThread;

        // FS and GS bases of user mode (arch_prctl, CLONE_SETTLS), loaded into the MSRs when the thread runs.
        public ulong FsBase;
        public ulong GsBase;

        // set_tid_address / CLONE_CHILD_CLEARTID, and set_robust_list: both are acted on at exit.
        public ulong ClearChildTid;
        public ulong RobustList;

        // rseq registration: the user's struct rseq and the signature its abort handlers carry.
        public ulong Rseq;
        public uint RseqSignature;

        // prctl(PR_SET_NAME): up to 15 bytes and a NUL.
        public ulong Name0;
        public ulong Name1;

        public readonly SignalState Signals = new SignalState();

        // The descriptor table: shared with the threads made with CLONE_FILES, dropped at exit.
        public FileTable Files;

        // Scheduling: the run queue, the wait queue it blocks on, and how its last wait ended.
        internal Thread RunNext;
        internal Thread WaitNext;
        internal Thread WaitPrevious;
        internal WaitQueue WaitingOn;
        internal readonly WakeTimer WakeTimer;
        public WakeReason WakeReason;
        public bool Interruptible;

        // A futex wait: the word's address and the FUTEX_WAIT_BITSET mask.
        public ulong FutexAddress;
        public uint FutexBitset;

        // CPU time in TSC cycles, split at kernel entry and exit (a raw rdtsc each, converted only when read);
        // ModeSince is the TSC when the current stretch began.
        public ulong UserCycles;
        public ulong SystemCycles;
        internal ulong ModeSince;

        // Context switches: the thread blocked or yielded (voluntary), or its time slice ran out (involuntary).
        public ulong VoluntarySwitches;
        public ulong InvoluntarySwitches;

        // ThreadRegistry's lists: every live thread, and the pool of dead ones.
        internal Thread LiveNext;
        internal Thread LivePrevious;
        internal Thread PoolNext;

        public Thread() => WakeTimer = new WakeTimer(this);

        public TrapFrame* UserFrame => (TrapFrame*)(KernelStackTop - (ulong)sizeof(TrapFrame));

        public void* FpuState => (byte*)UserFrame - FpuStateSize;

        public bool HasPendingSignal => SignalDelivery.HasDeliverable(this);

        public ulong UserNs => Clock.CyclesToNanoseconds(UserCycles);

        public ulong SystemNs => Clock.CyclesToNanoseconds(SystemCycles);

        public ulong CpuNs => Clock.CyclesToNanoseconds(UserCycles + SystemCycles);

        /// <summary>The running thread's time since its last kernel entry or exit, not yet charged.</summary>
        public ulong UnchargedNs => Clock.CyclesToNanoseconds(Cpu.ReadTimeStampCounter() - ModeSince);

        /// <summary>Sets the name prctl(PR_GET_NAME) reports: at most 15 bytes, NUL-terminated, as Linux's comm.</summary>
        public void SetName(byte* name, int length)
        {
            ulong* words = stackalloc ulong[2];
            words[0] = 0;
            words[1] = 0;
            byte* bytes = (byte*)words;
            for (int i = 0; i < length && i < 15; i++)
            {
                bytes[i] = name[i];
            }

            Name0 = words[0];
            Name1 = words[1];
        }

        /// <summary>Clears everything that belongs to one life of the thread (the stack is kept).</summary>
        public void Reset(int id)
        {
            Id = id;
            State = ThreadState.Runnable;
            SavedStackPointer = 0;
            IsKernelThread = false;
            FsBase = 0;
            GsBase = 0;
            ClearChildTid = 0;
            RobustList = 0;
            Rseq = 0;
            RseqSignature = 0;
            Name0 = 0;
            Name1 = 0;
            Signals.Reset();
            Files = null;
            RunNext = null;
            WaitNext = null;
            WaitPrevious = null;
            WaitingOn = null;
            WakeReason = WakeReason.None;
            Interruptible = false;
            FutexAddress = 0;
            FutexBitset = 0;
            UserCycles = 0;
            SystemCycles = 0;
            ModeSince = 0;
            VoluntarySwitches = 0;
            InvoluntarySwitches = 0;
        }

        /// <summary>Charges the time since the last mode change to user mode: the thread just entered the kernel.</summary>
        public void EnterKernel(ulong tsc)
        {
            UserCycles += tsc - ModeSince;
            ModeSince = tsc;
        }

        /// <summary>Charges the time since the last mode change to the kernel: the thread is going back to user mode.</summary>
        public void LeaveKernel(ulong tsc)
        {
            SystemCycles += tsc - ModeSince;
            ModeSince = tsc;
        }
    }
}
