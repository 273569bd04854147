// What a region holds, for /proc/self/maps-style reports and for rules such as "brk only grows its own region".
namespace Kiln.Memory
{
    public enum RegionKind : uint
    {
        Anonymous = 0,
        Program = 1,
        Heap = 2,
        Stack = 3,
        Vdso = 4,
    }
}
