// Feeds kiln's standard input to QEMU's (COM1's receiver) when it is a pipe or a file, and marks where it ends. A
// serial line has no end of file, so when kiln's input ends the pump sends the terminal's end-of-file character (^D,
// VEOF): the guest's console, a terminal in canonical mode, turns it into a read of 0 bytes, as a Linux tty does. If
// the input's last line has no newline, a first ^D hands that line over and a second one is the end. An interactive
// terminal is not pumped: QEMU reads it directly (in raw mode), and the user types ^D.

using System;
using System.IO;
using System.Threading;

namespace Kiln.Host
{
    /// <summary>Copies kiln's piped standard input to QEMU's and ends it with the terminal's end-of-file character.</summary>
    public static class ConsoleInputPump
    {
        /// <summary>VEOF of a new terminal (Linux's INIT_C_CC).</summary>
        public const byte EndOfFile = 0x04;

        /// <summary>Whether kiln's input should be pumped rather than inherited by QEMU.</summary>
        public static bool IsWanted => Console.IsInputRedirected;

        /// <summary>Starts copying <paramref name="source"/> to <paramref name="qemuInput"/> on a background thread.</summary>
        public static void Start(Stream source, Stream qemuInput)
        {
            var thread = new Thread(() => Copy(source, qemuInput))
            {
                IsBackground = true,
                Name = "kiln stdin",
            };
            thread.Start();
        }

        /// <summary>Copies everything, then the end-of-file marks. QEMU may exit first: its input then just closes.</summary>
        public static void Copy(Stream source, Stream destination)
        {
            try
            {
                byte[] buffer = new byte[64 * 1024];
                byte last = (byte)'\n';
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    destination.Write(buffer, 0, read);
                    destination.Flush();
                    last = buffer[read - 1];
                }

                destination.Write(EndOfFileMarks(last));
                destination.Flush();
            }
            catch (IOException)
            {
                // QEMU ended (the program exited without reading all its input): nothing is waiting for the rest.
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>The bytes that end the input after a last byte of <paramref name="last"/>.</summary>
        public static byte[] EndOfFileMarks(byte last) =>
            last == (byte)'\n' ? new[] { EndOfFile } : new[] { EndOfFile, EndOfFile };
    }
}
