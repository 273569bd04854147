// One consistent read of kvmclock's pvclock_vcpu_time_info (Linux arch/x86/include/asm/pvclock-abi.h).
namespace Kiln.Kernel.Time
{
    internal struct PvclockSnapshot
    {
        public ulong TscTimestamp;
        public ulong SystemTimeNs;
        public uint TscToSystemMul;
        public sbyte TscShift;
        public byte Flags;
    }
}
