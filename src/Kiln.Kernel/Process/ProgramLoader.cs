// Loads the program the manifest names from the VFS: maps its PT_LOAD segments as private file mappings (at a random
// base for a PIE), and for a dynamically linked program also its ELF interpreter (ld-linux-x86-64.so.2) at a random
// base in the mmap area, where it starts. Places the heap break and the stack at random and builds argv, envp and the
// auxiliary vector (AT_BASE = the interpreter's base, AT_ENTRY = the program's entry). Segment mapping is in
// ProgramLoader.Image.cs, the initial stack in ProgramLoader.Stack.cs.
using System;
using Kiln.Elf;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Kernel.Vfs;
using Kiln.Manifest;
using Kiln.Memory;

namespace Kiln.Kernel.Process
{
    internal static unsafe partial class ProgramLoader
    {
        private const ulong PieBase = 0x0000555555554000;
        private const ulong StackCeiling = 0x00007FFD00000000;
        private const ulong StackSize = 8UL << 20;
        private const int StackImageSize = 256 * 1024;
        private const int MaxArgs = 4096;
        private const int MaxInterpreterPath = 256;

        /// <summary>Loads the program and fills <paramref name="frame"/> to start it; false after printing why not.</summary>
        public static bool Load(ReadOnlySpan<byte> manifest, TrapFrame* frame)
        {
            if (ManifestReader.Validate(manifest, out ManifestInfo info) != ManifestError.None)
            {
                KernelLog.WriteLine("kiln: error: the manifest is malformed");
                return false;
            }

            UserProcess.Trace = info.Trace;
            UserProcess.SyscallSummary = info.SyscallSummary;
            if (!info.WorkingDirectory.IsEmpty && !EnterWorkingDirectory(info.WorkingDirectory))
            {
                return false;
            }

            SaveExecutablePath(info.Program);
            ReadOnlySpan<byte> programPath = new ReadOnlySpan<byte>(UserProcess.ExecutablePath, UserProcess.ExecutablePathLength);
            if (OpenImage(programPath, out Inode programInode, out ElfFile elf) < 0)
            {
                Fail("the program cannot be loaded (missing, or not an x86-64 ELF executable): ", programPath);
                return false;
            }

            ulong bias = elf.Type == ElfConstants.ET_DYN ? PieBase + ((Entropy.Next() & 0xFFFFF) * Layout.PageSize) : 0;
            UserProcess.LoadBias = bias;
            if (!MapFile(ref elf, programInode, programPath, bias, out ulong imageEnd, out ulong phdrAddress))
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

            ulong entry = elf.Entry + bias;
            ulong interpreterBase = 0;
            if (elf.HasInterpreter && !LoadInterpreter(ref elf, programInode, out interpreterBase, out entry))
            {
                return false;
            }

            ulong stackPointer = BuildStack(manifest, info.ArgCount, info.EnvCount, ref elf, bias, phdrAddress, interpreterBase, stackTop);
            programInode.Drop();
            if (stackPointer == 0)
            {
                KernelLog.WriteLine("kiln: error: the arguments and environment do not fit on the initial stack");
                return false;
            }

            Cpu.FillMemory(frame, 0, (nuint)sizeof(TrapFrame));
            frame->Rip = entry;
            frame->Rsp = stackPointer;
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            frame->Rflags = Msr.RFLAGS_IF | 0x2;
            return true;
        }

        /// <summary>
        /// After the volumes are mounted: enters the manifest's working directory again when it resolves now (it may
        /// lie on a volume); otherwise the directory entered at load, hidden or not, stays.
        /// </summary>
        public static void ReenterWorkingDirectory(ReadOnlySpan<byte> manifest)
        {
            if (ManifestReader.Validate(manifest, out ManifestInfo info) != ManifestError.None || info.WorkingDirectory.IsEmpty)
            {
                return;
            }

            if (PathWalk.Resolve(null, info.WorkingDirectory, PathWalk.FollowFinal | PathWalk.MustBeDirectory, out Inode directory) >= 0)
            {
                UserProcess.WorkingDirectory?.Drop();
                UserProcess.WorkingDirectory = directory;
            }
        }

