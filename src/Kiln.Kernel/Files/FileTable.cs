// A process's descriptor table: descriptor number → open file, with FD_CLOEXEC per descriptor, new descriptors at
// the lowest free number. Threads made with CLONE_FILES share one table (reference counted); a thread made without
// it, or close_range(CLOSE_RANGE_UNSHARE), gets a copy. The RLIMIT_NOFILE limit is the caller's to pass: it belongs
// to the process, not to the table.
using Kiln.Files;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed class FileTable
    {
        private const int InitialCapacity = 64;

        private OpenFile[] _files;
        private readonly DescriptorBitmap _open;
        private readonly DescriptorBitmap _closeOnExec;
        private int _references;

        private FileTable(int capacity)
        {
            _files = new OpenFile[capacity];
            _open = new DescriptorBitmap(capacity);
            _closeOnExec = new DescriptorBitmap(capacity);
            _references = 1;
        }

        /// <summary>The calling thread's table.</summary>
        public static FileTable Current => Scheduler.Current.Files;

        /// <summary>How many descriptor numbers the table has room for now (select clamps nfds to it, as Linux does).</summary>
        public int Capacity => _files.Length;

        public bool IsShared => _references > 1;

        /// <summary>The program's first table: fds 0, 1 and 2 on the console.</summary>
        public static FileTable CreateInitial()
        {
            FileTable table = new FileTable(InitialCapacity);
            for (int fd = 0; fd < 3; fd++)
            {
                ConsoleFile console = ConsoleFiles.Get(fd);
                console.AddReference();
                table.Place(fd, console, closeOnExec: false);
            }

            return table;
        }

        /// <summary>Another thread shares this table (CLONE_FILES).</summary>
        public FileTable Share()
        {
            _references++;
            return this;
        }

        /// <summary>A private copy: the same open files (each gains a reference) under the same numbers and flags.</summary>
        public FileTable Copy()
        {
            FileTable copy = new FileTable(_files.Length);
            for (int fd = 0; fd < _files.Length; fd++)
            {
                OpenFile file = _files[fd];
                if (file != null)
                {
                    file.AddReference();
                    copy.Place(fd, file, _closeOnExec.IsSet(fd));
                }
            }

            return copy;
        }

        /// <summary>A thread leaves the table; the last one out closes every descriptor.</summary>
        public void Drop()
        {
            if (--_references > 0)
            {
                return;
            }

            for (int fd = 0; fd < _files.Length; fd++)
            {
                Close(fd);
            }
        }

        /// <summary>The open file at <paramref name="fd"/> with a reference the caller must Drop, or null.</summary>
        public OpenFile Acquire(long fd)
        {
            OpenFile file = Peek(fd);
            if (file != null)
            {
                file.AddReference();
            }

            return file;
        }

        /// <summary>
        /// The open file at <paramref name="fd"/> without a reference, or null: only for work that cannot block, so
        /// no other thread can close it meanwhile.
        /// </summary>
        public OpenFile Peek(long fd) => fd >= 0 && fd < _files.Length ? _files[(int)fd] : null;

        /// <summary>
        /// Installs <paramref name="file"/> (taking over one reference) at the lowest free number at or above
        /// <paramref name="floor"/> and below <paramref name="limit"/>: the number, or -EMFILE.
        /// </summary>
        public int Install(OpenFile file, int floor, bool closeOnExec, int limit)
        {
            int fd = _open.FindFirstClear(floor);
            if (fd >= limit)
            {
                return (int)-Errno.EMFILE;
            }

            Place(fd, file, closeOnExec);
            return fd;
        }

        /// <summary>Installs <paramref name="file"/> (taking over one reference) at <paramref name="fd"/>, closing what was there (dup2).</summary>
        public void InstallAt(int fd, OpenFile file, bool closeOnExec)
        {
            OpenFile previous = Peek(fd);
            Place(fd, file, closeOnExec);
            if (previous != null)
            {
                previous.Drop();
            }
        }

        /// <summary>Closes <paramref name="fd"/>: 0, or -EBADF when it is not open.</summary>
        public long Close(long fd)
        {
            OpenFile file = Peek(fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            _files[(int)fd] = null;
            _open.Clear((int)fd);
            _closeOnExec.Clear((int)fd);
            file.Drop();
            return 0;
        }

        public bool IsCloseOnExec(int fd) => _closeOnExec.IsSet(fd);

        public void SetCloseOnExec(int fd, bool value)
        {
            if (value)
            {
                _closeOnExec.Set(fd);
            }
            else
            {
                _closeOnExec.Clear(fd);
            }
        }

        /// <summary>The highest open descriptor, or -1.</summary>
        public int Highest => _open.HighestSet();

        private void Place(int fd, OpenFile file, bool closeOnExec)
        {
            if (fd >= _files.Length)
            {
                Grow(fd + 1);
            }

            _files[fd] = file;
            _open.Set(fd);
            SetCloseOnExec(fd, closeOnExec);
        }

        // The old array is not reclaimed (no collector); capacities double, so the waste stays below the use.
        private void Grow(int needed)
        {
            int capacity = _files.Length;
            while (capacity < needed)
            {
                capacity *= 2;
            }

            OpenFile[] grown = new OpenFile[capacity];
            for (int i = 0; i < _files.Length; i++)
            {
                grown[i] = _files[i];
            }

            _files = grown;
            _open.EnsureCapacity(capacity);
            _closeOnExec.EnsureCapacity(capacity);
        }
    }
}
