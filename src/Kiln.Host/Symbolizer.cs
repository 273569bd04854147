// Names addresses in the kernel's backtrace lines: "kiln:   #<i> pc 0x<hex>" from the program's own .symtab (the
// address is in the ELF file's address space: the kernel has already subtracted a PIE's load bias), and
// "kiln:   #<i> kernel 0x<hex>" (a kernel panic) from the kernel ELF's .symtab.

using System.Text;
using System.Text.RegularExpressions;
using Kiln.Elf;

namespace Kiln.Host
{
    /// <summary>Appends " symbol+0xoffset" to backtrace lines.</summary>
    public sealed partial class Symbolizer
    {
        private readonly byte[] _image;
        private readonly byte[]? _kernelImage;

        /// <summary>Creates a symbolizer over a program's ELF bytes (a stripped or bad ELF names nothing).</summary>
        public Symbolizer(byte[] image)
            : this(image, null)
        {
        }

        /// <summary>Also names kernel addresses from the kernel ELF's bytes, when given.</summary>
        public Symbolizer(byte[] image, byte[]? kernelImage)
        {
            _image = image;
            _kernelImage = kernelImage;
        }

        /// <summary>"name+0xoff" for <paramref name="address"/> in the program, or null if no symbol covers it.</summary>
        public string? Describe(ulong address) => Describe(_image, address);

        /// <summary>"name+0xoff" for a kernel address, or null.</summary>
        public string? DescribeKernel(ulong address) => _kernelImage == null ? null : Describe(_kernelImage, address);

        private static string? Describe(byte[] image, ulong address)
        {
            if (ElfFile.Parse(image, out ElfFile elf) != ElfError.None ||
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
            if (!match.Success || !ulong.TryParse(match.Groups[2].Value, System.Globalization.NumberStyles.HexNumber, null, out ulong address))
            {
                return line;
            }

            string? name = match.Groups[1].Value == "kernel" ? DescribeKernel(address) : Describe(address);
            return name == null ? line : $"{line} {name}";
        }

        [GeneratedRegex(@"^kiln:   #[0-9]+ (pc|kernel) 0x([0-9a-fA-F]{1,16})$")]
        private static partial Regex BacktraceLine();
    }
}
