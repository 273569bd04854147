// Giving an object's memory back. Kiln has no garbage collector: objects made at boot live forever, and a kernel
// object with a shorter life (an inode, a cached page's bookkeeping) is freed explicitly once nothing refers to it.
// Freeing an object that is still referenced is a use-after-free; callers own that proof (reference counts).
namespace Internal.Runtime
{
    public static unsafe class ObjectMemory
    {
        /// <summary>Returns <paramref name="obj"/>'s memory (header included) to the kernel heap.</summary>
        public static void Free(object obj)
        {
            if (obj == null)
            {
                return;
            }

            byte* address = (byte*)RuntimeExports.AddressOf(obj);
            MethodTable* type = *(MethodTable**)address;
            ulong size = type->BaseSize;
            if (type->HasComponentSize)
            {
                size += (ulong)(*(int*)(address + sizeof(nint))) * type->ComponentSize;
                size = (size + 7) & ~7UL;
            }

            RuntimeImports.Free(address - sizeof(nint), (nuint)size);
        }
    }
}
