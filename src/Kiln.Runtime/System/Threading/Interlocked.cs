// Atomic operations. The JIT expands each [System.Runtime.CompilerServices.Intrinsic] into a locked instruction; the recursive bodies are never run.
namespace System.Threading
{
    public static class Interlocked
    {
        [System.Runtime.CompilerServices.Intrinsic]
        public static int CompareExchange(ref int location1, int value, int comparand) => CompareExchange(ref location1, value, comparand);

        [System.Runtime.CompilerServices.Intrinsic]
        public static long CompareExchange(ref long location1, long value, long comparand) => CompareExchange(ref location1, value, comparand);

        [System.Runtime.CompilerServices.Intrinsic]
        public static int Exchange(ref int location1, int value) => Exchange(ref location1, value);

        [System.Runtime.CompilerServices.Intrinsic]
        public static long Exchange(ref long location1, long value) => Exchange(ref location1, value);

        [System.Runtime.CompilerServices.Intrinsic]
        public static int ExchangeAdd(ref int location1, int value) => ExchangeAdd(ref location1, value);

        [System.Runtime.CompilerServices.Intrinsic]
        public static long ExchangeAdd(ref long location1, long value) => ExchangeAdd(ref location1, value);

        public static int Increment(ref int location) => ExchangeAdd(ref location, 1) + 1;

        public static long Increment(ref long location) => ExchangeAdd(ref location, 1) + 1;

        public static int Decrement(ref int location) => ExchangeAdd(ref location, -1) - 1;

        public static long Decrement(ref long location) => ExchangeAdd(ref location, -1) - 1;

        public static long Add(ref long location, long value) => ExchangeAdd(ref location, value) + value;
    }
}
