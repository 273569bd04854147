// Passes COM2 (the program's stderr and the kernel's messages) through to kiln's stderr as bytes arrive. Only a line
// that starts with "kiln: " is held until its newline, so the exit status line can be taken out and backtrace lines
// symbolized; everything else is written at once, partial lines included.

using System;
using System.IO;
using System.Text;

namespace Kiln.Host
{
    /// <summary>A byte-stream filter over the kernel console.</summary>
    public sealed class KernelConsoleFilter
    {
        private static readonly byte[] s_prefix = Encoding.ASCII.GetBytes("kiln: ");

        private readonly Stream _output;
        private readonly Symbolizer? _symbolizer;
        private readonly MemoryStream _held = new MemoryStream();
        private bool _atLineStart = true;
        private bool _holding;

        /// <summary>Creates a filter writing to <paramref name="output"/>.</summary>
        public KernelConsoleFilter(Stream output, Symbolizer? symbolizer)
        {
            _output = output;
            _symbolizer = symbolizer;
        }

        /// <summary>The program's end, once its status line has gone by.</summary>
        public ProgramExit? Exit { get; private set; }

        /// <summary>Filters one chunk read from COM2 and flushes what can be written.</summary>
        public void Write(ReadOnlySpan<byte> chunk)
        {
            while (!chunk.IsEmpty)
            {
                if (_holding)
                {
                    chunk = Hold(chunk);
                }
                else if (_atLineStart)
                {
                    _holding = true;
                    _atLineStart = false;
                }
                else
                {
                    int newline = chunk.IndexOf((byte)'\n');
                    int length = newline < 0 ? chunk.Length : newline + 1;
                    _output.Write(chunk.Slice(0, length));
                    _atLineStart = newline >= 0;
                    chunk = chunk.Slice(length);
                }
            }

            _output.Flush();
        }

        /// <summary>Writes out a held partial line at the end of the stream.</summary>
        public void Complete()
        {
            if (_holding && _held.Length > 0)
            {
                _output.Write(_held.GetBuffer(), 0, (int)_held.Length);
            }

            _held.SetLength(0);
            _holding = false;
            _output.Flush();
        }

        private ReadOnlySpan<byte> Hold(ReadOnlySpan<byte> chunk)
        {
            int taken = 0;
            while (taken < chunk.Length)
            {
                byte b = chunk[taken++];
                long position = _held.Length;
                _held.WriteByte(b);
                if (b == (byte)'\n')
                {
                    FinishLine();
                    return chunk.Slice(taken);
                }

                if (position < s_prefix.Length && b != s_prefix[position])
                {
                    // Not a kernel line: release what was held and pass the rest of the line straight through.
                    _output.Write(_held.GetBuffer(), 0, (int)_held.Length);
                    _held.SetLength(0);
                    _holding = false;
                    return chunk.Slice(taken);
                }
            }

            return chunk.Slice(taken);
        }

        private void FinishLine()
        {
            string text = Encoding.UTF8.GetString(_held.GetBuffer(), 0, (int)_held.Length);
            _held.SetLength(0);
            _holding = false;
            _atLineStart = true;
            string line = text.TrimEnd('\n').TrimEnd('\r');
            if (ExitStatusProtocol.TryParse(line, out ProgramExit? exit))
            {
                Exit = exit;
                if (!exit!.Signaled)
                {
                    return;
                }
            }

            string annotated = _symbolizer?.Annotate(line) ?? line;
            byte[] bytes = annotated == line ? Encoding.UTF8.GetBytes(text) : Encoding.UTF8.GetBytes(annotated + text.Substring(line.Length));
            _output.Write(bytes);
        }
    }
}
