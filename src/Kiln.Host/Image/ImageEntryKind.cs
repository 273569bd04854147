// The three kinds of file an image holds.

namespace Kiln.Host.Image
{
    /// <summary>What an <see cref="ImageEntry"/> is.</summary>
    public enum ImageEntryKind
    {
        /// <summary>A directory.</summary>
        Directory,

        /// <summary>A regular file, read from the host or held in memory.</summary>
        File,

        /// <summary>A symbolic link.</summary>
        Symlink,
    }
}
