// kvmclock, KVM's paravirtual clock (Linux Documentation/virt/kvm/x86/msr.rst, cpuid.rst): the host publishes in a
// guest page the TSC rate as a multiplier and shift, and answers the wall-clock time at the guest's system time zero.
// Untested here: QEMU's TCG does not offer it, only KVM does; the ABI below is the documented one.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Time;

namespace Kiln.Kernel.Time
{
    // SAFETY: s_page is a page of RAM this class allocated and never frees, reached through the direct map; the host
    // writes it concurrently, so every read is bracketed by the version protocol.
    internal static unsafe class KvmClock
    {
        // Hypervisor CPUID leaves: "KVMKVMKVM\0\0\0" in EBX, ECX, EDX at a base in 0x40000000..0x4000FF00 (step
        // 0x100; Hyper-V emulation may take 0x40000000), features in EAX of base + 1.
        private const uint HypervisorLeafFirst = 0x40000000;
        private const uint HypervisorLeafLast = 0x4000FF00;
        private const uint SignatureEbx = 0x4B4D564B;   // "KVMK"
        private const uint SignatureEcx = 0x564B4D56;   // "VMKV"
        private const uint SignatureEdx = 0x0000004D;   // "M\0\0\0"
        private const uint KVM_FEATURE_CLOCKSOURCE2 = 1u << 3;

        private const uint MSR_KVM_WALL_CLOCK_NEW = 0x4B564D00;
        private const uint MSR_KVM_SYSTEM_TIME_NEW = 0x4B564D01;
        private const ulong SystemTimeEnable = 1;

        // Offsets in the page: pvclock_vcpu_time_info (32 bytes) at 0, pvclock_wall_clock (12 bytes) at 64.
        private const int TimeInfoOffset = 0;
        private const int WallClockOffset = 64;

        private static ulong s_page;

        /// <summary>Enables kvmclock and reads it once; false (and nothing changed) when the hypervisor lacks it.</summary>
        public static bool TryInitialize(out PvclockSnapshot snapshot)
        {
            snapshot = default;
            if (!IsOffered())
            {
                return false;
            }

            s_page = PhysicalMemory.AllocatePage();
            if (s_page == 0)
            {
                return false;
            }

            // The host writes the page from now on, for as long as the VM runs: it is never freed.
            Cpu.WriteMsr(MSR_KVM_SYSTEM_TIME_NEW, (s_page + TimeInfoOffset) | SystemTimeEnable);
            snapshot = Read();
            return snapshot.TscToSystemMul != 0;
        }

        /// <summary>The host's wall clock at system time zero, in nanoseconds since the Unix epoch.</summary>
        public static ulong ReadWallClockNs()
        {
            // Writing the MSR asks the host to fill pvclock_wall_clock { u32 version, sec, nsec } at that address.
            byte* wall = (byte*)Layout.ToVirtual(s_page) + WallClockOffset;
            Cpu.WriteMsr(MSR_KVM_WALL_CLOCK_NEW, s_page + WallClockOffset);
            uint version;
            ulong ns;
            do
            {
                version = Volatile(wall);
                ns = (*(uint*)(wall + 4) * ClockScale.NanosecondsPerSecond) + *(uint*)(wall + 8);
            }
            while ((version & 1) != 0 || version != Volatile(wall));

            return ns;
        }

        private static bool IsOffered()
        {
            uint* registers = stackalloc uint[4];
            for (uint leaf = HypervisorLeafFirst; leaf <= HypervisorLeafLast; leaf += 0x100)
            {
                Cpu.CpuId(leaf, 0, registers);
                if (registers[1] == SignatureEbx && registers[2] == SignatureEcx && registers[3] == SignatureEdx)
                {
                    Cpu.CpuId(leaf + 1, 0, registers);
                    return (registers[0] & KVM_FEATURE_CLOCKSOURCE2) != 0;
                }
            }

            return false;
        }

        // pvclock_vcpu_time_info: u32 version, u32 pad0, u64 tsc_timestamp, u64 system_time, u32 tsc_to_system_mul,
        // s8 tsc_shift, u8 flags, u8 pad[2]. The host makes version odd while it writes; retry until even and unchanged.
        private static PvclockSnapshot Read()
        {
            byte* info = (byte*)Layout.ToVirtual(s_page) + TimeInfoOffset;
            PvclockSnapshot snapshot;
            uint version;
            do
            {
                version = Volatile(info);
                snapshot.TscTimestamp = *(ulong*)(info + 8);
                snapshot.SystemTimeNs = *(ulong*)(info + 16);
                snapshot.TscToSystemMul = *(uint*)(info + 24);
                snapshot.TscShift = *(sbyte*)(info + 28);
                snapshot.Flags = info[29];
            }
            while ((version & 1) != 0 || version != Volatile(info));

            return snapshot;
        }

        // A read of the version word the compiler may not cache or move: an interlocked add of zero is a full barrier.
        private static uint Volatile(byte* version) => (uint)System.Threading.Interlocked.ExchangeAdd(ref *(int*)version, 0);
    }
}
