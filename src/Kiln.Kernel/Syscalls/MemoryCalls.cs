// Memory system calls over the program's address space: brk, anonymous mmap, munmap, mprotect, mremap, madvise.
// Pages are mapped on first touch; mmap places memory top-down below the stack, as Linux does.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;
using Kiln.Memory;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class MemoryCalls
    {
        private const ulong MAP_SHARED = 0x01;
        private const ulong MAP_PRIVATE = 0x02;
        private const ulong MAP_FIXED = 0x10;
        private const ulong MAP_ANONYMOUS = 0x20;
        private const ulong MAP_FIXED_NOREPLACE = 0x100000;
        private const ulong MREMAP_MAYMOVE = 1;
        private const ulong MREMAP_FIXED = 2;
        private const ulong MADV_DONTNEED = 4;
        private const ulong ProtectionMask = 7;

        public static long Brk(ref SyscallArguments a)
        {
            ulong requested = a.A0;
            ulong current = UserProcess.BrkCurrent;
            if (requested < UserProcess.BrkStart || requested >= UserProcess.MmapFloor)
            {
                return (long)current;
            }

            ulong oldTop = Layout.PageUp(current);
            ulong newTop = Layout.PageUp(requested);
            if (newTop > oldTop)
            {
                if (!UserAddressSpace.Regions.IsFree(oldTop, newTop)
                    || !UserAddressSpace.Reserve(oldTop, newTop, RegionProtection.Read | RegionProtection.Write, RegionKind.Heap))
                {
                    return (long)current;
                }
            }
            else if (newTop < oldTop)
            {
                UserAddressSpace.Release(newTop, oldTop);
            }

            UserProcess.BrkCurrent = requested;
            return (long)requested;
        }

        public static long Mmap(ref SyscallArguments a)
        {
            ulong address = a.A0;
            ulong length = a.A1;
            ulong protection = a.A2;
            ulong flags = a.A3;
            if (length == 0 || (address & (Layout.PageSize - 1)) != 0 || (protection & ~ProtectionMask) != 0)
            {
                return -Errno.EINVAL;
            }

            if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0)
            {
                return -Errno.EINVAL;
            }

            if ((flags & MAP_ANONYMOUS) == 0)
            {
                // File mappings need the VFS; none of the files that exist today (console, pipes, eventfd, epoll) can
                // be mapped on Linux either.
                return Files.FileTable.Current.Peek((int)a.A4) != null ? -Errno.ENODEV : -Errno.EBADF;
            }

            length = Layout.PageUp(length);
            if (length == 0 || !UserAddressSpace.IsUserRange(address, length))
            {
                return -Errno.ENOMEM;
            }

            bool fixedPlacement = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
            if (fixedPlacement)
            {
                if (address == 0)
                {
                    return -Errno.EPERM;
                }

                if ((flags & MAP_FIXED_NOREPLACE) != 0 && !UserAddressSpace.Regions.IsFree(address, address + length))
                {
                    return -Errno.EEXIST;
                }

                if (!UserAddressSpace.Release(address, address + length))
                {
                    return -Errno.ENOMEM;
                }
            }
            else if (address == 0 || !UserAddressSpace.Regions.IsFree(address, address + length))
            {
                if (!UserAddressSpace.Regions.TryFindGap(length, UserProcess.MmapFloor, UserProcess.MmapTop, out address))
                {
                    return -Errno.ENOMEM;
                }
            }

            if (!UserAddressSpace.Reserve(address, address + length, (RegionProtection)protection, RegionKind.Anonymous))
            {
                return -Errno.ENOMEM;
            }

            return (long)address;
        }

        public static long Munmap(ref SyscallArguments a)
        {
            ulong length = Layout.PageUp(a.A1);
            if ((a.A0 & (Layout.PageSize - 1)) != 0 || length == 0 || !UserAddressSpace.IsUserRange(a.A0, length))
            {
                return -Errno.EINVAL;
            }

            return UserAddressSpace.Release(a.A0, a.A0 + length) ? 0 : -Errno.ENOMEM;
        }

        public static long Mprotect(ref SyscallArguments a)
        {
            ulong length = Layout.PageUp(a.A1);
            if ((a.A0 & (Layout.PageSize - 1)) != 0 || (a.A2 & ~ProtectionMask) != 0)
            {
                return -Errno.EINVAL;
            }

            if (length == 0)
            {
                return 0;
            }

            if (!UserAddressSpace.IsUserRange(a.A0, length))
            {
                return -Errno.ENOMEM;
            }

            return UserAddressSpace.Protect(a.A0, a.A0 + length, (RegionProtection)a.A2) ? 0 : -Errno.ENOMEM;
        }

        public static long Mremap(ref SyscallArguments a)
        {
            ulong oldAddress = a.A0;
            ulong oldLength = Layout.PageUp(a.A1);
            ulong newLength = Layout.PageUp(a.A2);
            ulong flags = a.A3;
            if ((oldAddress & (Layout.PageSize - 1)) != 0 || newLength == 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0
                || ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0))
            {
                return -Errno.EINVAL;
            }

            if (!UserAddressSpace.Regions.TryFind(oldAddress, out Region region) || !UserAddressSpace.Regions.IsCovered(oldAddress, oldAddress + oldLength))
            {
                return -Errno.EFAULT;
            }

            if ((flags & MREMAP_FIXED) != 0)
            {
                return -Errno.EINVAL;
            }

            if (newLength <= oldLength)
            {
                UserAddressSpace.Release(oldAddress + newLength, oldAddress + oldLength);
                return (long)oldAddress;
            }

            ulong growEnd = oldAddress + newLength;
            if (UserAddressSpace.IsUserRange(oldAddress, newLength) && UserAddressSpace.Regions.IsFree(oldAddress + oldLength, growEnd)
                && UserAddressSpace.Reserve(oldAddress + oldLength, growEnd, region.Protection, region.Kind))
            {
                return (long)oldAddress;
            }

            if ((flags & MREMAP_MAYMOVE) == 0)
            {
                return -Errno.ENOMEM;
            }

            if (!UserAddressSpace.Regions.TryFindGap(newLength, UserProcess.MmapFloor, UserProcess.MmapTop, out ulong target)
                || !UserAddressSpace.Reserve(target, target + newLength, region.Protection, region.Kind))
            {
                return -Errno.ENOMEM;
            }

            UserAddressSpace.MovePages(oldAddress, target, oldLength);
            UserAddressSpace.Release(oldAddress, oldAddress + oldLength);
            return (long)target;
        }

        // MADV_NORMAL (0) to MADV_COLLAPSE (25) less the unused 5-7, and MADV_HWPOISON/MADV_SOFT_OFFLINE (100, 101).
        private static bool IsKnownAdvice(ulong advice) =>
            (advice <= 25 && (advice < 5 || advice > 7)) || advice == 100 || advice == 101;

        public static long Madvise(ref SyscallArguments a)
        {
            if ((a.A0 & (Layout.PageSize - 1)) != 0)
            {
                return -Errno.EINVAL;
            }

            if (a.A2 == MADV_DONTNEED)
            {
                // Private anonymous memory reads back as zeros after DONTNEED: drop the pages, keep the regions.
                ulong end = a.A0 + Layout.PageUp(a.A1);
                if (!UserAddressSpace.Regions.IsCovered(a.A0, end))
                {
                    return -Errno.ENOMEM;
                }

                UserAddressSpace.DropPages(a.A0, end);
            }

            // The other advice values Linux knows are hints Kiln may ignore, as Linux may; unknown ones are EINVAL.
            return IsKnownAdvice(a.A2) ? 0 : -Errno.EINVAL;
        }
    }
}
