// Marks an API as obsolete; the compiler also uses it to fence ref structs from old compilers.
namespace System
{
    [AttributeUsage(AttributeTargets.All)]
    public sealed class ObsoleteAttribute : Attribute
    {
        public ObsoleteAttribute()
        {
        }

        public ObsoleteAttribute(string message)
        {
        }

        public ObsoleteAttribute(string message, bool error)
        {
        }
    }
}
