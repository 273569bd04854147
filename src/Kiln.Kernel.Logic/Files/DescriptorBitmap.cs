// One bit per file descriptor number: which numbers are taken (or have FD_CLOEXEC), and the lowest free number at
// or above a floor, as open, dup and F_DUPFD must return. Grows on demand; the caller enforces RLIMIT_NOFILE.
namespace Kiln.Files
{
    public sealed class DescriptorBitmap
    {
        private ulong[] _words;

        public DescriptorBitmap(int capacity)
        {
            _words = new ulong[WordsFor(capacity)];
        }

        /// <summary>How many descriptor numbers the bitmap covers now (a multiple of 64).</summary>
        public int Capacity => _words.Length * 64;

        public static int WordsFor(int bits) => bits <= 0 ? 1 : (bits + 63) / 64;

        /// <summary>
        /// Makes room for numbers below <paramref name="capacity"/>. In the kernel the old array is not reclaimed (no
        /// collector); capacities double, so what is left behind is less than what is in use.
        /// </summary>
        public void EnsureCapacity(int capacity)
        {
            if (capacity <= Capacity)
            {
                return;
            }

            int words = _words.Length;
            while (words * 64 < capacity)
            {
                words *= 2;
            }

            ulong[] grown = new ulong[words];
            for (int i = 0; i < _words.Length; i++)
            {
                grown[i] = _words[i];
            }

            _words = grown;
        }

        public bool IsSet(int bit) => bit >= 0 && bit < Capacity && (_words[bit >> 6] & (1UL << (bit & 63))) != 0;

        /// <summary>Sets a bit below Capacity.</summary>
        public void Set(int bit) => _words[bit >> 6] |= 1UL << (bit & 63);

        public void Clear(int bit)
        {
            if (bit >= 0 && bit < Capacity)
            {
                _words[bit >> 6] &= ~(1UL << (bit & 63));
            }
        }

        /// <summary>The lowest clear bit at or above <paramref name="floor"/>, or Capacity when every bit there is set.</summary>
        public int FindFirstClear(int floor)
        {
            if (floor < 0)
            {
                floor = 0;
            }

            for (int word = floor >> 6; word < _words.Length; word++)
            {
                ulong taken = _words[word];
                if (word == floor >> 6)
                {
                    taken |= (1UL << (floor & 63)) - 1;
                }

                if (taken != ulong.MaxValue)
                {
                    int bit = 0;
                    while ((taken & (1UL << bit)) != 0)
                    {
                        bit++;
                    }

                    return (word * 64) + bit;
                }
            }

            return Capacity;
        }

        /// <summary>The highest set bit, or -1 when none is set.</summary>
        public int HighestSet()
        {
            for (int word = _words.Length - 1; word >= 0; word--)
            {
                ulong value = _words[word];
                if (value != 0)
                {
                    int bit = 63;
                    while ((value & (1UL << bit)) == 0)
                    {
                        bit--;
                    }

                    return (word * 64) + bit;
                }
            }

            return -1;
        }
    }
}
