// Keeps MappedFile's region count as the RegionMap splits, merges and removes file regions, so the inode behind a
// mapping is held exactly as long as some region maps it.
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    internal sealed class MappedFileTracker : RegionBackingTracker
    {
        public override void Attach(object backing) => ((MappedFile)backing).RegionAdded();

        public override void Detach(object backing) => ((MappedFile)backing).RegionRemoved();
    }
}
