// One file of a poll, ppoll, select or pselect6 call: the events asked for and, after each pass, those ready. While
// the call blocks it observes the file and signals its PollSet on any change it is interested in.
namespace Kiln.Kernel.Files
{
    internal sealed class PollEntry : ReadinessObserver
    {
        public PollSet Set;

        /// <summary>The events that count as ready for the caller.</summary>
        public uint Interest;

        /// <summary>The events ready at the last pass.</summary>
        public uint Ready;

        /// <summary>The caller's key for the entry: the descriptor for select, the pollfd index for poll.</summary>
        public int Key;

        public override void OnReadiness(uint events)
        {
            if ((events & Interest) != 0)
            {
                Set.Signal();
            }
        }

        // The entry holds a reference on its file for the length of the call, so the file cannot go away under it.
        public override void OnFileClosed()
        {
        }
    }
}
