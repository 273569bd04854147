// Access rights of a region, with the values of mmap's PROT_* flags (mman.h).
namespace Kiln.Memory
{
    public enum RegionProtection : uint
    {
        None = 0,
        Read = 1,
        Write = 2,
        Execute = 4,
    }
}
