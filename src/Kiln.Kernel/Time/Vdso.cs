// The vDSO: the shared object vdso_image.S embeds (kiln_vdso_size bytes at kiln_vdso_start), copied into the
// program's address space above its stack, with the vvar page one page below it. AT_SYSINFO_EHDR announces UserBase.
using System.Runtime;
using System.Runtime.CompilerServices;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Memory;

namespace Kiln.Kernel.Time
{
    // SAFETY: the image is kiln_vdso_size bytes of the kernel's read-only data at kiln_vdso_start; the pages written
    // are fresh frames from the physical allocator, reached through the direct map before the program can see them.
    internal static unsafe class Vdso
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_vdso_start")]
        private static extern void ImageStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kiln_vdso_size")]
        private static extern void ImageSize();

        /// <summary>Where the program sees the vDSO's ELF header, or 0 when it has none.</summary>
        public static ulong UserBase { get; private set; }

        /// <summary>
        /// Maps the vvar page at <paramref name="vvarAddress"/> (read-only) and a private copy of the vDSO right above it
        /// (read+exec), both recorded as Vdso regions so mmap never hands out the range. False when a step failed.
        /// </summary>
        public static bool Map(ulong vvarAddress)
        {
            byte* image = (byte*)(delegate*<void>)&ImageStart;
            ulong imageSize = *(ulong*)(delegate*<void>)&ImageSize;
            if (Vvar.Frame == 0 || imageSize == 0)
            {
                return false;
            }

            ulong textAddress = vvarAddress + Layout.PageSize;
            ulong textEnd = textAddress + Layout.PageUp(imageSize);
            UserAddressSpace.KernelOwnedFrame = Vvar.Frame;
            if (!UserAddressSpace.Reserve(vvarAddress, textAddress, RegionProtection.Read, RegionKind.Vdso)
                || !UserAddressSpace.Reserve(textAddress, textEnd, RegionProtection.Read | RegionProtection.Execute, RegionKind.Vdso)
                || !PageTables.MapUser(vvarAddress, Vvar.Frame, UserAddressSpace.FlagsFor(RegionProtection.Read)))
            {
                return false;
            }

            // A private copy per program rather than the kernel's own frames: a munmap of the vDSO frees what it maps.
            for (ulong offset = 0; offset < imageSize; offset += Layout.PageSize)
            {
                ulong frame = PhysicalMemory.AllocatePage();
                if (frame == 0)
                {
                    return false;
                }

                ulong length = imageSize - offset < Layout.PageSize ? imageSize - offset : Layout.PageSize;
                Cpu.CopyMemory(Layout.ToVirtual(frame), image + offset, (nuint)length);
                if (!PageTables.MapUser(textAddress + offset, frame, UserAddressSpace.FlagsFor(RegionProtection.Read | RegionProtection.Execute)))
                {
                    PhysicalMemory.FreePage(frame);
                    return false;
                }
            }

            UserBase = textAddress;
            return true;
        }
    }
}

