// Resolving a path to an inode for the system calls: absolute paths from the process root, relative ones from a
// directory (the working directory by default), symlinks and mounts as Linux follows them. The walking rules are
// Kiln.Files.PathResolver's (host-tested); this binds them to inodes.
using System;
using Kiln.Files;
using Kiln.Kernel.Process;

namespace Kiln.Kernel.Vfs
{
    internal static unsafe class PathWalk
    {
        /// <summary>Follow a symbolic link in the final component.</summary>
        public const int FollowFinal = PathResolver.FollowFinal;

        /// <summary>The result must be a directory (a trailing slash asks the same).</summary>
        public const int MustBeDirectory = PathResolver.MustBeDirectory;

        /// <summary>
        /// Resolves <paramref name="path"/> from <paramref name="start"/> (the working directory when null): 0 with
        /// the inode held for the caller (who Drops it), or -errno (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG ...).
        /// </summary>
        public static int Resolve(Inode start, ReadOnlySpan<byte> path, int flags, out Inode result)
        {
            byte* scratch = stackalloc byte[PathResolver.ScratchSize];
            InodeCursor cursor = InodeCursor.Rent(start ?? WorkingDirectory, ProcessRoot);
            int error = PathResolver.Resolve(cursor, path, flags, new Span<byte>(scratch, PathResolver.ScratchSize));
            return Finish(cursor, error, out result);
        }

        /// <summary>
        /// <see cref="Resolve"/>, also giving the directory the final inode was found in (held for the caller, who Drops
        /// it) and its name there, copied to <paramref name="name"/> (<see cref="PathResolver.NameMax"/> bytes): the
        /// name's length in <paramref name="nameLength"/>, 0 with a null directory when the walk did not end on a step
        /// by name (the root, "..", a mounted root).
        /// </summary>
        public static int ResolveNamed(Inode start, ReadOnlySpan<byte> path, int flags, out Inode result, out Inode directory, Span<byte> name, out int nameLength)
        {
            byte* scratch = stackalloc byte[PathResolver.ScratchSize];
            InodeCursor cursor = InodeCursor.Rent(start ?? WorkingDirectory, ProcessRoot);
            cursor.TrackNames();
            int error = PathResolver.Resolve(cursor, path, flags, new Span<byte>(scratch, PathResolver.ScratchSize));
            directory = null;
            nameLength = error < 0 ? 0 : cursor.TakeFrom(name, out directory);

            return Finish(cursor, error, out result);
        }

        /// <summary>
        /// Resolves all of <paramref name="path"/> but its last component: 0 with the directory that holds it (held
        /// for the caller) and the component's place in <paramref name="path"/> ("." or ".." possible; length 0 for
        /// the root), or -errno.
        /// </summary>
        public static int ResolveParent(Inode start, ReadOnlySpan<byte> path, out Inode parent, out int nameStart, out int nameLength)
        {
            byte* scratch = stackalloc byte[PathResolver.ScratchSize];
            InodeCursor cursor = InodeCursor.Rent(start ?? WorkingDirectory, ProcessRoot);
            int error = PathResolver.ResolveParent(cursor, path, new Span<byte>(scratch, PathResolver.ScratchSize), out nameStart, out nameLength);
            return Finish(cursor, error, out parent);
        }

        private static Inode WorkingDirectory => UserProcess.WorkingDirectory ?? VfsRoot.Root;

        private static Inode ProcessRoot => UserProcess.RootDirectory ?? VfsRoot.Root;

        private static int Finish(InodeCursor cursor, int error, out Inode result)
        {
            if (error < 0)
            {
                cursor.Return();
                result = null;
                return error;
            }

            result = cursor.TakeAndReturn();
            return 0;
        }
    }
}
