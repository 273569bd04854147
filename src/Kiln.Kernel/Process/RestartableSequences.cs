// rseq(2)'s promise: a thread that was preempted or is about to run a signal handler while inside a registered
// restartable sequence resumes at the sequence's abort handler instead (include/uapi/linux/rseq.h). The kernel also
// keeps cpu_id_start/cpu_id in struct rseq current; with one CPU they stay 0, written at registration.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Process
{
    internal static unsafe class RestartableSequences
    {
        private const ulong RseqCsOffset = 8;   // struct rseq: cpu_id_start, cpu_id, rseq_cs (u64)

        /// <summary>Moves <paramref name="frame"/> to the abort handler if it stopped inside the thread's current sequence.</summary>
        public static void AbortIfInside(Thread thread, TrapFrame* frame)
        {
            if (thread.Rseq == 0 || !UserMemory.Read(thread.Rseq + RseqCsOffset, out ulong descriptor) || descriptor == 0)
            {
                return;
            }

            // struct rseq_cs: version, flags (u32 each), start_ip, post_commit_offset, abort_ip.
            ulong* cs = stackalloc ulong[4];
            if (!UserMemory.CopyFromUser(cs, descriptor, 32))
            {
                return;
            }

            ulong start = cs[1];
            ulong length = cs[2];
            ulong abort = cs[3];
            if (frame->Rip - start >= length)
            {
                return;
            }

            // The abort handler must be preceded by the signature given at registration, as Linux checks.
            if (!UserMemory.Read(abort - 4, out uint signature) || signature != thread.RseqSignature)
            {
                return;
            }

            frame->Rip = abort;
            UserMemory.Write(thread.Rseq + RseqCsOffset, 0UL);
        }
    }
}
