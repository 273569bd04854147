// Memory system calls over the program's address space: brk, mmap (anonymous and file), munmap, mprotect, mremap,
// madvise, msync, mincore. Pages are mapped on first touch; mmap places memory top-down below the stack, as Linux does.
// A file mapping is a region that holds the file (MappedFile); its pages come from the file's page cache.
using System;
using Kiln.Kernel.Files;
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
        private const ulong MAP_TYPE = 0x0F;
        private const ulong MAP_FIXED = 0x10;
        private const ulong MAP_ANONYMOUS = 0x20;
        private const ulong MAP_FIXED_NOREPLACE = 0x100000;
        private const ulong MREMAP_MAYMOVE = 1;
        private const ulong MREMAP_FIXED = 2;
        private const ulong MADV_DONTNEED = 4;
        private const ulong MS_ASYNC = 1;
        private const ulong MS_INVALIDATE = 2;
        private const ulong MS_SYNC = 4;
        private const ulong ProtectionMask = 7;
        private const long EOVERFLOW = 75;
        private const int O_PATH = 0x200000;

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
            ulong offset = a.A5;
            if ((flags & MAP_ANONYMOUS) == 0 && (offset & (Layout.PageSize - 1)) != 0)
            {
                return -Errno.EINVAL;
            }

            // The file comes first, as in Linux's ksys_mmap_pgoff: a bad descriptor is EBADF whatever else is wrong.
            OpenFile file = null;
            if ((flags & MAP_ANONYMOUS) == 0)
            {
                // An O_PATH descriptor only names a file: Linux answers EBADF for it too.
                file = (long)a.A4 < 0 || (long)a.A4 > int.MaxValue ? null : FileTable.Current.Peek((int)a.A4);
                if (file == null || (file.StatusFlags & O_PATH) != 0)
                {
                    return -Errno.EBADF;
                }
            }

            if (length == 0 || (address & (Layout.PageSize - 1)) != 0 || (protection & ~ProtectionMask) != 0)
            {
                return -Errno.EINVAL;
            }

            if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0)
            {
                return -Errno.EINVAL;
            }

            length = Layout.PageUp(length);
            if (length == 0 || !UserAddressSpace.IsUserRange(address, length))
            {
                return -Errno.ENOMEM;
            }

            bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
            Region region = new Region(0, 0, (RegionProtection)protection, RegionKind.Anonymous);
            if (file != null)
            {
                long check = CheckFileMapping(file, (RegionProtection)protection, shared, offset, length);
                if (check < 0)
                {
                    return check;
                }

                region = new Region(0, 0, (RegionProtection)protection, RegionKind.File, null, offset, shared);
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

            region.Start = address;
            region.End = address + length;
            MappedFile mapped = null;
            byte* pathBuffer = stackalloc byte[PathArguments.BufferSize];
            if (file != null)
            {
                mapped = MappedFile.Create(file.Inode, MappingName(file, pathBuffer, PathArguments.BufferSize));
                mapped.MayWrite = file.CanWrite;
                region.Backing = mapped;
            }

            bool reserved = UserAddressSpace.Reserve(region);
            mapped?.ReleaseIfUnused();
            return reserved ? (long)address : -Errno.ENOMEM;
        }

        // The path /proc/<pid>/maps shows for a mapping of `file`, as it is when mapped (" (deleted)" when unlinked),
        // or empty when not known.
        private static ReadOnlySpan<byte> MappingName(OpenFile file, byte* buffer, int capacity)
        {
            const int DeletedLength = 10; // " (deleted)"
            if (!(file is InodeFile inodeFile))
            {
                return default;
            }

            int length = inodeFile.WritePath(buffer, capacity - DeletedLength, out bool deleted);
            if (length < 0)
            {
                return default;
            }

            if (deleted)
            {
                ReadOnlySpan<byte> suffix = " (deleted)"u8;
                for (int i = 0; i < suffix.Length; i++)
                {
                    buffer[length++] = suffix[i];
                }
            }

            return new ReadOnlySpan<byte>(buffer, length);
        }

        // Linux's checks in do_mmap for a file: read access always, write access for a writable shared mapping, and a
        // file that can be mapped at all (regular files with a page cache; pipes, sockets, eventfds cannot).
        private static long CheckFileMapping(OpenFile file, RegionProtection protection, bool shared, ulong offset, ulong length)
        {
            if (shared && (protection & RegionProtection.Write) != 0 && !file.CanWrite)
            {
                return -Errno.EACCES;
            }

            if (!file.CanRead)
            {
                return -Errno.EACCES;
            }

            Kiln.Kernel.Vfs.Inode inode = file.Inode;
            if (inode == null || !inode.IsRegular || inode.Pages == null)
            {
                return -Errno.ENODEV;
            }

            return offset + length < offset ? -EOVERFLOW : 0;
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

            ulong end = a.A0 + length;
            if (!UserAddressSpace.Regions.IsCovered(a.A0, end))
            {
                return -Errno.ENOMEM;
            }

            if ((a.A2 & (ulong)RegionProtection.Write) != 0 && HasReadOnlySharedFile(a.A0, end))
            {
                return -Errno.EACCES;
            }

            return UserAddressSpace.Protect(a.A0, end, (RegionProtection)a.A2) ? 0 : -Errno.ENOMEM;
        }

        // True when [start, end) holds a shared mapping of a file that was not open for writing (mprotect's EACCES).
        private static bool HasReadOnlySharedFile(ulong start, ulong end)
        {
            for (ulong cursor = start; cursor < end;)
            {
                UserAddressSpace.Regions.TryFind(cursor, out Region region);
                if (region.IsFile && region.Shared && !UserAddressSpace.FileOf(region).MayWrite)
                {
                    return true;
                }

                cursor = region.End;
            }

            return false;
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

            // A file region grows or moves with the file offsets it maps: the new part continues the file.
            ulong growEnd = oldAddress + newLength;
            Region grown = region.Slice(oldAddress, growEnd);
            grown = grown.Slice(oldAddress + oldLength, growEnd);
            if (UserAddressSpace.IsUserRange(oldAddress, newLength) && UserAddressSpace.Regions.IsFree(oldAddress + oldLength, growEnd)
                && UserAddressSpace.Reserve(grown))
            {
                return (long)oldAddress;
            }

            if ((flags & MREMAP_MAYMOVE) == 0)
            {
                return -Errno.ENOMEM;
            }

            if (!UserAddressSpace.Regions.TryFindGap(newLength, UserProcess.MmapFloor, UserProcess.MmapTop, out ulong target))
            {
                return -Errno.ENOMEM;
            }

            Region moved = region.Slice(oldAddress, oldAddress + newLength);
            moved.Start = target;
            moved.End = target + newLength;
            if (!UserAddressSpace.Reserve(moved))
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

        public static long Msync(ref SyscallArguments a)
        {
            ulong start = a.A0;
            ulong flags = a.A2;
            if ((start & (Layout.PageSize - 1)) != 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
            {
                return -Errno.EINVAL;
            }

            ulong end = start + Layout.PageUp(a.A1);
            if (end < start)
            {
                return -Errno.ENOMEM;
            }

            if (end == start)
            {
                return 0;
            }

            if (!UserAddressSpace.IsUserRange(start, end - start) || !UserAddressSpace.Regions.IsCovered(start, end))
            {
                return -Errno.ENOMEM;
            }

            // Each shared file region in the range: write-protect the pages the program wrote (they are dirty in the
            // cache already, and a later write must mark them again), then make the file durable. MS_ASYNC writes back
            // too: there is no write-back thread to leave it to.
            long result = 0;
            for (ulong cursor = start; cursor < end;)
            {
                UserAddressSpace.Regions.TryFind(cursor, out Region region);
                ulong regionEnd = region.End < end ? region.End : end;
                if (region.IsFile && region.Shared)
                {
                    UserAddressSpace.WriteProtectSharedPages(cursor, regionEnd, region);
                    int synced = UserAddressSpace.FileOf(region).Inode.Sync(dataOnly: false);
                    if (synced < 0 && result == 0)
                    {
                        result = synced;
                    }
                }

                cursor = regionEnd;
            }

            return result;
        }

        public static long Mincore(ref SyscallArguments a)
        {
            ulong start = a.A0;
            if ((start & (Layout.PageSize - 1)) != 0)
            {
                return -Errno.EINVAL;
            }

            ulong end = start + Layout.PageUp(a.A1);
            if (end < start || !UserAddressSpace.IsUserRange(start, end - start))
            {
                return -Errno.ENOMEM;
            }

            if (!UserAddressSpace.Regions.IsCovered(start, end))
            {
                return -Errno.ENOMEM;
            }

            // One byte per page, bit 0 set when the page is resident, copied out a batch at a time.
            const int Batch = 64;
            byte* bytes = stackalloc byte[Batch];
            ulong vector = a.A2;
            for (ulong page = start; page < end;)
            {
                int count = 0;
                while (count < Batch && page < end)
                {
                    UserAddressSpace.Regions.TryFind(page, out Region region);
                    bytes[count++] = UserAddressSpace.IsResident(page, region) ? (byte)1 : (byte)0;
                    page += Layout.PageSize;
                }

                if (!UserMemory.CopyToUser(vector, bytes, (ulong)count))
                {
                    return -Errno.EFAULT;
                }

                vector += (ulong)count;
            }

            return 0;
        }
    }
}
