// The manifest (program, arguments, environment, working directory, volumes) lives in the root file system at
// /kiln/manifest, written there by `kiln` when it built the image. Read once at boot into kernel memory that lives as
// long as the kernel: the loader, the volume mounts and /proc/self/environ all read it.
using System;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Boot
{
    internal static unsafe class BootManifest
    {
        /// <summary>Where the manifest is in the root file system.</summary>
        public static ReadOnlySpan<byte> Path => "/kiln/manifest"u8;

        /// <summary>A manifest larger than this is refused (arguments and environment have the same limit on Linux: 2 MiB).</summary>
        private const long MaxSize = 2L << 20;

        /// <summary>Reads the manifest: false, after saying why, when it is missing or unreadable.</summary>
        public static bool TryRead(out ReadOnlySpan<byte> manifest)
        {
            manifest = default;
            int result = PathWalk.Resolve(null, Path, PathWalk.FollowFinal, out Inode inode);
            if (result < 0)
            {
                KernelLog.WriteLine("kiln: error: the root disk has no /kiln/manifest: build the image with kiln run or kiln build");
                return false;
            }

            long size = inode.Size;
            if (!inode.IsRegular || size <= 0 || size > MaxSize || inode.Pages == null)
            {
                inode.Drop();
                KernelLog.WriteLine("kiln: error: /kiln/manifest on the root disk is not a manifest file");
                return false;
            }

            byte* copy = (byte*)KernelHeap.Allocate((nuint)size);
            for (long offset = 0; offset < size; offset += (long)Layout.PageSize)
            {
                ulong frame = inode.Pages.Get(inode, (ulong)offset / Layout.PageSize, out int error);
                if (frame == 0)
                {
                    inode.Drop();
                    KernelHeap.Free(copy, (nuint)size);
                    KernelLog.WriteLine("kiln: error: /kiln/manifest could not be read from the root disk");
                    return false;
                }

                long chunk = size - offset < (long)Layout.PageSize ? size - offset : (long)Layout.PageSize;
                Cpu.CopyMemory(copy + offset, Layout.ToVirtual(frame), (nuint)chunk);
            }

            inode.Drop();
            manifest = new ReadOnlySpan<byte>(copy, (int)size);
            return true;
        }
    }
}
