// Compiler support: array initialisation from data blobs and the offset of a string's characters.
namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        public static int OffsetToStringData => 12;

        [Intrinsic]
        public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);

        [Intrinsic]
        public static bool IsReferenceOrContainsReferences<T>() => throw null;
    }
}
