// Reads the PVH start-info structure QEMU hands over (Xen's arch-x86/hvm/start_info.h): the memory map and the
// modules (none with kiln run: the program comes on the root disk). Everything is copied into kernel statics before the boot page tables go away.
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Boot
{
    // SAFETY: QEMU places the start info, module list and memory map in low RAM, which the boot tables map; entries are
    // read only up to the counts the structure gives.
    internal static unsafe class StartInfo
    {
        private const uint Magic = 0x336EC578;
        private const uint RamType = 1;
        private const int MaxRegions = 64;

        public const int RegionCapacity = MaxRegions;

        public static ulong ModuleStart { get; private set; }

        public static ulong ModuleSize { get; private set; }

        /// <summary>The kernel command line (QEMU's -append), or 0.</summary>
        public static ulong CommandLine { get; private set; }

        /// <summary>
        /// Parses the structure at <paramref name="physical"/>, filling the caller's arrays (RegionCapacity entries)
        /// with the RAM regions; returns their count, or -1 when this is not a PVH start info.
        /// </summary>
        public static int Parse(ulong physical, ulong* ramStart, ulong* ramEnd)
        {
            byte* info = (byte*)Layout.ToVirtual(physical);
            if (*(uint*)info != Magic)
            {
                return -1;
            }

            uint version = *(uint*)(info + 4);
            uint moduleCount = *(uint*)(info + 12);
            ulong moduleList = *(ulong*)(info + 16);
            CommandLine = *(ulong*)(info + 24);
            if (moduleCount > 0)
            {
                byte* module = (byte*)Layout.ToVirtual(moduleList);
                ModuleStart = *(ulong*)module;
                ModuleSize = *(ulong*)(module + 8);
            }

            if (version < 1)
            {
                return -1;
            }

            ulong map = *(ulong*)(info + 40);
            uint entries = *(uint*)(info + 48);
            int count = 0;
            for (uint i = 0; i < entries && count < MaxRegions; i++)
            {
                byte* entry = (byte*)Layout.ToVirtual(map + (i * 24));
                if (*(uint*)(entry + 16) == RamType)
                {
                    ramStart[count] = *(ulong*)entry;
                    ramEnd[count] = *(ulong*)entry + *(ulong*)(entry + 8);
                    count++;
                }
            }

            return count;
        }
    }
}
