// /proc/<pid>/cmdline, environ and auxv: the arguments and environment as the program's memory holds them now
// (Linux reads them from the process too, so a program that rewrites its argv strings sees the change), each string
// followed by a NUL; and the auxiliary vector the loader built, as raw 16-byte pairs ending in AT_NULL.
using System;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcessStartup
    {
        private const int MaxString = 128 * 1024;
        private const int MaxPointers = 1 << 16;

        public static void WriteCommandLine(ref ByteWriter text, long context) => WriteStrings(ref text, environment: false);

        public static void WriteEnvironment(ref ByteWriter text, long context) => WriteStrings(ref text, environment: true);

        public static void WriteAuxiliaryVector(ref ByteWriter text, long context)
        {
            byte* bytes = (byte*)UserProcess.SavedAuxv;
            for (int i = 0; i < UserProcess.SavedAuxvWords * 8; i++)
            {
                text.Append(bytes[i]);
            }
        }

        /// <summary>The lowest and highest-plus-one addresses of the argument strings and of the environment strings (stat's arg_start ... env_end).</summary>
        public static void ArgumentRanges(out ulong argStart, out ulong argEnd, out ulong envStart, out ulong envEnd)
        {
            Range(environment: false, out argStart, out argEnd);
            Range(environment: true, out envStart, out envEnd);
        }

        // The pointer array of argv (after argc) or envp (after argv's NULL) on the initial stack.
        private static ulong FirstPointer(bool environment)
        {
            ulong stack = UserProcess.StackStart;
            if (stack == 0 || !UserMemory.Read(stack, out ulong argc))
            {
                return 0;
            }

            return stack + 8 + (environment ? (argc + 1) * 8 : 0);
        }

        private static void WriteStrings(ref ByteWriter text, bool environment)
        {
            ulong pointers = FirstPointer(environment);
            byte* chunk = stackalloc byte[256];
            for (int i = 0; pointers != 0 && i < MaxPointers; i++)
            {
                if (!UserMemory.Read(pointers + ((ulong)i * 8), out ulong address) || address == 0)
                {
                    break;
                }

                // Copy the string piece by piece up to its NUL, which is written too.
                for (int offset = 0; offset < MaxString; offset += 256)
                {
                    int length = UserMemory.CopyStringFromUser(chunk, address + (ulong)offset, 256);
                    if (length == -1)
                    {
                        return;
                    }

                    text.Append(new ReadOnlySpan<byte>(chunk, length >= 0 ? length : 256));
                    if (length >= 0)
                    {
                        text.Append((byte)0);
                        break;
                    }
                }
            }
        }

        private static void Range(bool environment, out ulong start, out ulong end)
        {
            start = 0;
            end = 0;
            ulong pointers = FirstPointer(environment);
            byte* chunk = stackalloc byte[256];
            for (int i = 0; pointers != 0 && i < MaxPointers; i++)
            {
                if (!UserMemory.Read(pointers + ((ulong)i * 8), out ulong address) || address == 0)
                {
                    break;
                }

                ulong stringEnd = address + 1;
                for (int offset = 0; offset < MaxString; offset += 256)
                {
                    int length = UserMemory.CopyStringFromUser(chunk, address + (ulong)offset, 256);
                    if (length != -2)
                    {
                        stringEnd = address + (ulong)offset + (ulong)(length < 0 ? 0 : length) + 1;
                        break;
                    }
                }

                start = start == 0 || address < start ? address : start;
                end = stringEnd > end ? stringEnd : end;
            }
        }
    }
}
