// Where replay reads log blocks from: the kernel reads through its block cache, the host from an image file, tests
// from memory.
using System;

namespace Kiln.Storage
{
    public abstract class LogReplaySource
    {
        /// <summary>Reads partition block <paramref name="block"/> (4096 bytes) into <paramref name="buffer"/>; false on an I/O error.</summary>
        public abstract bool ReadBlock(ulong block, Span<byte> buffer);
    }
}
