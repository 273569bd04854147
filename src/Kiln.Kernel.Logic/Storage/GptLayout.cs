// Where a GPT lives on a disk of 512-byte sectors: the protective MBR in LBA 0, the primary header in LBA 1, 128
// entries of 128 bytes in LBAs 2-33, and their backups (entries in the 32 sectors before the last, header in the
// last). Partitions go between FirstUsable and LastUsable, which Kiln aligns to 1 MiB.
namespace Kiln.Storage
{
    public static class GptLayout
    {
        public const int SectorSize = 512;
        public const int EntryCount = 128;
        public const int EntrySize = 128;
        public const int EntrySectors = EntryCount * EntrySize / SectorSize;
        public const int HeaderSize = 92;

        /// <summary>Sectors at the start of the disk: MBR, header, entries.</summary>
        public const int PrimarySectors = 2 + EntrySectors;

        /// <summary>Sectors at the end of the disk: entries, header.</summary>
        public const int BackupSectors = EntrySectors + 1;

        public const ulong FirstUsable = PrimarySectors;

        /// <summary>1 MiB in sectors: where Kiln starts its first partition.</summary>
        public const ulong Alignment = 2048;

        public static ulong LastUsable(ulong diskSectors) => diskSectors - BackupSectors - 1;
    }
}
