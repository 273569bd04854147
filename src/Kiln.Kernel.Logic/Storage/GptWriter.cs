// Writes a GPT: the protective MBR, the primary header and entry array, and the backups. The host tool uses it to
// make images and volumes.
#nullable enable
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public static class GptWriter
    {
        /// <summary>
        /// Fills <paramref name="primary"/> (GptLayout.PrimarySectors sectors: LBA 0-33) and <paramref name="backup"/>
        /// (GptLayout.BackupSectors sectors: the disk's last 33) for a disk of <paramref name="diskSectors"/> sectors.
        /// </summary>
        public static void Write(Span<byte> primary, Span<byte> backup, ulong diskSectors, GptGuid diskGuid, ReadOnlySpan<GptPartition> partitions)
        {
            primary.Clear();
            backup.Clear();
            WriteProtectiveMbr(primary.Slice(0, GptLayout.SectorSize), diskSectors);

            Span<byte> entries = primary.Slice(2 * GptLayout.SectorSize, GptLayout.EntrySectors * GptLayout.SectorSize);
            for (int i = 0; i < partitions.Length && i < GptLayout.EntryCount; i++)
            {
                WriteEntry(entries.Slice(i * GptLayout.EntrySize, GptLayout.EntrySize), partitions[i]);
            }

            uint entriesCrc = Crc32.Compute(entries);
            entries.CopyTo(backup);

            ulong last = diskSectors - 1;
            WriteHeader(primary.Slice(GptLayout.SectorSize, GptLayout.SectorSize), 1, last, 2, diskSectors, diskGuid, entriesCrc);
            WriteHeader(backup.Slice(GptLayout.EntrySectors * GptLayout.SectorSize, GptLayout.SectorSize), last, 1,
                last - GptLayout.EntrySectors, diskSectors, diskGuid, entriesCrc);
        }

        private static void WriteProtectiveMbr(Span<byte> mbr, ulong diskSectors)
        {
            Span<byte> entry = mbr.Slice(446, 16);
            entry[1] = 0x00;
            entry[2] = 0x02;
            entry[3] = 0x00;
            entry[4] = 0xEE;
            entry[5] = 0xFF;
            entry[6] = 0xFF;
            entry[7] = 0xFF;
            BinaryPrimitives.WriteUInt32LittleEndian(entry.Slice(8), 1);
            ulong size = diskSectors - 1;
            BinaryPrimitives.WriteUInt32LittleEndian(entry.Slice(12), size > 0xFFFFFFFF ? 0xFFFFFFFF : (uint)size);
            mbr[510] = 0x55;
            mbr[511] = 0xAA;
        }

        private static void WriteEntry(Span<byte> entry, in GptPartition partition)
        {
            partition.Type.Write(entry);
            partition.Unique.Write(entry.Slice(16));
            BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(32), partition.FirstLba);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(40), partition.LastLba);
            string? name = partition.Name;
            if (name != null)
            {
                for (int i = 0; i < name.Length && i < 36; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(entry.Slice(56 + (2 * i)), name[i]);
                }
            }
        }

        private static void WriteHeader(Span<byte> header, ulong myLba, ulong alternateLba, ulong entriesLba, ulong diskSectors, GptGuid diskGuid, uint entriesCrc)
        {
            header[0] = (byte)'E';
            header[1] = (byte)'F';
            header[2] = (byte)'I';
            header[3] = (byte)' ';
            header[4] = (byte)'P';
            header[5] = (byte)'A';
            header[6] = (byte)'R';
            header[7] = (byte)'T';
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(8), 0x00010000);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(12), GptLayout.HeaderSize);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(24), myLba);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(32), alternateLba);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(40), GptLayout.FirstUsable);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(48), GptLayout.LastUsable(diskSectors));
            diskGuid.Write(header.Slice(56));
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(72), entriesLba);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(80), GptLayout.EntryCount);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(84), GptLayout.EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(88), entriesCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), Crc32.Compute(header.Slice(0, GptLayout.HeaderSize)));
        }
    }
}
