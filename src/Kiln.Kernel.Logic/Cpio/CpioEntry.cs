// One member of a cpio newc archive as the reader returns it: header fields, name and body, as views into the archive.

using System;

namespace Kiln.Cpio
{
    /// <summary>An entry of a cpio newc archive.</summary>
    public ref struct CpioEntry
    {
        /// <summary>The name as stored, without the terminating NUL (e.g. "kiln/manifest" or "./hello").</summary>
        public ReadOnlySpan<byte> Name;

        /// <summary>The file's bytes (c_filesize of them).</summary>
        public ReadOnlySpan<byte> Data;

        /// <summary>c_mode: file type and permission bits, as in st_mode (0100755 for an executable).</summary>
        public uint Mode;

        /// <summary>c_ino: inode number.</summary>
        public uint Inode;

        /// <summary>c_uid: owner.</summary>
        public uint Uid;

        /// <summary>c_gid: group.</summary>
        public uint Gid;

        /// <summary>c_nlink: number of links.</summary>
        public uint LinkCount;

        /// <summary>c_mtime: modification time in seconds since the epoch.</summary>
        public uint ModificationTime;

        /// <summary>The file type bits of <see cref="Mode"/> (S_IFMT).</summary>
        public readonly uint FileType => Mode & CpioFormat.S_IFMT;

        /// <summary>True for a regular file.</summary>
        public readonly bool IsRegularFile => FileType == CpioFormat.S_IFREG;

        /// <summary>True for a directory.</summary>
        public readonly bool IsDirectory => FileType == CpioFormat.S_IFDIR;
    }
}
