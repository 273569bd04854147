// One file of an image: its absolute guest path, kind, permission bits and content (a host file to copy, bytes, or
// a link target). Owner and group are always 0. Entries are immutable; ImageContent replaces them when a later
// source wins.

namespace Kiln.Host.Image
{
    /// <summary>A directory, regular file or symlink at a guest path.</summary>
    public sealed class ImageEntry
    {
        private ImageEntry(string guestPath, ImageEntryKind kind, uint mode, ContentPriority priority, string origin)
        {
            GuestPath = guestPath;
            Kind = kind;
            Mode = mode & 0xfff;
            Priority = priority;
            Origin = origin;
        }

        /// <summary>The absolute, normalized guest path ("/usr/bin/python3"); never "/" itself.</summary>
        public string GuestPath { get; }

        /// <summary>Directory, file or symlink.</summary>
        public ImageEntryKind Kind { get; }

        /// <summary>Permission bits (07777); 0777 for a symlink.</summary>
        public uint Mode { get; }

        /// <summary>For a file read from the host: its host path (read when the image is written).</summary>
        public string? HostPath { get; private init; }

        /// <summary>For a file held in memory: its bytes.</summary>
        public byte[]? Data { get; private init; }

        /// <summary>For a symlink: its target, exactly as readlink(2) will return it.</summary>
        public string? LinkTarget { get; private init; }

        /// <summary>Size of a file's content in bytes (the host file's size when it was added); 0 otherwise.</summary>
        public long Size { get; private init; }

        /// <summary>Who asked for it.</summary>
        public ContentPriority Priority { get; }

        /// <summary>Why it is in the image, for messages ("--file notes.txt", "library libc.so.6").</summary>
        public string Origin { get; }

        /// <summary>True for a directory only implied as the parent of another entry.</summary>
        public bool Implied { get; private init; }

        /// <summary>The full st_mode: type bits and permission bits.</summary>
        public uint FullMode => Mode | (Kind switch
        {
            ImageEntryKind.Directory => 0x4000u,
            ImageEntryKind.Symlink => 0xa000u,
            _ => 0x8000u,
        });

        /// <summary>A directory.</summary>
        public static ImageEntry Directory(string guestPath, uint mode, ContentPriority priority, string origin, bool implied = false)
        {
            return new ImageEntry(guestPath, ImageEntryKind.Directory, mode, priority, origin) { Implied = implied };
        }

        /// <summary>A regular file copied from <paramref name="hostPath"/> when the image is written.</summary>
        public static ImageEntry HostFile(string guestPath, string hostPath, long size, uint mode, ContentPriority priority, string origin)
        {
            return new ImageEntry(guestPath, ImageEntryKind.File, mode, priority, origin) { HostPath = hostPath, Size = size };
        }

        /// <summary>A regular file with the given bytes.</summary>
        public static ImageEntry Bytes(string guestPath, byte[] data, uint mode, ContentPriority priority, string origin)
        {
            return new ImageEntry(guestPath, ImageEntryKind.File, mode, priority, origin) { Data = data, Size = data.Length };
        }

        /// <summary>A symbolic link to <paramref name="target"/>.</summary>
        public static ImageEntry Symlink(string guestPath, string target, ContentPriority priority, string origin)
        {
            return new ImageEntry(guestPath, ImageEntryKind.Symlink, 0x1ff, priority, origin) { LinkTarget = target };
        }

        /// <summary>The same entry at another guest path (after the path was resolved through the image's symlinks).</summary>
        internal ImageEntry MovedTo(string guestPath)
        {
            return new ImageEntry(guestPath, Kind, Mode, Priority, Origin)
            {
                HostPath = HostPath, Data = Data, LinkTarget = LinkTarget, Size = Size, Implied = Implied,
            };
        }

        /// <summary>True if the two entries would put the same thing at the path (same kind and content).</summary>
        internal bool SameContentAs(ImageEntry other)
        {
            if (Kind != other.Kind)
            {
                return false;
            }

            return Kind switch
            {
                ImageEntryKind.Directory => true,
                ImageEntryKind.Symlink => LinkTarget == other.LinkTarget,
                _ => Mode == other.Mode && (HostPath != null
                    ? HostPath == other.HostPath
                    : other.Data != null && System.MemoryExtensions.SequenceEqual<byte>(Data, other.Data)),
            };
        }

        /// <summary>"a file (ORIGIN)" for messages.</summary>
        internal string Describe()
        {
            string kind = Kind switch
            {
                ImageEntryKind.Directory => "a directory",
                ImageEntryKind.Symlink => $"a symlink to {LinkTarget}",
                _ => "a file",
            };
            return $"{kind} ({Origin})";
        }
    }
}
