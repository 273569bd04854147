// Overflow-safe bounds checks for (offset, size) pairs read from an untrusted file.

namespace Kiln.Elf
{
    /// <summary>Checks that a range read from a file header lies inside the file.</summary>
    internal static class FileRange
    {
        /// <summary>True if [offset, offset + size) lies inside a file of <paramref name="length"/> bytes.</summary>
        public static bool Fits(ulong offset, ulong size, int length) => Fits(offset, size, (ulong)length);

        /// <summary>True if [offset, offset + size) lies inside a file of <paramref name="fileLength"/> bytes.</summary>
        public static bool Fits(ulong offset, ulong size, ulong fileLength) => offset <= fileLength && size <= fileLength - offset;

        /// <summary>True if count entries of entrySize bytes at offset lie inside the file.</summary>
        public static bool FitsTable(ulong offset, int entrySize, int count, int length)
        {
            // count and entrySize are at most 0xffff each, so their product cannot overflow a ulong.
            return Fits(offset, (ulong)entrySize * (ulong)count, length);
        }
    }
}
