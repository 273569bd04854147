// One ELF image (the program or its interpreter) loaded from the VFS: opened by path, its headers read from the first
// page of its page cache, and its PT_LOAD segments mapped as private file regions, so pages are copied from the cache
// on first touch instead of at load time. A segment's bss is anonymous memory past its file pages; the page where the
// file bytes end is copied now and its tail zeroed, as Linux's padzero does.
using System;
using Kiln.Elf;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Memory;

namespace Kiln.Kernel.Process
{
    internal static unsafe partial class ProgramLoader
    {
        /// <summary>
        /// Resolves <paramref name="path"/> and parses the ELF headers in the file's first page: the inode (held for the
        /// caller) and a view of the headers that stays valid while the page cache holds the page. 0 or -errno (ENOEXEC
        /// for a file that is not an x86-64 executable Kiln can map).
        /// </summary>
        private static int OpenImage(ReadOnlySpan<byte> path, out Inode inode, out ElfFile elf)
        {
            elf = default;
            int error = PathWalk.Resolve(VfsRoot.Root, path, PathWalk.FollowFinal, out inode);
            if (error < 0)
            {
                return error;
            }

            if (!inode.IsRegular || inode.Pages == null || inode.Size <= 0)
            {
                inode.Drop();
                inode = null;
                return -(int)Kiln.Linux.Errno.EACCES;
            }

            ulong frame = inode.Pages.Get(inode, 0, out error);
            if (frame == 0)
            {
                inode.Drop();
                inode = null;
                return error;
            }

            int prefix = (int)Math.Min((ulong)inode.Size, Layout.PageSize);
            ReadOnlySpan<byte> headers = new ReadOnlySpan<byte>(Layout.ToVirtual(frame), prefix);
            if (ElfFile.ParseHeaders(headers, (ulong)inode.Size, out elf) != ElfError.None)
            {
                inode.Drop();
                inode = null;
                return -(int)Kiln.Linux.Errno.ENOEXEC;
            }

            return 0;
        }

        /// <summary>The lowest page and the end of the image's PT_LOAD segments before any bias, or false when it has none.</summary>
        private static bool ImageSpan(ref ElfFile elf, out ulong low, out ulong high)
        {
            low = ulong.MaxValue;
            high = 0;
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                if (elf.GetProgramHeader(i, out ElfProgramHeader header) == ElfError.None
                    && header.Type == ElfConstants.PT_LOAD && header.MemorySize != 0)
                {
                    low = Math.Min(low, Layout.PageDown(header.VirtualAddress));
                    high = Math.Max(high, Layout.PageUp(header.VirtualAddress + header.MemorySize));
                }
            }

            return high != 0;
        }

        /// <summary>
        /// Maps every PT_LOAD segment of <paramref name="elf"/> at <paramref name="bias"/>: the end of the image and the
        /// address of its program headers, or false when a segment cannot be mapped.
        /// </summary>
        private static bool MapImage(ref ElfFile elf, MappedFile file, ulong bias, out ulong imageEnd, out ulong phdrAddress)
        {
            imageEnd = 0;
            phdrAddress = 0;
            ulong firstLoad = ulong.MaxValue;
            ulong firstLoadOffset = 0;
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                if (elf.GetProgramHeader(i, out ElfProgramHeader header) != ElfError.None)
                {
                    return false;
                }

                if (header.Type == ElfConstants.PT_PHDR)
                {
                    phdrAddress = header.VirtualAddress + bias;
                }

                if (header.Type != ElfConstants.PT_LOAD || header.MemorySize == 0)
                {
                    continue;
                }

                if (firstLoad == ulong.MaxValue)
                {
                    firstLoad = header.VirtualAddress;
                    firstLoadOffset = header.Offset;
                }

                if (!MapSegment(header, file, bias))
                {
                    return false;
                }

                imageEnd = Math.Max(imageEnd, header.VirtualAddress + bias + header.MemorySize);
            }

            if (phdrAddress == 0 && firstLoad != ulong.MaxValue)
            {
                phdrAddress = firstLoad - firstLoadOffset + elf.ProgramHeaderOffset + bias;
            }

