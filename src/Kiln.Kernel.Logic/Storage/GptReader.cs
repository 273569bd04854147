// Reads a GPT's primary header and entry array and finds a partition by type GUID. The kernel reads LBAs 1-33 of a
// disk and asks for the KilnFS partition; `kiln image` does the same on the host.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public enum GptError
    {
        None,
        NoHeader,
        BadHeaderChecksum,
        UnsupportedLayout,
        BadEntriesChecksum,
        NotFound,
    }

    public static class GptReader
    {
        /// <summary>
        /// Finds the first partition of type <paramref name="type"/> in <paramref name="sectors"/>, which holds LBA 1
        /// (the header) followed by LBAs 2-33 (the entries).
        /// </summary>
        public static GptError TryFind(ReadOnlySpan<byte> sectors, GptGuid type, out GptPartition partition)
        {
            partition = default;
            if (sectors.Length < (1 + GptLayout.EntrySectors) * GptLayout.SectorSize)
            {
                return GptError.NoHeader;
            }

            ReadOnlySpan<byte> header = sectors.Slice(0, GptLayout.SectorSize);
            if (header[0] != (byte)'E' || header[1] != (byte)'F' || header[2] != (byte)'I' || header[3] != (byte)' '
                || header[4] != (byte)'P' || header[5] != (byte)'A' || header[6] != (byte)'R' || header[7] != (byte)'T')
            {
                return GptError.NoHeader;
            }

            uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
            if (headerSize < GptLayout.HeaderSize || headerSize > GptLayout.SectorSize)
            {
                return GptError.UnsupportedLayout;
            }

            Span<byte> copy = stackalloc byte[GptLayout.SectorSize];
            header.Slice(0, (int)headerSize).CopyTo(copy);
            BinaryPrimitives.WriteUInt32LittleEndian(copy.Slice(16), 0);
            if (Crc32.Compute(copy.Slice(0, (int)headerSize)) != BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(16)))
            {
                return GptError.BadHeaderChecksum;
            }

            ulong entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(72));
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(80));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(84));
            if (entriesLba != 2 || count != GptLayout.EntryCount || size != GptLayout.EntrySize)
            {
                return GptError.UnsupportedLayout;
            }

            ReadOnlySpan<byte> entries = sectors.Slice(GptLayout.SectorSize, GptLayout.EntrySectors * GptLayout.SectorSize);
            if (Crc32.Compute(entries) != BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(88)))
            {
                return GptError.BadEntriesChecksum;
            }

            for (int i = 0; i < GptLayout.EntryCount; i++)
            {
                ReadOnlySpan<byte> entry = entries.Slice(i * GptLayout.EntrySize, GptLayout.EntrySize);
                GptGuid entryType = GptGuid.Read(entry);
                if (entryType.IsZero || !entryType.Equals(type))
                {
                    continue;
                }

                partition.Type = entryType;
                partition.Unique = GptGuid.Read(entry.Slice(16));
                partition.FirstLba = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(32));
                partition.LastLba = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(40));
                if (partition.LastLba < partition.FirstLba)
                {
                    return GptError.UnsupportedLayout;
                }

                return GptError.None;
            }

            return GptError.NotFound;
        }
    }
}
