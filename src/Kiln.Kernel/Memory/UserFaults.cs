// Resolves the program's page faults that are not errors: the first touch of a page in a region whose rights allow
// the access (a zeroed page for anonymous memory, the file's page for a file mapping), and the first write to a clean
// shared file page. Anything else is a real fault and becomes a signal.
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    internal static class UserFaults
    {
        // Page-fault error code bits (Intel SDM vol. 3A, 4.7).
        private const ulong ProtectionViolation = 1 << 0;
        private const ulong WriteAccess = 1 << 1;
        private const ulong InstructionFetch = 1 << 4;

        public static bool TryResolve(ulong address, ulong errorCode)
        {
            RegionProtection need = (errorCode & WriteAccess) != 0 ? RegionProtection.Write
                : (errorCode & InstructionFetch) != 0 ? RegionProtection.Execute
                : RegionProtection.Read;
            if (!UserAddressSpace.Regions.TryFind(address, out Region region) || !Allows(region.Protection, need))
            {
                return false;
            }

            if ((errorCode & ProtectionViolation) != 0)
            {
                // A present page refused the access: only a clean shared file page being written is not an error.
                return need == RegionProtection.Write && UserAddressSpace.MakeSharedPageWritable(address, region);
            }

            return Populate(address, region, need);
        }

        /// <summary>Maps the page holding <paramref name="address"/> if its region allows <paramref name="need"/>.</summary>
        public static bool TryPopulate(ulong address, RegionProtection need)
        {
            if (!UserAddressSpace.Regions.TryFind(address, out Region region) || !Allows(region.Protection, need))
            {
                return false;
            }

            return Populate(address, region, need);
        }

        /// <summary>Maps the not-present page holding <paramref name="address"/> in <paramref name="region"/>.</summary>
        public static bool Populate(ulong address, Region region, RegionProtection need)
        {
            return region.IsFile
                ? UserAddressSpace.PopulateFile(address, region, need == RegionProtection.Write)
                : UserAddressSpace.Populate(address, region.Protection);
        }

        // On x86 every present page is readable, so write or execute rights imply read.
        public static bool Allows(RegionProtection have, RegionProtection need)
        {
            if (need == RegionProtection.Read)
            {
                return have != RegionProtection.None;
            }

            return (have & need) == need;
        }
    }
}
