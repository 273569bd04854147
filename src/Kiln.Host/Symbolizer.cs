// Names program addresses from the program's own .symtab, for the kernel's crash backtrace lines
// "kiln:   #<i> pc 0x<16 hex digits>" (the address is in the ELF file's address space: the kernel has already
// subtracted a PIE's load bias).

using System.Text;
using System.Text.RegularExpressions;
using Kiln.Elf;

namespace Kiln.Host
{
    /// <summary>Appends " symbol+0xoffset" to backtrace lines.</summary>
    public sealed partial class Symbolizer
    {
        private readonly byte[] _image;

        /// <summary>Creates a symbolizer over a program's ELF bytes (a stripped or bad ELF names nothing).</summary>
        public Symbolizer(byte[] image)
        {
            _image = image;
        }

        /// <summary>"name+0xoff" for <paramref name="address"/>, or null if no symbol covers it.</summary>
        public string? Describe(ulong address)
        {
            if (ElfFile.Parse(_image, out ElfFile elf) != ElfError.None ||
                ElfSymbolTable.Open(elf, out ElfSymbolTable symbols) != ElfError.None ||
                !symbols.TryFindContaining(address, out ElfSymbol symbol))
            {
                return null;
            }

            return $"{Encoding.UTF8.GetString(symbol.Name)}+0x{address - symbol.Value:x}";
        }

        /// <summary>Returns <paramref name="line"/> with the symbol appended if it is a backtrace line.</summary>
        public string Annotate(string line)
        {
            Match match = BacktraceLine().Match(line);
            if (!match.Success || !ulong.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.HexNumber, null, out ulong address))
            {
                return line;
            }

            string? name = Describe(address);
            return name == null ? line : $"{line} {name}";
        }

        [GeneratedRegex(@"^kiln:   #[0-9]+ pc 0x([0-9a-fA-F]{1,16})$")]
        private static partial Regex BacktraceLine();
    }
}
