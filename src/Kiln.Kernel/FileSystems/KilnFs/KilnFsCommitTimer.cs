// A volume's commit deadline: armed by the first change after a commit (KilnFs.ScheduleCommit), it fires from the
// timer interrupt or the idle loop, where nothing may block, so it only marks the volume due and wakes the committer
// thread, which does the writing.
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed class KilnFsCommitTimer : Timer
    {
        private readonly KilnFs _volume;

        public KilnFsCommitTimer(KilnFs volume) => _volume = volume;

        public override void Expire(ulong now)
        {
            _volume.CommitDue = true;
            KilnFsCommitter.Wake();
        }
    }
}
