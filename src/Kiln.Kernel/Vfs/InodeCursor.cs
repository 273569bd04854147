// The path resolver's cursor over inodes: holds a reference on the inode it stands on and on a looked-up child,
// enters file systems mounted on a directory, and leaves a mounted root through its mount point for "..". Pooled, so a
// path walk allocates nothing.
using System;
using Kiln.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal sealed class InodeCursor : PathCursor
    {
        private static InodeCursor s_pool;

        private InodeCursor _poolNext;
        private Inode _root;
        private Inode _current;
        private Inode _next;

        /// <summary>A cursor on <paramref name="start"/> (held by the cursor) whose root is <paramref name="root"/>.</summary>
        public static InodeCursor Rent(Inode start, Inode root)
        {
            InodeCursor cursor = s_pool;
            if (cursor != null)
            {
                s_pool = cursor._poolNext;
                cursor._poolNext = null;
            }
            else
            {
                cursor = new InodeCursor();
            }

            cursor._root = root;
            cursor._current = start;
            start.Hold();
            return cursor;
        }

        /// <summary>The inode the cursor stands on, with the cursor's reference handed to the caller; the cursor goes back to its pool.</summary>
        public Inode TakeAndReturn()
        {
            Inode current = _current;
            _current = null;
            Return();
            return current;
        }

        /// <summary>Drops what the cursor holds and puts it back in its pool.</summary>
        public void Return()
        {
            if (_next != null)
            {
                _next.Drop();
                _next = null;
            }

            if (_current != null)
            {
                _current.Drop();
                _current = null;
            }

            _root = null;
            _poolNext = s_pool;
            s_pool = this;
        }

        public override bool AtDirectory => _current.IsDirectory;

        public override bool NextIsSymlink => _next.IsSymlink;

        public override void ToRoot() => MoveTo(_root);

        public override int ToParent()
        {
            if (_current == _root)
            {
                return 0;
            }

            // A directory that was removed has no parent any more (Linux: ENOENT).
            if (_current.LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            while (_current.FileSystem.Root == _current && _current.FileSystem.MountPoint != null)
            {
                MoveTo(_current.FileSystem.MountPoint);
                if (_current == _root)
                {
                    return 0;
                }
            }

            if (_current.Parent != null)
            {
                MoveTo(_current.Parent);
            }

            return 0;
        }

        public override int LookupNext(ReadOnlySpan<byte> name) => _current.Lookup(name, out _next);

        public override int ReadNextLink(Span<byte> buffer) => _next.ReadLink(buffer);

        public override void DropNext()
        {
            _next.Drop();
            _next = null;
        }

        public override void EnterNext()
        {
            _current.Drop();
            _current = _next;
            _next = null;
            while (_current.MountedHere != null)
            {
                MoveTo(_current.MountedHere);
            }
        }

        private void MoveTo(Inode inode)
        {
            inode.Hold();
            _current.Drop();
            _current = inode;
        }
    }
}
