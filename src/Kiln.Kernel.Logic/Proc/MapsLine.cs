// One line of /proc/<pid>/maps, byte for byte as Linux's show_map_vma prints it (fs/proc/task_mmu.c):
// "start-end perms offset major:minor inode", the addresses at least 8 hex digits, then, when the mapping has a name,
// spaces up to column 73 and the name ([heap], [stack], [vdso], a file's path). A line without a name keeps the
// space after the inode number, as Linux's does.
using System;
using Kiln.Text;

namespace Kiln.Proc
{
    public static class MapsLine
    {
        // seq_setwidth(m, 25 + sizeof(void *) * 6 - 1) on a 64-bit kernel.
        private const int HeaderWidth = 25 + (8 * 6) - 1;

        public static void Write(
            ref ByteWriter text,
            ulong start,
            ulong end,
            bool read,
            bool write,
            bool execute,
            bool shared,
            ulong offset,
            uint major,
            uint minor,
            ulong inode,
            ReadOnlySpan<byte> name)
        {
            text.SetWidth(HeaderWidth);
            text.Hex(start, 8);
            text.Append('-');
            text.Hex(end, 8);
            text.Append(' ');
            text.Append(read ? 'r' : '-');
            text.Append(write ? 'w' : '-');
            text.Append(execute ? 'x' : '-');
            text.Append(shared ? 's' : 'p');
            text.Append(' ');
            text.Hex(offset, 8);
            text.Append(' ');
            text.Hex(major, 2);
            text.Append(':');
            text.Hex(minor, 2);
            text.Append(' ');
            text.Decimal(inode);
            text.Append(' ');
            if (!name.IsEmpty)
            {
                text.Pad((byte)' ');
                text.Append(name);
            }

            text.Append('\n');
        }
    }
}
