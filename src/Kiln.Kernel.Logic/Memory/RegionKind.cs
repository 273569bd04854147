// What a region holds, for /proc/self/maps-style reports and for rules such as "brk only grows its own region".
namespace Kiln.Memory
{
    public enum RegionKind : uint
    {
        Anonymous = 0,

        /// <summary>The program or its ELF interpreter, mapped by the loader (file-backed segments and their bss).</summary>
        Program = 1,
        Heap = 2,
        Stack = 3,
        Vdso = 4,

        /// <summary>A file mapped by mmap (shared libraries, data files).</summary>
        File = 5,
    }
}