            return imageEnd != 0;
        }

        private static bool MapSegment(ElfProgramHeader header, MappedFile file, ulong bias)
        {
            ulong start = header.VirtualAddress + bias;
            ulong end = start + header.MemorySize;
            ulong fileEnd = start + header.FileSize;
            if (!UserAddressSpace.IsUserRange(start, header.MemorySize)
                || ((header.VirtualAddress - header.Offset) & (Layout.PageSize - 1)) != 0)
            {
                // A file page can only be mapped where the address and the file offset agree modulo the page size.
                return false;
            }

            RegionProtection protection = ProtectionOf(header.Flags);
            ulong page = Layout.PageDown(start);
            ulong pageOffset = Layout.PageDown(header.Offset);

            // A first page that an earlier segment already maps (both share a page of the file) is filled in place.
            if (UserAddressSpace.Regions.TryFind(page, out Region _))
            {
                if (!FillSharedPage(page, start, end, fileEnd, header.Offset, file.Inode, protection))
                {
                    return false;
                }

                page += Layout.PageSize;
                pageOffset += Layout.PageSize;
            }

            ulong filePagesEnd = Math.Max(page, Layout.PageUp(fileEnd));
            if (filePagesEnd > page)
            {
                Region region = new Region(page, filePagesEnd, protection, RegionKind.Program, file, pageOffset, shared: false);
                if (!UserAddressSpace.Reserve(region))
                {
                    return false;
                }

                // The page where the file bytes end holds the start of the bss (or other sections' bytes): copy it now
                // and zero what lies past the segment's file bytes.
                if (end > fileEnd && (fileEnd & (Layout.PageSize - 1)) != 0 && Layout.PageDown(fileEnd) >= page)
                {
                    ulong last = Layout.PageDown(fileEnd);
                    if (!UserFaults.Populate(last, region.Slice(last, last + Layout.PageSize), RegionProtection.Read))
                    {
                        return false;
                    }

                    byte* frame = (byte*)Layout.ToVirtual(PageTables.FrameOf(PageTables.Lookup(last)));
                    ulong keep = fileEnd - last;
                    Cpu.FillMemory(frame + keep, 0, (nuint)(Layout.PageSize - keep));
                }
            }

            ulong bssEnd = Layout.PageUp(end);
            ulong bssStart = Math.Max(filePagesEnd, page);
            return bssEnd <= bssStart || UserAddressSpace.Reserve(bssStart, bssEnd, protection, RegionKind.Program);
        }

        // Fills the page at `page`, mapped by an earlier segment, with this segment's part: zeros, then its file bytes.
        private static bool FillSharedPage(ulong page, ulong start, ulong end, ulong fileEnd, ulong fileOffset, Inode inode, RegionProtection protection)
        {
            UserAddressSpace.Regions.TryFind(page, out Region existing);
            if ((PageTables.Lookup(page) & PageTables.Present) == 0 && !UserFaults.Populate(page, existing, RegionProtection.Read))
            {
                return false;
            }

            if ((existing.Protection | protection) != existing.Protection)
            {
                UserAddressSpace.Protect(page, page + Layout.PageSize, existing.Protection | protection);
            }

            byte* frame = (byte*)Layout.ToVirtual(PageTables.FrameOf(PageTables.Lookup(page)));
            ulong pageEnd = page + Layout.PageSize;
            ulong zeroEnd = Math.Min(end, pageEnd);
            Cpu.FillMemory(frame + (start - page), 0, (nuint)(zeroEnd - start));
            ulong copyEnd = Math.Min(fileEnd, pageEnd);
            return copyEnd <= start || ReadFile(inode, fileOffset, frame + (start - page), copyEnd - start);
        }

        /// <summary>Copies <paramref name="length"/> bytes of the file at <paramref name="offset"/> through its page cache.</summary>
        private static bool ReadFile(Inode inode, ulong offset, byte* destination, ulong length)
        {
            while (length > 0)
            {
                ulong frame = inode.Pages.Get(inode, offset / Layout.PageSize, out int _);
                if (frame == 0)
                {
                    return false;
                }

                ulong inPage = offset & (Layout.PageSize - 1);
                ulong chunk = Math.Min(length, Layout.PageSize - inPage);
                Cpu.CopyMemory(destination, (byte*)Layout.ToVirtual(frame) + inPage, (nuint)chunk);
                destination += chunk;
                offset += chunk;
                length -= chunk;
            }

            return true;
        }

        private static RegionProtection ProtectionOf(uint flags)
        {
            RegionProtection protection = RegionProtection.None;
            if ((flags & ElfConstants.PF_R) != 0)
            {
                protection |= RegionProtection.Read;
            }

            if ((flags & ElfConstants.PF_W) != 0)
            {
                protection |= RegionProtection.Write;
            }

            if ((flags & ElfConstants.PF_X) != 0)
            {
                protection |= RegionProtection.Execute;
            }

            return protection;
        }
    }
}
