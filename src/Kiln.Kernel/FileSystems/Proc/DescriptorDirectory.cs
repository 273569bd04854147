// /proc/<pid>/fd and /proc/<pid>/fdinfo: one entry per open descriptor of the thread's table, listed in
// descriptor order. In fd/ each is a symlink to what the descriptor names (mode lr-x, l-wx or lrwx by its access
// mode, as Linux's); in fdinfo/ a file with its position, flags and inode.
using System;
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Files;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal sealed unsafe class DescriptorDirectory : PseudoDirectory
    {
        // The entries the per-descriptor inodes are made from (one each; the descriptor is part of the context).
        private static PseudoEntry s_link;
        private static PseudoEntry s_info;

        private bool _info;

        public static Inode MakeLinks(PseudoDirectory parent, PseudoEntry entry, long context) => Make(parent, entry, context, false);

        public static Inode MakeInfo(PseudoDirectory parent, PseudoEntry entry, long context) => Make(parent, entry, context, true);

        private static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context, bool info)
        {
            s_link ??= PseudoEntry.Symlink("fd", &LinkTarget);
            s_info ??= PseudoEntry.File("fdinfo", &InfoText);
            DescriptorDirectory directory = new DescriptorDirectory();
            directory.Initialize(parent, entry, context, S_IFDIR | (info ? 0x16Du : 0x140u), entry.InodeNumber(context));
            directory._info = info;
            return directory;
        }

        /// <summary>The open file behind descriptor <paramref name="fd"/> of thread <paramref name="tid"/>, or null.</summary>
        public static OpenFile FileOf(long tid, long fd)
        {
            Thread thread = ThreadRegistry.Find((int)tid);
            return thread == null || thread.Files == null ? null : thread.Files.Peek(fd);
        }

        protected override bool NextEntry(ref long cursor, Span<byte> name, out int nameLength, out ulong inode, out byte type)
        {
            nameLength = 0;
            inode = 0;
            type = _info ? DirectorySink.DT_REG : DirectorySink.DT_LNK;
            Thread thread = ThreadRegistry.Find((int)Context);
            if (thread == null || thread.Files == null)
            {
                return false;
            }

            int highest = thread.Files.Highest;
            for (long fd = cursor < 0 ? 0 : cursor; fd <= highest; fd++)
            {
                if (thread.Files.Peek(fd) != null)
                {
                    cursor = fd;
                    nameLength = CopyNumber(fd, name);
                    inode = (_info ? s_info : s_link).InodeNumber(Pack(Context, fd));
                    return true;
                }
            }

            return false;
        }

        protected override Inode LookupEntry(ReadOnlySpan<byte> name)
        {
            long fd = ParseNumber(name);
            OpenFile file = fd < 0 ? null : FileOf(Context, fd);
            if (file == null)
            {
                return null;
            }

            long context = Pack(Context, fd);
            PseudoInode child;
            if (_info)
            {
                child = (PseudoInode)GeneratedFile.Make(this, s_info, context);
            }
            else
            {
                uint mode = S_IFLNK;
                if (file.CanRead)
                {
                    mode |= 0x140; // r-x
                }

                if (file.CanWrite)
                {
                    mode |= 0xC0; // -wx
                }

                child = GeneratedSymlink.Make(this, s_link, context, mode, s_link.InodeNumber(context));
            }

            child.NumericName = fd;
            return child;
        }

        private static long Pack(long tid, long fd) => (tid << 32) | fd;

        private static void LinkTarget(ref ByteWriter text, long context)
        {
            OpenFile file = FileOf(context >> 32, context & 0xFFFFFFFF);
            if (file != null)
            {
                FileNames.Describe(file, ref text);
            }
        }

        // fs/proc/fd.c seq_show: "pos:\t%lli\nflags:\t0%o\nmnt_id:\t%i\nino:\t%lu\n".
        private static void InfoText(ref ByteWriter text, long context)
        {
            long fd = context & 0xFFFFFFFF;
            Thread thread = ThreadRegistry.Find((int)(context >> 32));
            OpenFile file = thread == null || thread.Files == null ? null : thread.Files.Peek(fd);
            if (file == null)
            {
                return;
            }

            LinuxStat stat = default;
            file.Stat(&stat);
            int flags = file.StatusFlags;
            if (thread.Files.IsCloseOnExec((int)fd))
            {
                flags |= OpenFlags.O_CLOEXEC;
            }

            text.Append("pos:\t");
            text.Decimal(file is SnapshotFile snapshot ? snapshot.Position : 0);
            text.Append("\nflags:\t0");
            Octal(ref text, (uint)flags);
            text.Append("\nmnt_id:\t");
            text.Decimal(file.Inode != null ? (long)file.Inode.FileSystem.DeviceId : 0);
            text.Append("\nino:\t");
            text.Decimal(stat.Ino);
            text.Append('\n');
        }

        private static void Octal(ref ByteWriter text, uint value)
        {
            byte* digits = stackalloc byte[12];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (value & 7));
                value >>= 3;
            }
            while (value != 0);

            while (count > 0)
            {
                text.Append(digits[--count]);
            }
        }
    }
}
