// lstat(2) for the host importer: .NET reports no file type beyond directory and symlink, and the importer must skip
// sockets, pipes and devices (opening a FIFO would block) and copy exact permission bits. Linux x86-64 glibc only:
// struct stat is 144 bytes with st_mode (u32) at offset 24 and st_size (i64) at offset 48.

using System.Runtime.InteropServices;

namespace Kiln.Host.Image
{
    /// <summary>File type and mode of host paths.</summary>
    internal static class HostFileStatus
    {
        private const int StatSize = 144;
        private const int ModeOffset = 24;
        private const uint S_IFMT = 0xf000;

        /// <summary>S_IFREG.</summary>
        public const uint RegularFile = 0x8000;

        /// <summary>S_IFDIR.</summary>
        public const uint Directory = 0x4000;

        /// <summary>S_IFLNK.</summary>
        public const uint Symlink = 0xa000;

        /// <summary>The st_mode of <paramref name="path"/> itself (a symlink is not followed); false if it does not exist.</summary>
        public static bool TryGetMode(string path, out uint mode)
        {
            byte[] buffer = new byte[StatSize];
            mode = 0;
            if (lstat(path, buffer) != 0)
            {
                return false;
            }

            mode = System.BitConverter.ToUInt32(buffer, ModeOffset);
            return true;
        }

        /// <summary>The file type bits of a mode.</summary>
        public static uint TypeOf(uint mode)
        {
            return mode & S_IFMT;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int lstat(string path, byte[] buffer);
    }
}
