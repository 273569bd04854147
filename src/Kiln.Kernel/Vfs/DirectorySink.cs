// Where ReadDirectory puts entries: struct linux_dirent64 records (d_ino, d_off, d_reclen, d_type, d_name NUL-ended,
// each record 8-byte aligned) packed into a kernel buffer that getdents64 then copies to the program.
using System;

namespace Kiln.Kernel.Vfs
{
    internal unsafe struct DirectorySink
    {
        public const byte DT_UNKNOWN = 0;
        public const byte DT_FIFO = 1;
        public const byte DT_CHR = 2;
        public const byte DT_DIR = 4;
        public const byte DT_BLK = 6;
        public const byte DT_REG = 8;
        public const byte DT_LNK = 10;
        public const byte DT_SOCK = 12;

        private const int HeaderSize = 19; // d_ino 8, d_off 8, d_reclen 2, d_type 1

        private byte* _buffer;
        private int _capacity;
        private int _used;
        private int _count;

        public DirectorySink(byte* buffer, int capacity)
        {
            _buffer = buffer;
            _capacity = capacity;
            _used = 0;
            _count = 0;
        }

        /// <summary>Bytes of records written.</summary>
        public int Used => _used;

        /// <summary>Entries written.</summary>
        public int Count => _count;

        /// <summary>The d_type for an st_mode.</summary>
        public static byte TypeOf(uint mode) => (byte)((mode & Inode.S_IFMT) >> 12);

        /// <summary>
        /// Appends one entry whose d_off is <paramref name="nextPosition"/> (where listing resumes after it); false when
        /// it does not fit, and then the caller stops without advancing its position.
        /// </summary>
        public bool Add(ulong inode, long nextPosition, byte type, ReadOnlySpan<byte> name)
        {
            int length = (HeaderSize + name.Length + 1 + 7) & ~7;
            if (_used + length > _capacity)
            {
                return false;
            }

            byte* record = _buffer + _used;
            *(ulong*)record = inode;
            *(long*)(record + 8) = nextPosition;
            *(ushort*)(record + 16) = (ushort)length;
            record[18] = type;
            for (int i = 0; i < name.Length; i++)
            {
                record[HeaderSize + i] = name[i];
            }

            for (int i = HeaderSize + name.Length; i < length; i++)
            {
                record[i] = 0;
            }

            _used += length;
            _count++;
            return true;
        }
    }
}
