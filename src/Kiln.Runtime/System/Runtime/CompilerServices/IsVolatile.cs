// The modifier the compiler attaches to volatile fields.
namespace System.Runtime.CompilerServices
{
    public static class IsVolatile
    {
    }
}
