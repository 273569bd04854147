// The console's terminal settings: one struct termios for the one terminal fds 0, 1 and 2 share, as on Linux where
// they are the same tty. TCGETS reads it, TCSETS/TCSETSW/TCSETSF replace it (so a program that switches to raw mode
// and back, as node does at exit, reads back what it set), and reads honour ICANON and VEOF. Echo and the other flags
// are recorded but not acted on: the host's terminal, not the guest, echoes what is typed.
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal static unsafe class ConsoleTermios
    {
        private static LinuxTermios* s_current;

        /// <summary>The settings now in force (a cooked terminal until a program changes them).</summary>
        public static LinuxTermios* Current
        {
            get
            {
                if (s_current == null)
                {
                    s_current = (LinuxTermios*)KernelHeap.Allocate((nuint)LinuxTermios.Size);
                    *s_current = LinuxTermios.Cooked();
                    byte* controlCharacters = (byte*)s_current + LinuxTermios.ControlCharactersOffset;
                    for (int i = 0; i < LinuxTermios.NCCS; i++)
                    {
                        controlCharacters[i] = LinuxTermios.InitialControlCharacter(i);
                    }
                }

                return s_current;
            }
        }

        /// <summary>c_cc[<paramref name="index"/>] now in force.</summary>
        public static byte ControlCharacter(int index) =>
            ((byte*)Current)[LinuxTermios.ControlCharactersOffset + index];

        /// <summary>TCGETS: copies the settings to user memory.</summary>
        public static long Get(ulong argument) =>
            UserMemory.CopyToUser(argument, Current, LinuxTermios.Size) ? 0 : -Errno.EFAULT;

        /// <summary>
        /// TCSETS, TCSETSW, TCSETSF: takes new settings from user memory. The console's output is written
        /// synchronously, so there is never output to drain (TCSETSW); TCSETSF also discards unread input.
        /// </summary>
        public static long Set(ulong request, ulong argument)
        {
            LinuxTermios replacement;
            if (!UserMemory.CopyFromUser(&replacement, argument, LinuxTermios.Size))
            {
                return -Errno.EFAULT;
            }

            if (request == LinuxTermios.TCSETSF)
            {
                while (ConsoleFiles.TryReadInput(out _))
                {
                }
            }

            *Current = replacement;
            return 0;
        }
    }
}
