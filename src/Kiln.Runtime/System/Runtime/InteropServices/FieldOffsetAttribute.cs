// Places a field at a byte offset in an explicitly laid-out struct.
namespace System.Runtime.InteropServices
{
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class FieldOffsetAttribute : Attribute
    {
        public FieldOffsetAttribute(int offset)
        {
        }
    }
}
