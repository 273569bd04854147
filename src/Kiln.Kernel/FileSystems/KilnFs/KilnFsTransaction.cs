// The log records of one KilnFS transaction, packed into 4 KiB log blocks in memory as they are added (records never
// cross a block, as the format requires). The blocks get their header (generation, sequence, CRC) only when the
// commit knows where in the log area they land. An operation reserves room for all its records first (Reserve), so
// once it starts changing the tree its records cannot fail to fit: the in-memory tree and the log never disagree.
using System;
using Internal.Runtime;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe class KilnFsTransaction
    {
        private ulong[] _frames = new ulong[8];
        private int _blocks;
        private int _used;
        private int _records;

        /// <summary>Log blocks the records take so far.</summary>
        public int Blocks => _blocks;

        /// <summary>True when nothing was recorded since the last commit.</summary>
        public bool IsEmpty => _records == 0;

        /// <summary>The direct-mapped address of block <paramref name="index"/>.</summary>
        public byte* Block(int index) => (byte*)Layout.ToVirtual(_frames[index]);

        /// <summary>Bytes used in block <paramref name="index"/>, header included.</summary>
        public int UsedIn(int index) => index == _blocks - 1 ? _used : *(int*)(Block(index) + 24);

        /// <summary>
        /// Makes sure the next records, <paramref name="bytes"/> long in all (headers included, at most one block's
        /// worth), fit in the current block or a fresh one: false when memory for a block is short.
        /// </summary>
        public bool Reserve(int bytes)
        {
            if (_blocks > 0 && _used + bytes <= KilnFsLayout.BlockSize)
            {
                return true;
            }

            return NewBlock();
        }

        public void AddInode(in InodeRecord record)
        {
            Ensure(LogRecordWriter.InodeSize);
            LogRecordWriter writer = Writer();
            writer.TryAddInode(record);
            Done(writer);
        }

        public void AddLink(ulong parent, ulong child, ReadOnlySpan<byte> name)
        {
            Ensure(LogRecordWriter.LinkSize(name.Length));
            LogRecordWriter writer = Writer();
            writer.TryAddLink(parent, child, name);
            Done(writer);
        }

        public void AddUnlink(ulong parent, ReadOnlySpan<byte> name)
        {
            Ensure(LogRecordWriter.UnlinkSize(name.Length));
            LogRecordWriter writer = Writer();
            writer.TryAddUnlink(parent, name);
            Done(writer);
        }

        public void AddExtent(ulong inode, ulong fileBlock, ulong diskBlock, uint count)
        {
            Ensure(LogRecordWriter.ExtentSize);
            LogRecordWriter writer = Writer();
            writer.TryAddExtent(new ExtentRecord(inode, fileBlock, diskBlock, count));
            Done(writer);
        }

        public void AddTruncate(ulong inode, ulong size)
        {
            Ensure(LogRecordWriter.RecordHeaderSize + 16);
            LogRecordWriter writer = Writer();
            writer.TryAddTruncate(inode, size);
            Done(writer);
        }

        public void AddFreeInode(ulong inode)
        {
            Ensure(LogRecordWriter.RecordHeaderSize + 8);
            LogRecordWriter writer = Writer();
            writer.TryAddFreeInode(inode);
            Done(writer);
        }

        public void AddSymlink(ulong inode, ReadOnlySpan<byte> target)
        {
            Ensure(LogRecordWriter.SymlinkSize(target.Length));
            LogRecordWriter writer = Writer();
            writer.TryAddSymlink(inode, target);
            Done(writer);
        }

        public void AddCommit(ulong transaction)
        {
            Ensure(LogRecordWriter.CommitSize);
            LogRecordWriter writer = Writer();
            writer.TryAddCommit(transaction);
            Done(writer);
        }

        /// <summary>Seals every block for the log area: generation and sequences from <paramref name="firstSequence"/>.</summary>
        public void Seal(ulong generation, ulong firstSequence)
        {
            for (int i = 0; i < _blocks; i++)
            {
                int used = i == _blocks - 1 ? _used : *(int*)(Block(i) + 24);
                LogBlock.Seal(new Span<byte>(Block(i), KilnFsLayout.BlockSize), generation, firstSequence + (ulong)i, used);
            }
        }

        /// <summary>Forgets every record, keeping one block's memory (zeroed) for the next transaction.</summary>
        public void Clear()
        {
            for (int i = 0; i < _blocks; i++)
            {
                if (_spare == 0)
                {
                    Cpu.FillMemory(Block(i), 0, KilnFsLayout.BlockSize);
                    _spare = _frames[i];
                }
                else
                {
                    PhysicalMemory.FreePage(_frames[i]);
                }

                _frames[i] = 0;
            }

            _blocks = 0;
            _used = LogBlock.HeaderSize;
            _records = 0;
        }

        // A zeroed block kept from the last transaction, so most commits allocate nothing.
        private ulong _spare;

        // The caller reserved room; a record that still does not fit is a bug in the reservation arithmetic, and the
        // fallback of a new block keeps the log correct anyway (failing only without memory).
        private void Ensure(int bytes)
        {
            if (_blocks == 0 || _used + bytes > KilnFsLayout.BlockSize)
            {
                if (!NewBlock())
                {
                    Kiln.Kernel.Diagnostics.Panic.Stop("KilnFS: no memory for a log block after reserving room");
                }
            }
        }

        private LogRecordWriter Writer() => new LogRecordWriter(new Span<byte>(Block(_blocks - 1), KilnFsLayout.BlockSize), _used);

        private void Done(LogRecordWriter writer)
        {
            _used = writer.Used;
            _records++;
        }

        private bool NewBlock()
        {
            ulong frame = _spare;
            _spare = 0;
            if (frame == 0)
            {
                frame = PhysicalMemory.AllocatePage();
                if (frame == 0)
                {
                    return false;
                }

                Cpu.FillMemory(Layout.ToVirtual(frame), 0, KilnFsLayout.BlockSize);
            }

            if (_blocks > 0)
            {
                // The finished block keeps its used count where Seal will put it (header offset 24) until then.
                *(int*)(Block(_blocks - 1) + 24) = _used;
            }

            if (_blocks == _frames.Length)
            {
                ulong[] frames = new ulong[_frames.Length * 2];
                for (int i = 0; i < _blocks; i++)
                {
                    frames[i] = _frames[i];
                }

                ObjectMemory.Free(_frames);
                _frames = frames;
            }

            _frames[_blocks++] = frame;
            _used = LogBlock.HeaderSize;
            return true;
        }
    }
}
