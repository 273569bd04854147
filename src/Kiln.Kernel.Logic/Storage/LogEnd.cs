// What replay learned about the active log: where the next transaction goes and how much was applied.
namespace Kiln.Storage
{
    public struct LogEnd
    {
        /// <summary>The area block (sequence) the next transaction starts at: just past the block holding the last Commit.</summary>
        public ulong NextSequence;

        /// <summary>The number in the last Commit record (0 when none).</summary>
        public ulong LastTransaction;

        /// <summary>Committed transactions applied.</summary>
        public ulong Transactions;

        /// <summary>Records applied.</summary>
        public ulong Records;

        /// <summary>Valid blocks after the last Commit whose records were discarded (an unfinished transaction).</summary>
        public ulong DiscardedBlocks;

        /// <summary>The superblock or a log block could not be read.</summary>
        public bool ReadError;
    }
}
