// The program's standard streams: fd 0 reads COM1, fd 1 writes COM1 (kiln's stdout), fd 2 writes COM2 (kiln's
// stderr). Until the file-descriptor layer exists these three are the only descriptors.
using Kiln.Kernel.Devices;

namespace Kiln.Kernel.Console
{
    internal static unsafe class ProgramConsole
    {
        private static readonly Serial16550 s_out = new Serial16550(Serial16550.Com1);
        private static readonly Serial16550 s_err = new Serial16550(Serial16550.Com2);

        public static bool IsConsole(ulong fd) => fd <= 2;

        public static void Write(ulong fd, byte* data, int length)
        {
            Serial16550 port = fd == 2 ? s_err : s_out;
            for (int i = 0; i < length; i++)
            {
                port.Write(data[i]);
            }
        }

        /// <summary>Waits for at least one byte of input, then returns what has arrived, up to the buffer's size.</summary>
        public static int Read(byte* buffer, int capacity)
        {
            int count = 0;
            while (count == 0)
            {
                while (count < capacity && s_out.TryRead(out byte value))
                {
                    buffer[count++] = value;
                }
            }

            return count;
        }
    }
}
