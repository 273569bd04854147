// Resolves the program's page faults that are not errors: the first touch of anonymous memory in a region whose
// rights allow the access. Anything else is a real fault and becomes a signal.
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
            if ((errorCode & ProtectionViolation) != 0)
            {
                return false;
            }

            RegionProtection need = (errorCode & WriteAccess) != 0 ? RegionProtection.Write
                : (errorCode & InstructionFetch) != 0 ? RegionProtection.Execute
                : RegionProtection.Read;
            return TryPopulate(address, need);
        }

        /// <summary>Maps the page holding <paramref name="address"/> if its region allows <paramref name="need"/>.</summary>
        public static bool TryPopulate(ulong address, RegionProtection need)
        {
            if (!UserAddressSpace.Regions.TryFind(address, out Region region) || !Allows(region.Protection, need))
            {
                return false;
            }

            return UserAddressSpace.Populate(address, region.Protection);
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
