// The root of every reference type. Its only field is the MethodTable pointer the compiler places first.
namespace System
{
    public class Object
    {
        // The layout is a contract with the compiler: the MethodTable pointer is the object's first word.
        internal unsafe Internal.Runtime.MethodTable* m_pMethodTable;

        public Object()
        {
        }

        // Object.Finalize is looked up by the compiler to find finalizers; nothing here has one.
        ~Object()
        {
        }

        public virtual bool Equals(object obj) => this == obj;

        public virtual int GetHashCode() => 0;

        public virtual string ToString() => null;
    }
}
