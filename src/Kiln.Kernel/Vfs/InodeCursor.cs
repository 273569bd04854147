// The path resolver's cursor over inodes: holds a reference on the inode it stands on and on a looked-up child,
// enters file systems mounted on a directory, and leaves a mounted root through its mount point for "..". Pooled, so a
// path walk allocates nothing. When asked (open), it also remembers the directory and the name it last stepped in by,
// so an open file can tell its path later.
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

        // Name tracking (TrackNames): the directory the cursor last entered a child from, held, and that child's name.
        private bool _track;
        private Inode _from;
        private readonly byte[] _lookedUp = new byte[PathResolver.NameMax];
        private readonly byte[] _entered = new byte[PathResolver.NameMax];
        private int _lookedUpLength;
        private int _enteredLength;

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
            cursor._track = false;
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

        /// <summary>Remember from now on the directory and name of each step into a child (see <see cref="TakeFrom"/>).</summary>
        public void TrackNames() => _track = true;

        /// <summary>
        /// The directory the cursor stepped from into where it stands, with its reference handed to the caller, and the
        /// name of that step copied to <paramref name="name"/>: its length, or 0 (and null) when the last move was not
        /// a step by name ("..", "/", a mount).
        /// </summary>
        public int TakeFrom(Span<byte> name, out Inode directory)
        {
            directory = _from;
            _from = null;
            if (directory == null)
            {
                return 0;
            }

            for (int i = 0; i < _enteredLength; i++)
            {
                name[i] = _entered[i];
            }

            return _enteredLength;
        }

        /// <summary>Drops what the cursor holds and puts it back in its pool.</summary>
        public void Return()
        {
            ForgetFrom();
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
            if (_current.IsRemoved)
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

        public override int LookupNext(ReadOnlySpan<byte> name)
        {
            if (_track && name.Length <= _lookedUp.Length)
            {
                name.CopyTo(_lookedUp);
                _lookedUpLength = name.Length;
            }

            return _current.Lookup(name, out _next);
        }

        public override int ReadNextLink(Span<byte> buffer) => _next.ReadLink(buffer);

        public override void DropNext()
        {
            _next.Drop();
            _next = null;
        }

        public override void EnterNext()
        {
            if (_track)
            {
                // The directory stays held as where the name was found.
                _from?.Drop();
                _from = _current;
                for (int i = 0; i < _lookedUpLength; i++)
                {
                    _entered[i] = _lookedUp[i];
                }

                _enteredLength = _lookedUpLength;
            }
            else
            {
                _current.Drop();
            }

            _current = _next;
            _next = null;
            while (_current.MountedHere != null)
            {
                MoveTo(_current.MountedHere);
            }
        }

        private void ForgetFrom()
        {
            if (_from != null)
            {
                _from.Drop();
                _from = null;
            }
        }

        private void MoveTo(Inode inode)
        {
            ForgetFrom();
            inode.Hold();
            _current.Drop();
            _current = inode;
        }
    }
}