        // The manifest's working directory (cwd=): the program starts there, as a shell's child starts in the shell's.
        private static bool EnterWorkingDirectory(ReadOnlySpan<byte> path)
        {
            int result = PathWalk.Resolve(null, path, PathWalk.FollowFinal | PathWalk.MustBeDirectory, out Inode directory);
            if (result < 0)
            {
                Fail("the working directory is not a directory in the image: ", path);
                return false;
            }

            UserProcess.WorkingDirectory?.Drop();
            UserProcess.WorkingDirectory = directory;
            return true;
        }

        // Maps the program's PT_INTERP interpreter at a random base in the mmap area: its base and entry point.
        private static bool LoadInterpreter(ref ElfFile program, Inode programInode, out ulong interpreterBase, out ulong entry)
        {
            interpreterBase = 0;
            entry = 0;
            byte* path = stackalloc byte[MaxInterpreterPath];
            int pathLength = ReadInterpreterPath(ref program, programInode, path);
            if (pathLength <= 0)
            {
                KernelLog.WriteLine("kiln: error: the program's PT_INTERP path is malformed");
                return false;
            }

            ReadOnlySpan<byte> interpreterPath = new ReadOnlySpan<byte>(path, pathLength);
            if (OpenImage(interpreterPath, out Inode inode, out ElfFile interpreter) < 0)
            {
                Fail("the program's ELF interpreter cannot be loaded (is it in the image?): ", interpreterPath);
                return false;
            }

            // An ET_DYN interpreter (every ld.so) goes where mmap would put it; an ET_EXEC one where it was linked.
            bool ok = ImageSpan(ref interpreter, out ulong low, out ulong high) && !interpreter.HasInterpreter;
            ulong bias = 0;
            if (ok && interpreter.Type == ElfConstants.ET_DYN)
            {
                ok = UserAddressSpace.Regions.TryFindGap(high - low, UserProcess.MmapFloor, UserProcess.MmapTop, out ulong start);
                bias = start - low;
            }

            ok = ok && MapFile(ref interpreter, inode, interpreterPath, bias, out ulong _, out ulong _);
            ulong interpreterEntry = interpreter.Entry;
            inode.Drop();
            if (!ok)
            {
                Fail("the program's ELF interpreter could not be mapped: ", interpreterPath);
                return false;
            }

            interpreterBase = bias;
            entry = interpreterEntry + bias;
            return true;
        }

        // The PT_INTERP path, read from the file (NUL-terminated in it): its length, or -1.
        private static int ReadInterpreterPath(ref ElfFile elf, Inode inode, byte* buffer)
        {
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                elf.GetProgramHeader(i, out ElfProgramHeader header);
                if (header.Type != ElfConstants.PT_INTERP)
                {
                    continue;
                }

                if (header.FileSize < 2 || header.FileSize > MaxInterpreterPath
                    || !ReadFile(inode, header.Offset, buffer, header.FileSize) || buffer[header.FileSize - 1] != 0)
                {
                    return -1;
                }

                int length = 0;
                while (buffer[length] != 0)
                {
                    length++;
                }

                return length;
            }

            return -1;
        }

        // Maps an image with one MappedFile for all its file regions (which hold the inode from then on).
        private static bool MapFile(ref ElfFile elf, Inode inode, ReadOnlySpan<byte> path, ulong bias, out ulong imageEnd, out ulong phdrAddress)
        {
            MappedFile file = MappedFile.Create(inode, path);
            bool mapped = MapImage(ref elf, file, bias, out imageEnd, out phdrAddress);
            file.ReleaseIfUnused();
            return mapped;
        }

        private static void Fail(string message, ReadOnlySpan<byte> path)
        {
            KernelLog.Write("kiln: error: ");
            KernelLog.Write(message);
            KernelLog.Write(path);
            KernelLog.WriteLine();
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
