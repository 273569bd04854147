// A bounds-checked view of contiguous memory: an array, a stackalloc buffer or raw kernel memory.
using System.Runtime.CompilerServices;

namespace System
{
    public readonly ref struct Span<T>
    {
        private readonly ref T _reference;
        private readonly int _length;

        public Span(T[] array)
        {
            if (array == null)
            {
                this = default;
                return;
            }

            _length = array.Length;
            _reference = ref _length == 0 ? ref Unsafe.NullRef<T>() : ref array[0];
        }

        public Span(T[] array, int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            _length = length;
            _reference = ref length == 0 ? ref Unsafe.NullRef<T>() : ref array[start];
        }

        public unsafe Span(void* pointer, int length)
        {
            if (length < 0)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal Span(ref T reference, int length)
        {
            _reference = ref reference;
            _length = length;
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        public static Span<T> Empty => default;

        public ref T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                }

                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public ref T GetPinnableReference() => ref _reference;

        public Span<T> Slice(int start)
        {
            if ((uint)start > (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            return new Span<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public Span<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void Clear()
        {
            for (int i = 0; i < _length; i++)
            {
                Unsafe.Add(ref _reference, i) = default;
            }
        }

        public void Fill(T value)
        {
            for (int i = 0; i < _length; i++)
            {
                Unsafe.Add(ref _reference, i) = value;
            }
        }

        public void CopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            new ReadOnlySpan<T>(ref _reference, _length).CopyTo(destination);
        }

        public static implicit operator Span<T>(T[] array) => new Span<T>(array);

        public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);
    }
}
