// The kernel's struct termios as TCGETS/TCSETS exchange it: 36 bytes (glibc's tcgetattr passes a buffer of exactly
// that size), flag words at 0..12, c_line at 16, c_cc from 17; and the settings of a new terminal, as Linux's
// tty_std_termios and INIT_C_CC give them.
using System.Runtime.InteropServices;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class TermiosTests
    {
        [Fact]
        public void TermiosIs36Bytes() => Assert.Equal(LinuxTermios.Size, Marshal.SizeOf<LinuxTermios>());

        [Theory]
        [InlineData(nameof(LinuxTermios.InputFlags), 0)]
        [InlineData(nameof(LinuxTermios.OutputFlags), 4)]
        [InlineData(nameof(LinuxTermios.ControlFlags), 8)]
        [InlineData(nameof(LinuxTermios.LocalFlags), 12)]
        [InlineData(nameof(LinuxTermios.Line), 16)]
        public void TermiosFieldsSitWhereLinuxPutsThem(string field, int offset) =>
            Assert.Equal(offset, (int)Marshal.OffsetOf<LinuxTermios>(field));

        [Fact]
        public void ControlCharactersFillTheRestOfTheStruct() =>
            Assert.Equal(LinuxTermios.Size, LinuxTermios.ControlCharactersOffset + LinuxTermios.NCCS);

        [Fact]
        public void ANewTerminalIsCookedAsLinuxSetsItUp()
        {
            LinuxTermios termios = LinuxTermios.Cooked();

            // The words `stty -g` prints on a fresh Linux tty: 500:5:bf:8a3b.
            Assert.Equal(0x500u, termios.InputFlags);
            Assert.Equal(0x5u, termios.OutputFlags);
            Assert.Equal(0xBFu, termios.ControlFlags);
            Assert.Equal(0x8A3Bu, termios.LocalFlags);
            Assert.True(termios.IsCanonical);
        }

        [Fact]
        public void RawModeIsNotCanonical()
        {
            LinuxTermios termios = LinuxTermios.Cooked();
            termios.LocalFlags &= ~(LinuxTermios.ICANON | LinuxTermios.ECHO);
            Assert.False(termios.IsCanonical);
        }

        [Fact]
        public void ControlCharactersAreLinuxsInitCc()
        {
            // INIT_C_CC: "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0", then VEOL2 and padding zeros.
            byte[] expected = { 3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0, 0, 0 };
            for (int i = 0; i < LinuxTermios.NCCS; i++)
            {
                Assert.Equal(expected[i], LinuxTermios.InitialControlCharacter(i));
            }
        }
    }
}
