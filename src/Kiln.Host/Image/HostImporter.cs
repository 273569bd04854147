// Copies host files into an ImageContent, keeping the host's shape: every symlink met on the way to a path (a
// merged-/usr "/lib -> usr/lib", "/usr/bin/python3 -> python3.11") goes in as a symlink beside its target, so
// readlink in the guest answers what it answers on the host. Parent directories take the host's modes.
// Trees are walked in name order; symlinks inside a tree copied to the same path are followed (their targets go
// in too), those inside a tree mapped elsewhere are copied as they are. Sockets, pipes and devices are skipped.

using System;
using System.Collections.Generic;
using System.IO;

namespace Kiln.Host.Image
{
    /// <summary>Adds host files, directory trees and their symlinks to an image.</summary>
    public sealed class HostImporter
    {
        private readonly ImageContent _content;
        private readonly HashSet<string> _walkedTrees = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Creates an importer that adds to <paramref name="content"/>.</summary>
        public HostImporter(ImageContent content)
        {
            _content = content;
        }

        /// <summary>Decides whether a host path inside a tree is left out (true) of the image.</summary>
        public delegate bool Filter(string hostPath, bool isDirectory);

        /// <summary>Adds the host path <paramref name="hostPath"/> at the same guest path, with the symlinks on its way.</summary>
        /// <param name="hostPath">A host file or directory (relative to the current directory, or absolute).</param>
        /// <param name="priority">The precedence of the entries.</param>
        /// <param name="origin">Why it is added, for messages.</param>
        /// <param name="tree">For a directory: add everything under it (otherwise just the directory).</param>
        /// <param name="exclude">Leaves paths inside the tree out; null keeps everything.</param>
        /// <returns>Null, or why it could not be added.</returns>
        public HostError? AddPath(string hostPath, ContentPriority priority, string origin, bool tree = false, Filter? exclude = null)
        {
            List<HostPathWalk.Link> links = new List<HostPathWalk.Link>();
            string? problem = HostPathWalk.Resolve(hostPath, links, followLast: true, out string resolved);
            if (problem != null)
            {
                return new HostError($"cannot add {hostPath} ({origin}): {problem}");
            }

            foreach (HostPathWalk.Link link in links)
            {
                HostError? error = AddParents(link.Path, priority, origin) ?? _content.Add(ImageEntry.Symlink(link.Path, link.Target, priority, origin));
                if (error != null)
                {
                    return error;
                }
            }

            if (resolved == "/")
            {
                // The root always exists in an image; a tree of it is not something kiln copies.
                return null;
            }

            if (Directory.Exists(resolved))
            {
                HostError? error = AddParents(resolved, priority, origin) ??
                    _content.Add(ImageEntry.Directory(resolved, ModeOf(resolved), priority, origin));
                return error ?? (tree ? AddChildren(resolved, resolved, priority, origin, exclude, follow: true) : null);
            }

            if (!File.Exists(resolved))
            {
                return new HostError($"no such file or directory: {hostPath} ({origin})");
            }

            return AddParents(resolved, priority, origin) ?? AddFile(resolved, resolved, priority, origin);
        }

        /// <summary>Adds the host directory tree <paramref name="hostDirectory"/> at <paramref name="guestDirectory"/>.</summary>
        /// <returns>Null, or why it could not be added.</returns>
        public HostError? MapTree(string hostDirectory, string guestDirectory, ContentPriority priority, string origin)
        {
            string? real = HostPathWalk.RealPath(hostDirectory);
            if (real == null || !Directory.Exists(real))
            {
                return new HostError($"no such directory: {hostDirectory} ({origin})");
            }

            string? problem = ImageContent.Normalize(guestDirectory, out string guest);
            if (problem != null)
            {
                return new HostError($"invalid guest path '{guestDirectory}' ({origin}): {problem}");
            }

            return _content.Add(ImageEntry.Directory(guest, ModeOf(real), priority, origin)) ??
                AddChildren(real, guest, priority, origin, null, follow: false);
        }

        private HostError? AddChildren(string hostDirectory, string guestDirectory, ContentPriority priority, string origin, Filter? exclude, bool follow)
        {
            if (!_walkedTrees.Add(hostDirectory + "\0" + guestDirectory))
            {
                return null;
            }

            string[] children;
            try
            {
                children = Directory.GetFileSystemEntries(hostDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new HostError($"cannot list {hostDirectory} ({origin}): {e.Message}");
            }

            Array.Sort(children, StringComparer.Ordinal);
            foreach (string child in children)
            {
                string name = Path.GetFileName(child);
                string guest = guestDirectory + "/" + name;
                string? target = HostPathWalk.ReadLink(child);
                bool isDirectory = target == null && Directory.Exists(child);
                if (exclude != null && exclude(child, isDirectory))
                {
                    continue;
                }

                HostError? error;
                if (target != null)
                {
                    error = _content.Add(ImageEntry.Symlink(guest, target, priority, origin));
                    if (error == null && follow && (File.Exists(child) || Directory.Exists(child)))
                    {
                        error = AddPath(child, priority, origin, tree: true, exclude);
                    }
                }
                else if (isDirectory)
                {
                    error = _content.Add(ImageEntry.Directory(guest, ModeOf(child), priority, origin)) ??
                        AddChildren(child, guest, priority, origin, exclude, follow);
                }
                else if (IsRegularFile(child))
                {
                    error = AddFile(child, guest, priority, origin);
                }
                else
                {
                    error = null;
                }

                if (error != null)
                {
                    return error;
                }
            }

            return null;
        }

        private HostError? AddFile(string hostPath, string guestPath, ContentPriority priority, string origin)
        {
            FileInfo info = new FileInfo(hostPath);
            return _content.Add(ImageEntry.HostFile(guestPath, hostPath, info.Length, ModeOf(hostPath), priority, origin));
        }

        // Adds the real directories above `path` with their host modes, as implied entries an explicit one replaces.
        private HostError? AddParents(string path, ContentPriority priority, string origin)
        {
            for (int slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                string parent = path.Substring(0, slash);
                if (_content.Find(parent) == null)
                {
                    HostError? error = _content.Add(ImageEntry.Directory(parent, ModeOf(parent), priority, $"parent of {origin}", implied: true));
                    if (error != null)
                    {
                        return error;
                    }
                }
            }

            return null;
        }

        private static bool IsRegularFile(string path)
        {
            return HostFileStatus.TryGetMode(path, out uint mode) && HostFileStatus.TypeOf(mode) == HostFileStatus.RegularFile;
        }

        // Permission bits of a real (non-symlink) path; parents that vanished meanwhile get the default.
        private static uint ModeOf(string path)
        {
            return HostFileStatus.TryGetMode(path, out uint mode) ? mode & 0xfff : ImageContent.DirectoryMode;
        }
    }
}
