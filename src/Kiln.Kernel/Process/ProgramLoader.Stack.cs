// The initial stack: argv and envp from the manifest, and the auxiliary vector glibc and musl read at start-up.
using System;
using Kiln.Elf;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Manifest;
using Kiln.Startup;

namespace Kiln.Kernel.Process
{
    internal static unsafe partial class ProgramLoader
    {
        private static ulong BuildStack(ReadOnlySpan<byte> manifest, int argCount, int envCount, ref ElfFile elf, ulong bias, ulong phdrAddress, ulong stackTop)
        {
            if (argCount > MaxArgs || envCount > MaxArgs)
            {
                return 0;
            }

            byte* buffer = (byte*)KernelHeap.TryAllocate(StackImageSize);
            ulong* argv = (ulong*)KernelHeap.TryAllocate((nuint)((argCount + envCount + 1) * 8));
            if (buffer == null || argv == null)
            {
                return 0;
            }

            ulong* envp = argv + argCount;
            ulong stackPointer = 0;
            InitialStack stack = new InitialStack(new Span<byte>(buffer, StackImageSize), stackTop);
            bool ok = stack.TryPushString(new ReadOnlySpan<byte>(UserProcess.ExecutablePath, UserProcess.ExecutablePathLength), out ulong execfn);
            ok &= stack.TryPushString("x86_64"u8, out ulong platform);

            byte* random = stackalloc byte[16];
            Entropy.Fill(random, 16);
            ok &= stack.TryPushBytes(new ReadOnlySpan<byte>(random, 16), out ulong randomAddress);

            int arg = argCount;
            int env = envCount;
            ManifestReader reader = new ManifestReader(manifest);
            while (ok && reader.MoveNext(out ManifestRecord record))
            {
                if (record.Key == ManifestKey.Arg)
                {
                    ok &= stack.TryPushString(record.Value, out ulong address);
                    argv[argCount - arg] = address;
                    arg--;
                }
                else if (record.Key == ManifestKey.Env)
                {
                    ok &= stack.TryPushString(record.Value, out ulong address);
                    envp[envCount - env] = address;
                    env--;
                }
            }

            uint* registers = stackalloc uint[4];
            Cpu.CpuId(1, 0, registers);
            ulong* auxv = stackalloc ulong[48];
            int n = 0;
            auxv[n++] = AuxVector.AT_PHDR; auxv[n++] = phdrAddress;
            auxv[n++] = AuxVector.AT_PHENT; auxv[n++] = (ulong)elf.ProgramHeaderEntrySize;
            auxv[n++] = AuxVector.AT_PHNUM; auxv[n++] = (ulong)elf.ProgramHeaderCount;
            auxv[n++] = AuxVector.AT_PAGESZ; auxv[n++] = Layout.PageSize;
            auxv[n++] = AuxVector.AT_BASE; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_FLAGS; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_ENTRY; auxv[n++] = elf.Entry + bias;
            auxv[n++] = AuxVector.AT_UID; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_EUID; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_GID; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_EGID; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_SECURE; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_CLKTCK; auxv[n++] = 100;
            auxv[n++] = AuxVector.AT_HWCAP; auxv[n++] = registers[3];
            auxv[n++] = AuxVector.AT_HWCAP2; auxv[n++] = 0;
            auxv[n++] = AuxVector.AT_RANDOM; auxv[n++] = randomAddress;
            auxv[n++] = AuxVector.AT_PLATFORM; auxv[n++] = platform;
            auxv[n++] = AuxVector.AT_EXECFN; auxv[n++] = execfn;
            auxv[n++] = AuxVector.AT_SYSINFO_EHDR; auxv[n++] = Vdso.UserBase;

            ok &= stack.TryFinish(new ReadOnlySpan<ulong>(argv, argCount), new ReadOnlySpan<ulong>(envp, envCount), new ReadOnlySpan<ulong>(auxv, n), out stackPointer);
            if (ok)
            {
                ReadOnlySpan<byte> image = stack.Image;
                fixed (byte* source = image)
                {
                    ok = UserMemory.CopyToUser(stack.Bottom, source, (ulong)image.Length);
                }

                UserProcess.SaveStartup(stackPointer, auxv, n);
            }

            KernelHeap.Free(argv, (nuint)((argCount + envCount + 1) * 8));
            KernelHeap.Free(buffer, StackImageSize);
            return ok ? stackPointer : 0;
        }
    }
}
