// The compiler's template for single-dimensional zero-based arrays of T.
namespace System
{
    public class Array<T> : Array
    {
    }
}
