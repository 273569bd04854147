// The content model of an image: the set of guest paths a run needs, each a directory, a regular file or a symlink.
// This is the contract with the image writers (RootImage, which writes the root disk): Entries lists every
// path once, parents before children, in a deterministic order, and every parent is a directory entry (never a
// symlink), so a writer can create them in one pass.
//
// When two sources name the same path: the same content is kept once; for the same kind with different content, the
// higher ContentPriority wins and between equals the later one (a user's --file over a library); a directory and a
// file or symlink at one path is an error naming both sources. A path whose parent is a symlink already in the image
// is resolved through it, as the guest kernel would.

using System;
using System.Collections.Generic;

namespace Kiln.Host.Image
{
    /// <summary>The files that go into one image.</summary>
    public sealed class ImageContent
    {
        /// <summary>Default mode of implied parent directories.</summary>
        public const uint DirectoryMode = 0x1ed; // 0755

        private readonly Dictionary<string, ImageEntry> _entries = new Dictionary<string, ImageEntry>(StringComparer.Ordinal);

        /// <summary>Number of entries.</summary>
        public int Count => _entries.Count;

        /// <summary>Every entry, parents before children, ordered by path component by component.</summary>
        public IReadOnlyList<ImageEntry> Entries
        {
            get
            {
                List<ImageEntry> list = new List<ImageEntry>(_entries.Values);
                list.Sort((a, b) => ComparePaths(a.GuestPath, b.GuestPath));
                return list;
            }
        }

        /// <summary>Total bytes of file content.</summary>
        public long FileBytes
        {
            get
            {
                long total = 0;
                foreach (ImageEntry entry in _entries.Values)
                {
                    total += entry.Size;
                }

                return total;
            }
        }

        /// <summary>The entry at exactly <paramref name="guestPath"/> (not resolving symlinks), or null.</summary>
        public ImageEntry? Find(string guestPath)
        {
            return Normalize(guestPath, out string normalized) == null && _entries.TryGetValue(normalized, out ImageEntry? entry) ? entry : null;
        }

        /// <summary>Adds <paramref name="entry"/> under the rules above, creating parent directories as needed.</summary>
        /// <returns>Null, or the conflict or bad path that kept it out.</returns>
        public HostError? Add(ImageEntry entry)
        {
            string? problem = Normalize(entry.GuestPath, out string path);
            if (problem != null)
            {
                return new HostError($"cannot put {entry.Origin} at '{entry.GuestPath}' in the image: {problem}");
            }

            HostError? error = ResolveParents(entry, ref path);
            if (error != null)
            {
                return error;
            }

            if (path != entry.GuestPath)
            {
                entry = entry.MovedTo(path);
            }

            if (!_entries.TryGetValue(path, out ImageEntry? existing))
            {
                _entries[path] = entry;
                return null;
            }

            if (existing.Kind != entry.Kind)
            {
                return new HostError($"conflicting image entries at {path}: {existing.Describe()} and {entry.Describe()}");
            }

            if (entry.Kind == ImageEntryKind.Directory)
            {
                if (!entry.Implied && (existing.Implied || entry.Priority >= existing.Priority))
                {
                    _entries[path] = entry;
                }

                return null;
            }

            if (!existing.SameContentAs(entry) && entry.Priority >= existing.Priority)
            {
                _entries[path] = entry;
            }

            return null;
        }

        /// <summary>Checks that <paramref name="path"/> is absolute and returns it with "//" and "." removed and ".."
        /// applied lexically; "/" itself is rejected (the root always exists).</summary>
        /// <returns>Null, or why the path cannot name an entry.</returns>
        public static string? Normalize(string path, out string normalized)
        {
            normalized = path;
            if (!path.StartsWith('/'))
            {
                return "guest paths must be absolute";
            }

            if (path.IndexOf('\0') >= 0)
            {
                return "the path holds a NUL byte";
            }

            List<string> parts = new List<string>();
            foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }
                else if (part != ".")
                {
                    parts.Add(part);
                }
            }

            if (parts.Count == 0)
            {
                return "it names the root directory";
            }

            normalized = "/" + string.Join('/', parts);
            return null;
        }

        /// <summary>Orders paths component by component ("/a", "/a/b", "/a-b"): '/' sorts before every other byte.</summary>
        public static int ComparePaths(string a, string b)
        {
            int length = Math.Min(a.Length, b.Length);
            for (int i = 0; i < length; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] == '/' ? -1 : b[i] == '/' ? 1 : a[i].CompareTo(b[i]);
                }
            }

            return a.Length.CompareTo(b.Length);
        }

        // Walks the parents of `path`: a symlink in the image is followed (the path is rewritten to go through its
        // target), a file is a conflict, a missing directory is created as an implied one.
        private HostError? ResolveParents(ImageEntry entry, ref string path)
        {
            int followed = 0;
            bool restart = true;
            while (restart)
            {
                restart = false;
                int slash = path.IndexOf('/', 1);
                while (slash > 0)
                {
                    string parent = path.Substring(0, slash);
                    if (_entries.TryGetValue(parent, out ImageEntry? existing))
                    {
                        if (existing.Kind == ImageEntryKind.File)
                        {
                            return new HostError($"conflicting image entries: {path} ({entry.Origin}) needs {parent} to be a directory, but it is {existing.Describe()}");
                        }

                        if (existing.Kind == ImageEntryKind.Symlink)
                        {
                            if (++followed > HostPathWalk.MaxSymlinks)
                            {
                                return new HostError($"cannot put {entry.Origin} at {entry.GuestPath}: too many levels of symbolic links");
                            }

                            string target = existing.LinkTarget!.StartsWith('/')
                                ? existing.LinkTarget
                                : HostPathWalk.Parent(parent) + "/" + existing.LinkTarget;
                            string? problem = Normalize(target + path.Substring(slash), out string rewritten);
                            if (problem != null)
                            {
                                return new HostError($"cannot put {entry.Origin} at {entry.GuestPath}: {parent} links to {existing.LinkTarget}, and {problem}");
                            }

                            path = rewritten;
                            restart = true;
                            break;
                        }
                    }

                    slash = path.IndexOf('/', slash + 1);
                }
            }

            // The path is final: create what is missing above it.
            for (int slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                string parent = path.Substring(0, slash);
                if (!_entries.ContainsKey(parent))
                {
                    _entries[parent] = ImageEntry.Directory(parent, DirectoryMode, entry.Priority, $"parent of {entry.Origin}", implied: true);
                }
            }

            return null;
        }
    }
}
