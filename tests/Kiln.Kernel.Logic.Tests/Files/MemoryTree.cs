// An in-memory file tree for the path resolver's tests: directories, files and symlinks by name, mounts (a directory
// whose contents are another tree's root), and a cursor over it that counts the lookups it was asked for.
using System;
using System.Collections.Generic;
using System.Text;
using Kiln.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Logic.Tests.Files
{
    internal sealed class MemoryNode
    {
        public readonly string Name;
        public readonly MemoryNode? Parent;
        public readonly Dictionary<string, MemoryNode>? Children;
        public readonly string? LinkTarget;
        public MemoryNode? MountedHere;
        public MemoryNode? MountPoint;
        public bool Removed;

        private MemoryNode(string name, MemoryNode? parent, bool directory, string? target)
        {
            Name = name;
            Parent = parent;
            Children = directory ? new Dictionary<string, MemoryNode>() : null;
            LinkTarget = target;
        }

        public bool IsDirectory => Children != null;

        public static MemoryNode NewRoot(string name = "/") => new MemoryNode(name, null, true, null);

        public MemoryNode Dir(string name) => Add(new MemoryNode(name, this, true, null));

        public MemoryNode File(string name) => Add(new MemoryNode(name, this, false, null));

        public MemoryNode Link(string name, string target) => Add(new MemoryNode(name, this, false, target));

        private MemoryNode Add(MemoryNode child)
        {
            Children![child.Name] = child;
            return child;
        }

        public string FullName()
        {
            if (Parent == null)
            {
                return MountPoint == null ? Name : MountPoint.FullName() + "(" + Name + ")";
            }

            string parent = Parent.FullName();
            return parent.EndsWith("/") || parent.EndsWith(")") ? parent + Name : parent + "/" + Name;
        }
    }

    internal sealed class MemoryCursor : PathCursor
    {
        private readonly MemoryNode _root;
        private MemoryNode? _next;

        public MemoryCursor(MemoryNode root, MemoryNode start)
        {
            _root = root;
            Current = start;
        }

        public MemoryNode Current { get; private set; }

        public int Lookups { get; private set; }

        public override bool AtDirectory => Current.IsDirectory;

        public override bool NextIsSymlink => _next!.LinkTarget != null;

        public override void ToRoot() => Current = _root;

        public override int ToParent()
        {
            if (Current.Removed)
            {
                return (int)-Errno.ENOENT;
            }

            while (Current != _root && Current.Parent == null && Current.MountPoint != null)
            {
                Current = Current.MountPoint;
            }

            if (Current != _root && Current.Parent != null)
            {
                Current = Current.Parent;
            }

            return 0;
        }

        public override int LookupNext(ReadOnlySpan<byte> name)
        {
            Lookups++;
            Assert.Null(_next);
            if (!Current.Children!.TryGetValue(Encoding.UTF8.GetString(name), out MemoryNode? child))
            {
                return (int)-Errno.ENOENT;
            }

            _next = child;
            return 0;
        }

        public override int ReadNextLink(Span<byte> buffer)
        {
            byte[] target = Encoding.UTF8.GetBytes(_next!.LinkTarget!);
            int length = Math.Min(target.Length, buffer.Length);
            target.AsSpan(0, length).CopyTo(buffer);
            return length;
        }

        public override void DropNext() => _next = null;

        public override void EnterNext()
        {
            Current = _next!;
            _next = null;
            while (Current.MountedHere != null)
            {
                Current = Current.MountedHere;
            }
        }

        private static class Assert
        {
            public static void Null(object? value)
            {
                if (value != null)
                {
                    throw new InvalidOperationException("a lookup while another child was pending");
                }
            }
        }
    }
}
