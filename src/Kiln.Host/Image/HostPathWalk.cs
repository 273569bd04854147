// Resolves a host path one component at a time, the way the kernel does: each symlink met on the way is reported
// (its path and target) before the walk continues at the target. The image importer turns those into symlink
// entries so the guest sees the same links as the host; the resolver uses the final path as realpath(3).

using System;
using System.Collections.Generic;
using System.IO;

namespace Kiln.Host.Image
{
    /// <summary>Symlink-aware resolution of host paths.</summary>
    public static class HostPathWalk
    {
        /// <summary>Linux's limit on symlinks followed in one lookup (MAXSYMLINKS).</summary>
        public const int MaxSymlinks = 40;

        /// <summary>A symlink met during a walk: where it is (all parents real directories) and what it says.</summary>
        public readonly record struct Link(string Path, string Target);

        /// <summary>Resolves <paramref name="path"/> (made absolute against the current directory).</summary>
        /// <param name="path">The host path.</param>
        /// <param name="links">Receives each symlink followed, in order; may be null.</param>
        /// <param name="followLast">Whether a symlink in the last component is followed.</param>
        /// <param name="resolved">The path with no symlink left (the last component may not exist).</param>
        /// <returns>Null, or why the path cannot be resolved (a loop, or a parent that is not a directory).</returns>
        public static string? Resolve(string path, List<Link>? links, bool followLast, out string resolved)
        {
            resolved = "/";
            Stack<string> pending = new Stack<string>();
            PushComponents(pending, Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path));
            string current = "/";
            int followed = 0;
            while (pending.Count > 0)
            {
                string component = pending.Pop();
                if (component == "." || component.Length == 0)
                {
                    continue;
                }

                if (component == "..")
                {
                    current = Parent(current);
                    continue;
                }

                string candidate = current == "/" ? "/" + component : current + "/" + component;
                bool last = pending.Count == 0;
                string? target = ReadLink(candidate);
                if (target != null && (!last || followLast))
                {
                    if (++followed > MaxSymlinks)
                    {
                        resolved = candidate;
                        return $"too many levels of symbolic links at {candidate}";
                    }

                    links?.Add(new Link(candidate, target));
                    PushComponents(pending, target);
                    if (target.StartsWith('/'))
                    {
                        current = "/";
                    }

                    continue;
                }

                if (!last && target == null && File.Exists(candidate))
                {
                    resolved = candidate;
                    return $"{candidate} is not a directory";
                }

                current = candidate;
            }

            resolved = current;
            return null;
        }

        /// <summary>realpath(3): the path with every symlink resolved, or null if it cannot be resolved.</summary>
        public static string? RealPath(string path)
        {
            return Resolve(path, null, followLast: true, out string resolved) == null && (File.Exists(resolved) || Directory.Exists(resolved))
                ? resolved
                : null;
        }

        /// <summary>readlink(2): the target of the symlink at <paramref name="path"/>, or null if it is not one.</summary>
        public static string? ReadLink(string path)
        {
            try
            {
                return new FileInfo(path).LinkTarget;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The directory part of an absolute path ("/" for "/x").</summary>
        public static string Parent(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }

        // Pushes the components of `path` so that the first one is popped first, ahead of what is already pending.
        private static void PushComponents(Stack<string> pending, string path)
        {
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                pending.Push(parts[i]);
            }
        }
    }
}
