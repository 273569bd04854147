// A bounds-checked read-only view of contiguous memory.
using System.Runtime.CompilerServices;

namespace System
{
    public readonly ref struct ReadOnlySpan<T>
    {
        private readonly ref T _reference;
        private readonly int _length;

        public ReadOnlySpan(T[] array)
        {
            if (array == null)
            {
                this = default;
                return;
            }

            _length = array.Length;
            _reference = ref _length == 0 ? ref Unsafe.NullRef<T>() : ref array[0];
        }

        public ReadOnlySpan(T[] array, int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            _length = length;
            _reference = ref length == 0 ? ref Unsafe.NullRef<T>() : ref array[start];
        }

        public unsafe ReadOnlySpan(void* pointer, int length)
        {
            if (length < 0)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal ReadOnlySpan(ref T reference, int length)
        {
            _reference = ref reference;
            _length = length;
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        public static ReadOnlySpan<T> Empty => default;

        public ref readonly T this[int index]
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

        public ref readonly T GetPinnableReference() => ref _reference;

        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void CopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            // Copy backwards when the destination overlaps the source from above, as memmove does.
            ref T dst = ref destination.GetPinnableReference();
            if (Unsafe.IsAddressGreaterThan(ref dst, ref _reference))
            {
                for (int i = _length - 1; i >= 0; i--)
                {
                    Unsafe.Add(ref dst, i) = Unsafe.Add(ref _reference, i);
                }
            }
            else
            {
                for (int i = 0; i < _length; i++)
                {
                    Unsafe.Add(ref dst, i) = Unsafe.Add(ref _reference, i);
                }
            }
        }

        public static implicit operator ReadOnlySpan<T>(T[] array) => new ReadOnlySpan<T>(array);
    }
}
