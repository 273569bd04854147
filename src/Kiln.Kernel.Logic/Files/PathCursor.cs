// What the path resolver needs from a file tree: a position on one node that can step to the root, to the parent, or
// to a named child (first looked up into a "next" slot, so a symlink can be read and left without entering it).
// The kernel implements it over inodes (taking and dropping references, crossing mounts); the host tests over an
// in-memory tree.
using System;

namespace Kiln.Files
{
    public abstract class PathCursor
    {
        /// <summary>True when the node the cursor stands on is a directory.</summary>
        public abstract bool AtDirectory { get; }

        /// <summary>Moves to the process's root directory.</summary>
        public abstract void ToRoot();

        /// <summary>
        /// Moves to the parent (".."): stays at the process root, leaves a mounted file system's root for the mount
        /// point's parent. 0, or -errno (ENOENT for a directory that was removed).
        /// </summary>
        public abstract int ToParent();

        /// <summary>Looks up the child <paramref name="name"/> of the current directory into the next slot: 0 or -errno.</summary>
        public abstract int LookupNext(ReadOnlySpan<byte> name);

        /// <summary>True when the looked-up child is a symbolic link.</summary>
        public abstract bool NextIsSymlink { get; }

        /// <summary>Copies the looked-up symlink's target into <paramref name="buffer"/>: its length or -errno.</summary>
        public abstract int ReadNextLink(Span<byte> buffer);

        /// <summary>Forgets the looked-up child (a symlink that is being followed).</summary>
        public abstract void DropNext();

        /// <summary>Moves to the looked-up child (into what is mounted on it, if anything).</summary>
        public abstract void EnterNext();
    }
}
