// The compiler routes implicit throws (null, bounds, overflow, division) here. Kiln has no exceptions: each is a
// kernel panic that names what went wrong; the panic's backtrace names where.
namespace Internal.Runtime.CompilerHelpers
{
    internal static class ThrowHelpers
    {
        internal static void ThrowIndexOutOfRangeException() => RuntimeImports.Panic("index out of range");

        internal static void ThrowArgumentOutOfRangeException() => RuntimeImports.Panic("argument out of range");

        internal static void ThrowArgumentException() => RuntimeImports.Panic("invalid argument");

        internal static void ThrowNullReferenceException() => RuntimeImports.Panic("null reference");

        internal static void ThrowOverflowException() => RuntimeImports.Panic("arithmetic overflow");

        internal static void ThrowDivideByZeroException() => RuntimeImports.Panic("division by zero in the kernel");

        internal static void ThrowArrayTypeMismatchException() => RuntimeImports.Panic("array type mismatch");

        internal static void ThrowInvalidCastException() => RuntimeImports.Panic("invalid cast");

        internal static void ThrowPlatformNotSupportedException() => RuntimeImports.Panic("platform not supported");

        internal static void ThrowNotImplementedException() => RuntimeImports.Panic("not implemented");

        internal static void ThrowInvalidProgramException() => RuntimeImports.Panic("invalid program");

        internal static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => RuntimeImports.Panic("invalid program");

        internal static void ThrowTypeLoadException() => RuntimeImports.Panic("type load failure");

        internal static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName) => RuntimeImports.Panic("type load failure");

        internal static void ThrowMissingMethodException() => RuntimeImports.Panic("missing method");

        internal static void ThrowMissingFieldException() => RuntimeImports.Panic("missing field");

        internal static void ThrowFileNotFoundException() => RuntimeImports.Panic("file not found");

        internal static void ThrowBadImageFormatException() => RuntimeImports.Panic("bad image format");

        internal static void ThrowAmbiguousMatchException() => RuntimeImports.Panic("ambiguous match");

        internal static void ThrowBodyRemoved() => RuntimeImports.Panic("called a method whose body was removed");

        internal static void ThrowFeatureBodyRemoved() => RuntimeImports.Panic("called a feature that is switched off");

        internal static void ThrowInstanceBodyRemoved() => RuntimeImports.Panic("called a method on a type never constructed");

        internal static void ThrowUnavailableType() => RuntimeImports.Panic("unavailable type");
    }
}
