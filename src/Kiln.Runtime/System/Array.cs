// The base class of every array. The element count follows the MethodTable pointer; elements follow it.
namespace System
{
    public abstract class Array
    {
        // The layout is a contract with the compiler.
        private int _numComponents;

        public int Length => _numComponents;

        /// <summary>Copies elements between arrays of the same element type; overlapping ranges are handled.</summary>
        public static unsafe void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length)
        {
            if (sourceArray.m_pMethodTable != destinationArray.m_pMethodTable)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
            }

            if (length < 0 || sourceIndex < 0 || destinationIndex < 0
                || (uint)sourceIndex + (uint)length > (uint)sourceArray.Length
                || (uint)destinationIndex + (uint)length > (uint)destinationArray.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            nuint elementSize = sourceArray.m_pMethodTable->ComponentSize;
            byte* source = (byte*)Internal.Runtime.RuntimeExports.AddressOf(sourceArray) + (2 * sizeof(nint));
            byte* destination = (byte*)Internal.Runtime.RuntimeExports.AddressOf(destinationArray) + (2 * sizeof(nint));
            SpanHelpers.Memmove(
                ref *(destination + ((nuint)destinationIndex * elementSize)),
                ref *(source + ((nuint)sourceIndex * elementSize)),
                (nuint)length * elementSize);
        }
    }

}
