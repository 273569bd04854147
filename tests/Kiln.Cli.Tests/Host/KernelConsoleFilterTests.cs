// Tests of the COM2 filter: bytes pass straight through, the exit line is taken out, a signal line stays, and
// backtrace lines get the program's symbol appended.

using System.IO;
using System.Text;
using Kiln.Cli.Tests.Support;
using Kiln.Host;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class KernelConsoleFilterTests : IClassFixture<ProgramFiles>
    {
        private readonly ProgramFiles _files;

        public KernelConsoleFilterTests(ProgramFiles files)
        {
            _files = files;
        }

        [Fact]
        public void ProgramOutputPassesThroughBeforeItsNewline()
        {
            MemoryStream output = new MemoryStream();
            KernelConsoleFilter filter = new KernelConsoleFilter(output, null);
            filter.Write(Encoding.ASCII.GetBytes("partial"));
            Assert.Equal("partial", Encoding.ASCII.GetString(output.ToArray()));
            filter.Write(Encoding.ASCII.GetBytes(" line\nki"));
            Assert.Equal("partial line\n", Encoding.ASCII.GetString(output.ToArray()));
            filter.Write(Encoding.ASCII.GetBytes("ng\n"));
            Assert.Equal("partial line\nking\n", Encoding.ASCII.GetString(output.ToArray()));
        }

        [Fact]
        public void ExitLineIsSwallowedAndRecorded()
        {
            MemoryStream output = new MemoryStream();
            KernelConsoleFilter filter = new KernelConsoleFilter(output, null);
            Feed(filter, "err\nkiln: exit 42\n");
            filter.Complete();
            Assert.Equal("err\n", Encoding.ASCII.GetString(output.ToArray()));
            Assert.Equal(new ProgramExit(false, 42, ""), filter.Exit);
            Assert.Equal(42, filter.Exit!.ShellExitCode);
        }

        [Fact]
        public void SignalLineStaysVisibleAndMapsTo128PlusN()
        {
            MemoryStream output = new MemoryStream();
            KernelConsoleFilter filter = new KernelConsoleFilter(output, null);
            Feed(filter, "kiln: killed by signal 11 (SIGSEGV)\r\n");
            Assert.Equal("kiln: killed by signal 11 (SIGSEGV)\r\n", Encoding.ASCII.GetString(output.ToArray()));
            Assert.Equal(139, filter.Exit!.ShellExitCode);
        }

        [Fact]
        public void OtherKernelLinesAreKept()
        {
            MemoryStream output = new MemoryStream();
            KernelConsoleFilter filter = new KernelConsoleFilter(output, null);
            Feed(filter, "kiln: exit 300\nkiln: panic: oops\nkiln: unfinished");
            filter.Complete();
            Assert.Equal("kiln: exit 300\nkiln: panic: oops\nkiln: unfinished", Encoding.ASCII.GetString(output.ToArray()));
            Assert.Null(filter.Exit);
        }

        [Fact]
        public void BacktraceLineIsSymbolized()
        {
            byte[] image = File.ReadAllBytes(_files.StaticProgram);
            Symbolizer symbolizer = new Symbolizer(image);
            ulong main = FindMain(image);
            MemoryStream output = new MemoryStream();
            KernelConsoleFilter filter = new KernelConsoleFilter(output, symbolizer);
            Feed(filter, $"kiln:   #0 pc 0x{main + 4:x16}\nkiln:   #1 pc 0x0000000000000010\n");
            Assert.Equal(
                $"kiln:   #0 pc 0x{main + 4:x16} main+0x4\nkiln:   #1 pc 0x0000000000000010\n",
                Encoding.ASCII.GetString(output.ToArray()));
        }

        private static ulong FindMain(byte[] image)
        {
            Kiln.Elf.ElfFile.Parse(image, out Kiln.Elf.ElfFile elf);
            Kiln.Elf.ElfSymbolTable.Open(elf, out Kiln.Elf.ElfSymbolTable symbols);
            for (int i = 0; i < symbols.Count; i++)
            {
                symbols.GetSymbol(i, out Kiln.Elf.ElfSymbol symbol);
                if (Encoding.ASCII.GetString(symbol.Name) == "main")
                {
                    return symbol.Value;
                }
            }

            throw new Xunit.Sdk.XunitException("main not found");
        }

        private static void Feed(KernelConsoleFilter filter, string text)
        {
            // One byte at a time: the filter must not depend on how the pipe splits its reads.
            foreach (byte b in Encoding.ASCII.GetBytes(text))
            {
                filter.Write(new[] { b });
            }
        }
    }
}
