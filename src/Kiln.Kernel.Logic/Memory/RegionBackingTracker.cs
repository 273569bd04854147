// Told by a RegionMap whenever a region with a backing file appears (insert, split) or disappears (remove, merge), so
// that each such region holds one reference on its file: the kernel counts inode references with it, tests count
// calls. Without a garbage collector the file behind a mapping must be held exactly as long as some region maps it.
namespace Kiln.Memory
{
    public abstract class RegionBackingTracker
    {
        /// <summary>A new region maps <paramref name="backing"/>: take a reference.</summary>
        public abstract void Attach(object backing);

        /// <summary>A region that mapped <paramref name="backing"/> is gone: give its reference back.</summary>
        public abstract void Detach(object backing);
    }
}
