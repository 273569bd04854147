// The only way kernel code touches the program's memory. Each copy first checks that the whole range lies in the
// user half and in regions whose rights allow the access, mapping untouched pages on the way, so a bad
// pointer from the program is EFAULT and never a kernel fault. SMAP is lifted only for the copy itself.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    // SAFETY: every dereference of a user address happens after Validate has checked that the whole range is in the
    // user half, in regions that allow the access, and mapped; one thread means nothing unmaps it in between.
    internal static unsafe class UserMemory
    {
        public static bool CopyFromUser(void* destination, ulong source, ulong length)
        {
            if (!Validate(source, length, RegionProtection.Read))
            {
                return false;
            }

            Cpu.AllowUserAccess();
            Cpu.CopyMemory(destination, (void*)source, (nuint)length);
            Cpu.ForbidUserAccess();
            return true;
        }

        public static bool CopyToUser(ulong destination, void* source, ulong length)
        {
            if (!Validate(destination, length, RegionProtection.Write))
            {
                return false;
            }

            Cpu.AllowUserAccess();
            Cpu.CopyMemory((void*)destination, source, (nuint)length);
            Cpu.ForbidUserAccess();
            return true;
        }

        public static bool ZeroUser(ulong destination, ulong length)
        {
            if (!Validate(destination, length, RegionProtection.Write))
            {
                return false;
            }

            Cpu.AllowUserAccess();
            Cpu.FillMemory((void*)destination, 0, (nuint)length);
            Cpu.ForbidUserAccess();
            return true;
        }

        public static bool Write<T>(ulong destination, T value)
            where T : unmanaged => CopyToUser(destination, &value, (ulong)sizeof(T));

        public static bool Read<T>(ulong source, out T value)
            where T : unmanaged
        {
            T result = default;
            bool ok = CopyFromUser(&result, source, (ulong)sizeof(T));
            value = result;
            return ok;
        }

        /// <summary>
        /// Copies a NUL-terminated string of at most <paramref name="capacity"/> - 1 bytes; the length without the NUL,
        /// -1 for a bad pointer, -2 when the string does not fit.
        /// </summary>
        public static int CopyStringFromUser(byte* destination, ulong source, int capacity)
        {
            for (int i = 0; i < capacity; i++)
            {
                if (!Validate(source + (ulong)i, 1, RegionProtection.Read))
                {
                    return -1;
                }

                Cpu.AllowUserAccess();
                byte value = *(byte*)(source + (ulong)i);
                Cpu.ForbidUserAccess();
                destination[i] = value;
                if (value == 0)
                {
                    return i;
                }
            }

            return -2;
        }

        /// <summary>True when every page of the range is user memory allowing <paramref name="need"/>, now mapped.</summary>
        public static bool Validate(ulong start, ulong length, RegionProtection need)
        {
            if (length == 0)
            {
                return true;
            }

            if (!UserAddressSpace.IsUserRange(start, length))
            {
                return false;
            }

            ulong end = start + length;
            for (ulong page = Layout.PageDown(start); page < end; page += Layout.PageSize)
            {
                if (!UserAddressSpace.Regions.TryFind(page, out Region region) || !UserFaults.Allows(region.Protection, need))
                {
                    return false;
                }

                ulong entry = PageTables.Lookup(page);
                if ((entry & PageTables.Present) == 0)
                {
                    if (!UserFaults.Populate(page, region, need))
                    {
                        return false;
                    }
                }
                else if (need == RegionProtection.Write && (entry & PageTables.Writable) == 0
                    && !UserAddressSpace.MakeSharedPageWritable(page, region))
                {
                    // The kernel writes with CR0.WP set: a read-only page must be made writable first, or refused.
                    return false;
                }
            }

            return true;
        }
    }
}
