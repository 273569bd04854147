// Path resolution as Linux's namei does it, over any tree a PathCursor walks: absolute paths start at the process
// root, relative ones where the cursor stands; "." stays, ".." goes up (never above the root); symbolic links in the
// middle of a path are always followed, a final one only when asked or when a trailing slash follows it; at most 40
// links per resolution (ELOOP); components longer than 255 bytes and paths of 4096 bytes or more are ENAMETOOLONG.
//
// The unresolved rest of the path lives at the end of a scratch buffer; following a link puts its target in front of
// the rest, so relative targets continue from the link's directory and absolute ones from the root.
using System;
using Kiln.Linux;

namespace Kiln.Files
{
    public static class PathResolver
    {
        /// <summary>PATH_MAX: a path, its terminating NUL included, fits in this many bytes.</summary>
        public const int PathMax = 4096;

        /// <summary>NAME_MAX: the longest component.</summary>
        public const int NameMax = 255;

        /// <summary>MAXSYMLINKS: links followed in one resolution before ELOOP.</summary>
        public const int MaxSymlinks = 40;

        /// <summary>The scratch space a resolution needs.</summary>
        public const int ScratchSize = 2 * PathMax;

        /// <summary>Follow a symbolic link in the final component (stat, open without O_NOFOLLOW).</summary>
        public const int FollowFinal = 1;

        /// <summary>The result must be a directory (O_DIRECTORY, chdir); a trailing slash asks the same.</summary>
        public const int MustBeDirectory = 2;

        /// <summary>
        /// Walks <paramref name="path"/> from where <paramref name="cursor"/> stands: 0 with the cursor on the result,
        /// or -errno (the cursor is then somewhere along the way).
        /// </summary>
        public static int Resolve(PathCursor cursor, ReadOnlySpan<byte> path, int flags, Span<byte> scratch) =>
            Walk(cursor, path, flags, scratch, parentOnly: false, out _, out _);

        /// <summary>
        /// Walks every component but the last: 0 with the cursor on the directory that holds it and the last component
        /// as a range of <paramref name="path"/> (possibly "." or ".."; length 0 when the path names the root), or
        /// -errno. Trailing slashes are not part of the name; callers that care look at the path's last byte.
        /// </summary>
        public static int ResolveParent(PathCursor cursor, ReadOnlySpan<byte> path, Span<byte> scratch, out int nameStart, out int nameLength) =>
            Walk(cursor, path, 0, scratch, parentOnly: true, out nameStart, out nameLength);

        /// <summary>True for "." and "..".</summary>
        public static bool IsDots(ReadOnlySpan<byte> name) =>
            (name.Length == 1 && name[0] == (byte)'.') || (name.Length == 2 && name[0] == (byte)'.' && name[1] == (byte)'.');

        private static int Walk(PathCursor cursor, ReadOnlySpan<byte> path, int flags, Span<byte> scratch, bool parentOnly, out int nameStart, out int nameLength)
        {
            nameStart = path.Length;
            nameLength = 0;
            if (path.Length == 0)
            {
                return (int)-Errno.ENOENT;
            }

            if (path.Length >= PathMax)
            {
                return (int)-Errno.ENAMETOOLONG;
            }

            if (scratch.Length < ScratchSize)
            {
                return (int)-Errno.EINVAL;
            }

            int end = scratch.Length;
            int start = end - path.Length;
            path.CopyTo(scratch.Slice(start));
            int links = 0;
            bool fresh = true;
            while (true)
            {
                // A leading slash of the path or of a link's target starts again from the root.
                if (fresh)
                {
                    if (scratch[start] == (byte)'/')
                    {
                        cursor.ToRoot();
                    }

                    fresh = false;
                }

                while (start < end && scratch[start] == (byte)'/')
                {
                    start++;
                }

                if (start == end)
                {
                    break;
                }

                if (!cursor.AtDirectory)
                {
                    return (int)-Errno.ENOTDIR;
                }

                int nameBegin = start;
                while (start < end && scratch[start] != (byte)'/')
                {
                    start++;
                }

                int length = start - nameBegin;
                int after = start;
                while (after < end && scratch[after] == (byte)'/')
                {
                    after++;
                }

                bool last = after == end;
                bool trailingSlash = last && after > start;
                if (length > NameMax)
                {
                    return (int)-Errno.ENAMETOOLONG;
                }

                ReadOnlySpan<byte> name = scratch.Slice(nameBegin, length);
                if (last && parentOnly)
                {
                    // The last component is always the original path's own tail: a link is only expanded in front
                    // of what follows it, and parentOnly never follows the last one.
                    nameStart = path.Length - (end - nameBegin);
                    nameLength = length;
                    return 0;
                }

                if (IsDots(name))
                {
                    if (length == 2)
                    {
                        int up = cursor.ToParent();
                        if (up < 0)
                        {
                            return up;
                        }
                    }

                    continue;
                }

                int found = cursor.LookupNext(name);
                if (found < 0)
                {
                    return found;
                }

                if (cursor.NextIsSymlink && (!last || trailingSlash || (flags & FollowFinal) != 0))
                {
                    int expanded = Expand(cursor, scratch, ref start, end, ref links);
                    if (expanded < 0)
                    {
                        return expanded;
                    }

                    fresh = true;
                    continue;
                }

                cursor.EnterNext();
                if (last)
                {
                    break;
                }
            }

            bool wantDirectory = (flags & MustBeDirectory) != 0 || path[path.Length - 1] == (byte)'/';
            return wantDirectory && !cursor.AtDirectory ? (int)-Errno.ENOTDIR : 0;
        }

        // Replaces the looked-up link by its target: the rest becomes target + what followed the link's name.
        private static int Expand(PathCursor cursor, Span<byte> scratch, ref int start, int end, ref int links)
        {
            if (++links > MaxSymlinks)
            {
                cursor.DropNext();
                return (int)-Errno.ELOOP;
            }

            // The rest never exceeds PathMax bytes, so the first PathMax bytes of the scratch are free.
            int length = cursor.ReadNextLink(scratch.Slice(0, PathMax));
            cursor.DropNext();
            if (length < 0)
            {
                return length;
            }

            if (length == 0)
            {
                return (int)-Errno.ENOENT;
            }

            int rest = end - start;
            if (length >= PathMax || length + rest >= PathMax)
            {
                return (int)-Errno.ENAMETOOLONG;
            }

            start -= length;
            scratch.Slice(0, length).CopyTo(scratch.Slice(start, length));
            return 0;
        }
    }
}
