// /proc/<pid>/maps: one line per region of the program's address space, in address order, as Linux prints its
// VMAs (Proc.MapsLine). The program's own segments carry its path; the heap, the stack, the vDSO and its data page
// carry Linux's bracketed names; files mapped by mmap the path they were mapped by; anonymous mappings none.
using System;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Memory;
using Kiln.Proc;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcessMaps
    {
        public static void Write(ref ByteWriter text, long context)
        {
            RegionMap regions = UserAddressSpace.Regions;
            ReadOnlySpan<byte> program = new ReadOnlySpan<byte>(UserProcess.ExecutablePath, UserProcess.ExecutablePathLength);
            for (int i = 0; i < regions.Count; i++)
            {
                Region region = regions[i];
                ReadOnlySpan<byte> name = default;
                ulong offset = 0;
                ulong inode = 0;
                switch (region.Kind)
                {
                    case RegionKind.Program:
                        name = program;
                        break;
                    case RegionKind.Heap:
                        name = "[heap]"u8;
                        break;
                    case RegionKind.Stack:
                        name = "[stack]"u8;
                        break;
                    case RegionKind.Vdso:
                        name = (region.Protection & RegionProtection.Execute) != 0 ? "[vdso]"u8 : "[vvar]"u8;
                        break;
                    default:
                        // A file mapped by mmap: the path it was mapped by, its offset and inode.
                        if (region.Backing is MappedFile mapped)
                        {
                            name = mapped.PathBytes;
                            offset = region.Offset;
                            inode = mapped.Inode.Number;
                        }

                        break;
                }

                // FIXME: file-backed regions give their file offset, device and inode once the region map records them
                // (the loader's file mappings); until then the program's segments show 0 for all three.
                MapsLine.Write(
                    ref text,
                    region.Start,
                    region.End,
                    (region.Protection & RegionProtection.Read) != 0,
                    (region.Protection & RegionProtection.Write) != 0,
                    (region.Protection & RegionProtection.Execute) != 0,
                    shared: region.Shared,
                    offset: offset,
                    major: 0,
                    minor: 0,
                    inode: inode,
                    name);
            }
        }
    }
}
