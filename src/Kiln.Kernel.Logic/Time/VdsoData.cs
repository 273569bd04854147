// The vvar page's layout: what the kernel publishes for the vDSO's clock functions. The vDSO's assembly
// (Arch/X86_64/Vdso/vdso.S, the VVAR_* constants) reads the same offsets; a host test pins both to these.
using System.Runtime.InteropServices;

namespace Kiln.Time
{
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct VdsoData
    {
        /// <summary>Odd while the kernel rewrites the fields below; readers retry until they see the same even value twice.</summary>
        [FieldOffset(0)]
        public uint Sequence;

        /// <summary>VdsoFeatures bits: how getcpu may read IA32_TSC_AUX.</summary>
        [FieldOffset(4)]
        public uint Features;

        /// <summary>The TSC value at which the monotonic clock read <see cref="BaseNs"/>.</summary>
        [FieldOffset(8)]
        public ulong BaseTsc;

        [FieldOffset(16)]
        public ulong BaseNs;

        /// <summary>monotonic ns = BaseNs + (((tsc - BaseTsc) * Mult) &gt;&gt; Shift), 128-bit product (ClockScale).</summary>
        [FieldOffset(24)]
        public ulong Mult;

        [FieldOffset(32)]
        public uint Shift;

        /// <summary>Nanoseconds from CLOCK_MONOTONIC to CLOCK_REALTIME (the wall clock at monotonic 0).</summary>
        [FieldOffset(40)]
        public ulong WallOffsetNs;
    }
}
