// Copies one of QEMU's console pipes to its destination without ever letting the pipe fill. QEMU writes its serial
// consoles non-blocking, and a 16550 whose host side stays full for a few retries drops the byte (QEMU's
// serial_xmit gives up after MAX_XMIT_RETRY): a slow reader of kiln's output must never stall QEMU's pipe. So a
// reader thread drains the pipe into a queue as fast as it fills, a writer thread passes the queue on at the
// destination's pace, and the pipe is enlarged to 1 MiB to cover moments when the reader is not scheduled.

using System;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading;

namespace Kiln.Host
{
    internal sealed class ConsolePump
    {
        private const int PipeSize = 1 << 20;
        private const int F_SETPIPE_SZ = 1031;

        private readonly BlockingCollection<byte[]> _chunks = new BlockingCollection<byte[]>();
        private readonly Thread _reader;
        private readonly Thread _writer;

        public delegate void ChunkHandler(ReadOnlySpan<byte> chunk);

        private ConsolePump(Stream source, ChunkHandler handle)
        {
            _reader = new Thread(() =>
            {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _chunks.Add(buffer.AsSpan(0, read).ToArray());
                }

                _chunks.CompleteAdding();
            })
            {
                IsBackground = true,
            };
            _writer = new Thread(() =>
            {
                foreach (byte[] chunk in _chunks.GetConsumingEnumerable())
                {
                    handle(chunk);
                }
            })
            {
                IsBackground = true,
            };
        }

        /// <summary>Starts copying <paramref name="source"/> (a pipe from QEMU) to <paramref name="handle"/>.</summary>
        public static ConsolePump Start(Stream source, ChunkHandler handle)
        {
            Enlarge(source);
            var pump = new ConsolePump(source, handle);
            pump._reader.Start();
            pump._writer.Start();
            return pump;
        }

        /// <summary>Waits until the source has ended and everything read has been handed on.</summary>
        public void Join()
        {
            _reader.Join();
            _writer.Join();
        }

        // Best effort: a pipe that cannot grow (an old kernel, a limit) keeps its 64 KiB.
        private static void Enlarge(Stream source)
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            SafeHandle? handle = source switch
            {
                FileStream file => file.SafeFileHandle,
                PipeStream pipe => pipe.SafePipeHandle,
                _ => null,
            };
            if (handle != null && !handle.IsInvalid)
            {
                _ = SetPipeSize((int)handle.DangerousGetHandle(), F_SETPIPE_SZ, PipeSize);
            }
        }

        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static extern int SetPipeSize(int fd, int command, int size);
    }
}
