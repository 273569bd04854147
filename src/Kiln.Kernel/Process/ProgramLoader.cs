// Loads the program named by the manifest from the initrd: maps its PT_LOAD segments (at a random base for a
// static PIE), places the heap break and the stack at random, and builds argv, envp and the auxiliary vector.
using System;
using Kiln.Cpio;
using Kiln.Elf;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Manifest;
using Kiln.Memory;
using Kiln.Startup;

namespace Kiln.Kernel.Process
{
    internal static unsafe partial class ProgramLoader
    {
        private const ulong PieBase = 0x0000555555554000;
        private const ulong StackCeiling = 0x00007FFD00000000;
        private const ulong StackSize = 8UL << 20;
        private const int StackImageSize = 256 * 1024;
        private const int MaxArgs = 4096;

        /// <summary>Loads the program and fills <paramref name="frame"/> to start it; false after printing why not.</summary>
        public static bool Load(ReadOnlySpan<byte> initrd, TrapFrame* frame)
        {
            if (CpioReader.Find(initrd, "kiln/manifest", out CpioEntry manifestEntry) != CpioError.None)
            {
                KernelLog.WriteLine("kiln: error: the initrd has no kiln/manifest");
                return false;
            }

            ReadOnlySpan<byte> manifest = manifestEntry.Data;
            if (ManifestReader.Validate(manifest, out ManifestInfo info) != ManifestError.None)
            {
                KernelLog.WriteLine("kiln: error: the manifest is malformed");
                return false;
            }

            UserProcess.Trace = info.Trace;
            UserProcess.SyscallSummary = info.SyscallSummary;
            ReadOnlySpan<byte> programName = info.Program;
            if (!programName.IsEmpty && programName[0] == (byte)'/')
            {
                programName = programName.Slice(1);
            }

            if (CpioReader.Find(initrd, programName, out CpioEntry programEntry) != CpioError.None)
            {
                KernelLog.Write("kiln: error: the program is not in the initrd: ");
                KernelLog.Write(info.Program);
                KernelLog.WriteLine();
                return false;
            }

            SaveExecutablePath(info.Program);
            ElfError elfError = ElfFile.Parse(programEntry.Data, out ElfFile elf);
            if (elfError != ElfError.None)
            {
                KernelLog.WriteLine("kiln: error: the program is not a valid x86-64 ELF file");
                return false;
            }

            if (elf.HasInterpreter)
            {
                KernelLog.WriteLine("kiln: error: the program is dynamically linked; Kiln runs static programs for now");
                return false;
            }

            ulong bias = elf.Type == ElfConstants.ET_DYN ? PieBase + ((Entropy.Next() & 0xFFFFF) * Layout.PageSize) : 0;
            UserProcess.LoadBias = bias;
            if (!MapSegments(ref elf, bias, out ulong imageEnd, out ulong phdrAddress))
            {
                KernelLog.WriteLine("kiln: error: the program's segments could not be mapped");
                return false;
            }

            // The break starts past the image, shifted by up to 32 MiB as Linux's brk randomization does.
            UserProcess.BrkStart = Layout.PageUp(imageEnd) + ((Entropy.Next() & 0x1FFF) * Layout.PageSize);
            UserProcess.BrkCurrent = UserProcess.BrkStart;

            ulong stackTop = StackCeiling - ((Entropy.Next() & 0x3FFFF) * Layout.PageSize);
            if (!UserAddressSpace.Reserve(stackTop - StackSize, stackTop, RegionProtection.Read | RegionProtection.Write, RegionKind.Stack))
            {
                return false;
            }

            // The vvar page and the vDSO go above the stack, past an unmapped gap of 1 to 256 pages: mmap stays below.
            if (!Vdso.Map(stackTop + ((1 + (Entropy.Next() & 0xFF)) * Layout.PageSize)))
            {
                KernelLog.WriteLine("kiln: error: the vDSO could not be mapped");
                return false;
            }

            UserProcess.MmapTop = stackTop - StackSize - Layout.PageSize - ((Entropy.Next() & 0xFFFFF) * Layout.PageSize);
            UserProcess.MmapFloor = UserProcess.BrkStart + (1UL << 30);

            ulong stackPointer = BuildStack(manifest, info.ArgCount, info.EnvCount, ref elf, bias, phdrAddress, stackTop);
            if (stackPointer == 0)
            {
                KernelLog.WriteLine("kiln: error: the arguments and environment do not fit on the initial stack");
                return false;
            }

            Cpu.FillMemory(frame, 0, (nuint)sizeof(TrapFrame));
            frame->Rip = elf.Entry + bias;
            frame->Rsp = stackPointer;
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            frame->Rflags = Msr.RFLAGS_IF | 0x2;
            return true;
        }

        private static bool MapSegments(ref ElfFile elf, ulong bias, out ulong imageEnd, out ulong phdrAddress)
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

                ulong start = header.VirtualAddress + bias;
                ulong end = start + header.MemorySize;
                if (!UserAddressSpace.IsUserRange(start, header.MemorySize) || header.FileSize > header.MemorySize)
                {
                    return false;
                }

                RegionProtection protection = ProtectionOf(header.Flags);
                ReadOnlySpan<byte> file = elf.Data.Slice((int)header.Offset, (int)header.FileSize);
                for (ulong page = Layout.PageDown(start); page < end; page += Layout.PageSize)
                {
                    if (!MapSegmentPage(page, protection, file, start))
                    {
                        return false;
                    }
                }

                imageEnd = Math.Max(imageEnd, end);
            }

            if (phdrAddress == 0 && firstLoad != ulong.MaxValue)
            {
                phdrAddress = firstLoad - firstLoadOffset + elf.ProgramHeaderOffset + bias;
            }

            return imageEnd != 0;
        }

        // Maps one page of a segment (or joins a page an earlier segment mapped) and copies the file bytes that fall in it.
        private static bool MapSegmentPage(ulong page, RegionProtection protection, ReadOnlySpan<byte> file, ulong segmentStart)
        {
            ulong entry = PageTables.Lookup(page);
            if ((entry & PageTables.Present) == 0)
            {
                if (!UserAddressSpace.Reserve(page, page + Layout.PageSize, protection, RegionKind.Program)
                    || !UserAddressSpace.Populate(page, protection))
                {
                    return false;
                }

                entry = PageTables.Lookup(page);
            }
            else if (UserAddressSpace.Regions.TryFind(page, out Region existing) && existing.Protection != (existing.Protection | protection))
            {
                UserAddressSpace.Protect(page, page + Layout.PageSize, existing.Protection | protection);
            }

            byte* destination = (byte*)Layout.ToVirtual(PageTables.FrameOf(entry));
            ulong fileEnd = segmentStart + (ulong)file.Length;
            ulong copyStart = Math.Max(page, segmentStart);
            ulong copyEnd = Math.Min(page + Layout.PageSize, fileEnd);
            if (copyEnd > copyStart)
            {
                fixed (byte* source = file)
                {
                    Cpu.CopyMemory(destination + (copyStart - page), source + (copyStart - segmentStart), (nuint)(copyEnd - copyStart));
                }
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

        private static void SaveExecutablePath(ReadOnlySpan<byte> path)
        {
            int length = Math.Min(path.Length, UserProcess.MaxPath - 1);
            UserProcess.ExecutablePath = (byte*)KernelHeap.Allocate(UserProcess.MaxPath);
            for (int i = 0; i < length; i++)
            {
                UserProcess.ExecutablePath[i] = path[i];
            }

            UserProcess.ExecutablePathLength = length;
        }
    }
}
