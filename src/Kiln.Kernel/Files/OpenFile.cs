// An open file description: what one or more descriptors refer to (dup, CLONE_FILES and fork share it), with its
// access mode and status flags. Every kind of file (console, pipe end, eventfd, epoll, and later VFS files and
// sockets) derives from it and overrides only what it supports; the defaults are Linux's answers for a file that
// lacks the operation. Reference counted: the last Drop removes the file from every epoll set and releases it.
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal abstract unsafe class OpenFile
    {
        /// <summary>Linux's mask for a file without a poll operation (DEFAULT_POLLMASK): always readable and writable.</summary>
        public const uint DefaultPollMask = PollEvents.Readable | PollEvents.Writable;

        /// <summary>Blocked callers and epoll/poll subscribers of this file; the file notifies it on every change of state.</summary>
        public readonly Readiness Readiness = new Readiness();

        /// <summary>The access mode (O_RDONLY, O_WRONLY, O_RDWR) and status flags (O_NONBLOCK, O_APPEND ...).</summary>
        public int StatusFlags;

        private int _references;

        public bool IsNonBlocking => (StatusFlags & OpenFlags.O_NONBLOCK) != 0;

        public bool CanRead => (StatusFlags & OpenFlags.O_ACCMODE) != OpenFlags.O_WRONLY;

        public bool CanWrite => (StatusFlags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY;

        public int References => _references;

        /// <summary>The file as an epoll instance, or null: epoll_ctl and epoll_wait need one, and nesting rules look for them.</summary>
        public virtual Epoll AsEpoll => null;

        /// <summary>False for files epoll refuses with EPERM (Linux: no poll operation, e.g. regular files).</summary>
        public virtual bool CanPoll => true;

        /// <summary>The inode behind a file opened by path (regular files, directories, devices), or null: fstat, mmap and fchdir use it.</summary>
        public virtual Vfs.Inode Inode => null;

        /// <summary>True for files with a position (pread, pwrite, lseek); pipes, terminals and anonymous files have none.</summary>
        public virtual bool HasPosition => false;

        /// <summary>Takes another reference: a new descriptor (dup) or a system call using the file while it may block.</summary>
        public void AddReference() => _references++;

        /// <summary>Gives a reference back; the last one detaches the file from every epoll set, then releases it.</summary>
        public void Drop()
        {
            _references--;
            if (_references > 0)
            {
                return;
            }

            Readiness.DetachObserversOf(this);
            Release();
        }

        /// <summary>Reads into the user buffers of <paramref name="io"/>: bytes read, 0 at end of file, or -errno.</summary>
        public virtual long Read(ref UserIo io) => -Errno.EINVAL;

        /// <summary>Writes from the user buffers of <paramref name="io"/>: bytes written or -errno.</summary>
        public virtual long Write(ref UserIo io) => -Errno.EINVAL;

        /// <summary>pread64/preadv at <paramref name="offset"/>: only files with a position have it; pipes, terminals and anonymous files answer ESPIPE.</summary>
        public virtual long ReadAt(ref UserIo io, long offset) => -Errno.ESPIPE;

        /// <summary>pwrite64/pwritev at <paramref name="offset"/>; ESPIPE for files without a position.</summary>
        public virtual long WriteAt(ref UserIo io, long offset) => -Errno.ESPIPE;

        /// <summary>lseek: the new position, or -errno (ESPIPE for files without a position).</summary>
        public virtual long Seek(long offset, int whence) => -Errno.ESPIPE;

        /// <summary>The readiness now: a mask of PollEvents (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP, EPOLLPRI ...).</summary>
        public virtual uint Poll() => DefaultPollMask;

        /// <summary>A device-specific ioctl; the generic ones (FIONBIO, FIOCLEX ...) are handled before this is asked.</summary>
        public virtual long Ioctl(ulong request, ulong argument) => -Errno.ENOTTY;

        /// <summary>Fills <paramref name="stat"/> (zeroed by the caller) as fstat reports this file.</summary>
        public abstract void Stat(LinuxStat* stat);

        /// <summary>fcntl commands only some files know (F_GETPIPE_SZ ...): the result, or -EINVAL.</summary>
        public virtual long Fcntl(int command, ulong argument) => -Errno.EINVAL;

        /// <summary>Sets the first reference and the flags: what every kind of file does when it is opened (or reused from its pool).</summary>
        protected void Open(int statusFlags)
        {
            _references = 1;
            StatusFlags = statusFlags;
        }

        /// <summary>The last reference is gone: free what the file holds and return it to its pool.</summary>
        protected abstract void Release();
    }
}
