// Parses a script's "#!" line as Linux's binfmt_script does (fs/binfmt_script.c): the interpreter is the first word
// after "#!", and everything after the following blanks, up to the end of the line and without trailing blanks, is
// one optional argument. Linux reads at most the first 256 bytes (BINPRM_BUF_SIZE).

using System;
using System.Text;

namespace Kiln.Host.Image
{
    /// <summary>The interpreter line of a script.</summary>
    /// <param name="Interpreter">The interpreter path as written.</param>
    /// <param name="Argument">The optional single argument, or null.</param>
    public sealed record ShebangLine(string Interpreter, string? Argument)
    {
        /// <summary>How much of a file Linux reads to find the line.</summary>
        public const int MaxLength = 256;

        /// <summary>Parses the start of a file.</summary>
        /// <returns>The line, or null if the file does not start with "#!" or names no interpreter.</returns>
        public static ShebangLine? Parse(ReadOnlySpan<byte> start)
        {
            if (start.Length < 2 || start[0] != (byte)'#' || start[1] != (byte)'!')
            {
                return null;
            }

            ReadOnlySpan<byte> line = start.Slice(2, Math.Min(start.Length, MaxLength) - 2);
            int end = line.IndexOf((byte)'\n');
            if (end >= 0)
            {
                line = line.Slice(0, end);
            }

            string text = Encoding.UTF8.GetString(line).Trim(' ', '\t', '\r');
            if (text.Length == 0)
            {
                return null;
            }

            int blank = text.IndexOfAny(new[] { ' ', '\t' });
            if (blank < 0)
            {
                return new ShebangLine(text, null);
            }

            string argument = text.Substring(blank).Trim(' ', '\t');
            return new ShebangLine(text.Substring(0, blank), argument.Length == 0 ? null : argument);
        }
    }
}
