// UTF-16 strings. Literals are frozen into the image by the compiler; the kernel never builds strings at run time.
namespace System
{
    public sealed class String
    {
        // The layout is a contract with the compiler: the length, then the first character.
        private readonly int _stringLength;
        private char _firstChar;

        public int Length => _stringLength;

        public static readonly string Empty = "";

        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                }

                return System.Runtime.CompilerServices.Unsafe.Add(ref _firstChar, index);
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;
    }
}
