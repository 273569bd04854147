// Where extent-map operations report the disk blocks they stop using (a remap or a truncation), so the caller can
// hand them to the allocator (deferred until the transaction commits) without the map knowing about allocation.
namespace Kiln.Storage
{
    /// <summary>Receives ranges of disk blocks.</summary>
    public abstract class BlockRangeSink
    {
        /// <summary>Disk blocks [first, first + count) are no longer mapped.</summary>
        public abstract void Add(ulong first, ulong count);
    }
}
