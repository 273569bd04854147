// The timed commit, as ext4's commit interval: a change to a KilnFS volume that nobody syncs is committed within
// IntervalNs all the same. Each volume arms its own timer at the first change after a commit; a timer that fires
// marks its volume due and wakes one kernel thread (started when the first timer is armed, so a program that never
// writes to a volume never has it), which commits every due volume and sleeps again. Writes themselves only test a
// flag (KilnFs.ScheduleCommit): the hot path never touches the timer queue once a commit is scheduled.
using Kiln.Kernel.Console;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal static unsafe class KilnFsCommitter
    {
        /// <summary>How long a change may wait for its commit (ext4's default commit interval).</summary>
        public const ulong IntervalNs = 5_000_000_000;

        private const int MaxVolumes = 16;

        private static readonly KilnFs[] s_volumes = new KilnFs[MaxVolumes];
        private static readonly WaitQueue s_wakeUp = new WaitQueue();
        private static int s_volumeCount;
        private static Thread s_thread;
        private static bool s_noThread;

        /// <summary>Makes <paramref name="volume"/> one the committer looks after (at mount).</summary>
        public static void Register(KilnFs volume)
        {
            if (s_volumeCount == MaxVolumes)
            {
                KernelLog.WriteLine("kilnfs: too many volumes for the timed commit; the last ones commit only when synced");
                return;
            }

            s_volumes[s_volumeCount++] = volume;
        }

        /// <summary>
        /// Arms <paramref name="timer"/> for IntervalNs from now; false when there is no committer thread to act on it,
        /// or during boot (a mount point made on a volume): the next change, or the commit at exit, takes that along.
        /// </summary>
        public static bool Arm(KilnFsCommitTimer timer)
        {
            if (!Scheduler.IsRunning)
            {
                return false;
            }

            if (s_thread == null && !s_noThread)
            {
                s_thread = Scheduler.StartKernelThread(&Run);
                if (s_thread == null)
                {
                    s_noThread = true;
                    KernelLog.WriteLine("kilnfs: no memory for the committer thread; changes are committed only when synced");
                }
            }

            if (s_thread == null)
            {
                return false;
            }

            Scheduler.AddTimer(timer, Clock.MonotonicNs() + IntervalNs);
            return true;
        }

        /// <summary>A commit timer fired (interrupts off; nothing here blocks).</summary>
        public static void Wake() => s_wakeUp.WakeAll();

        // The committer thread. The kernel is not preemptible, so checking the flags and going to sleep cannot miss
        // a timer: one that fires meanwhile waits for the next interrupt window, which is the sleep itself.
        private static void Run()
        {
            Scheduler.KernelThreadStarted();
            for (;;)
            {
                bool committed = false;
                for (int i = 0; i < s_volumeCount; i++)
                {
                    KilnFs volume = s_volumes[i];
                    if (volume.CommitDue)
                    {
                        volume.CommitDue = false;
                        volume.Commit();
                        committed = true;
                    }
                }

                if (!committed)
                {
                    s_wakeUp.Wait(Scheduler.Forever, interruptible: false);
                }
            }
        }
    }
}
