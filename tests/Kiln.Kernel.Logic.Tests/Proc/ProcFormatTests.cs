// Tests of the /proc line formats against lines copied from Linux 6.1: maps lines (with and without a name, the
// name at column 73), the 52 fields of stat in order, CPU flag names in Linux's order, the CPUID signature decode
// and version-4 UUIDs.

using System;
using System.Linq;
using System.Text;
using Kiln.Proc;
using Kiln.Text;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Proc
{
    public sealed class ProcFormatTests
    {
        [Fact]
        public void MapsLineWithANameMatchesLinux()
        {
            string line = Format((ref ByteWriter w) => MapsLine.Write(
                ref w, 0x55d0c6a00000, 0x55d0c6a02000, true, false, false, false, 0x2000, 8, 1, 1311022, "/usr/bin/cat"u8));

            Assert.Equal("55d0c6a00000-55d0c6a02000 r--p 00002000 08:01 1311022                    /usr/bin/cat\n", line);
            Assert.Equal(73, line.IndexOf('/'));
        }

        [Fact]
        public void MapsLineWithoutANameKeepsTheTrailingSpace()
        {
            string line = Format((ref ByteWriter w) => MapsLine.Write(
                ref w, 0x7f0000000000, 0x7f0000021000, true, true, false, false, 0, 0, 0, 0, default));

            Assert.Equal("7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n", line);
        }

        [Fact]
        public void MapsLineWithShortAddressesPadsToEightDigits()
        {
            string line = Format((ref ByteWriter w) => MapsLine.Write(
                ref w, 0x400000, 0x401000, true, false, true, true, 0, 0, 0, 0, "[vdso]"u8));

            Assert.Equal("00400000-00401000 r-xs 00000000 00:00 0" + new string(' ', 34) + "[vdso]\n", line);
        }

        [Fact]
        public void StatLineHas52FieldsInProcOrder()
        {
            TaskStat s = default;
            s.Pid = 7;
            s.State = 'S';
            s.ParentPid = 1;
            s.ProcessGroup = 7;
            s.Session = 7;
            s.TerminalProcessGroup = -1;
            s.Flags = 0x400000;
            s.MinorFaults = 100;
            s.UserTicks = 3;
            s.SystemTicks = 4;
            s.Priority = 20;
            s.Threads = 2;
            s.StartTicks = 55;
            s.VirtualSize = 4096000;
            s.ResidentPages = 250;
            s.ResidentLimit = ulong.MaxValue;
            s.StartCode = 0x1000;
            s.EndCode = 0x2000;
            s.StartStack = 0x7ffc0000;
            s.PendingSignals = 0xFFFFFFFF00000001;
            s.BlockedSignals = 0x2;
            s.IgnoredSignals = 0x4;
            s.CaughtSignals = 0x8;
            s.Sleeping = true;
            s.ExitSignal = 17;
            s.StartData = 0x3000;
            s.EndData = 0x4000;
            s.StartBrk = 0x5000;
            s.ArgStart = 0x7ffc1000;
            s.ArgEnd = 0x7ffc1010;
            s.EnvStart = 0x7ffc1010;
            s.EnvEnd = 0x7ffc1100;

            string line = Format((ref ByteWriter w) => TaskStatLine.Write(ref w, s, "my prog\0junk"u8));

            Assert.EndsWith("\n", line);
            string afterName = line.Substring(line.LastIndexOf(')') + 2).TrimEnd('\n');
            string[] fields = new[] { "7", "(my prog)" }.Concat(afterName.Split(' ')).ToArray();
            Assert.Equal(52, fields.Length);
            Assert.Equal("S", fields[2]);
            Assert.Equal("-1", fields[7]);
            Assert.Equal("4194304", fields[8]);
            Assert.Equal("100", fields[9]);
            Assert.Equal("3", fields[13]);
            Assert.Equal("4", fields[14]);
            Assert.Equal("20", fields[17]);
            Assert.Equal("2", fields[19]);
            Assert.Equal("55", fields[21]);
            Assert.Equal("4096000", fields[22]);
            Assert.Equal("250", fields[23]);
            Assert.Equal("18446744073709551615", fields[24]);
            Assert.Equal(0x7ffc0000.ToString(), fields[27]);
            Assert.Equal("1", fields[30]);        // signal: only the low 31 bits
            Assert.Equal("2", fields[31]);
            Assert.Equal("4", fields[32]);
            Assert.Equal("8", fields[33]);
            Assert.Equal("1", fields[34]);        // wchan
            Assert.Equal("17", fields[37]);
            Assert.Equal(0x5000.ToString(), fields[46]);
            Assert.Equal(0x7ffc1100.ToString(), fields[50]);
            Assert.Equal("0", fields[51]);
        }

        [Fact]
        public void CpuFlagsUseLinuxNamesInLinuxOrder()
        {
            uint[] words = new uint[CpuFlagNames.WordCount];
            words[CpuFlagNames.Cpuid1Edx] = (1u << 0) | (1u << 26) | (1u << 20); // fpu, sse2, and bit 20 which Linux leaves unnamed
            words[CpuFlagNames.Cpuid1Ecx] = (1u << 0) | (1u << 27) | (1u << 31); // pni, osxsave (hidden), hypervisor
            words[CpuFlagNames.Extended1Edx] = 1u << 29;                         // lm
            words[CpuFlagNames.Synthetic] = 1u << CpuFlagNames.CpuidBit;
            words[CpuFlagNames.Cpuid7Ebx] = 1u << 5;                             // avx2
            words[CpuFlagNames.Cpuid7Edx] = 1u << 4;                             // fsrm

            string flags = Format((ref ByteWriter w) => CpuFlagNames.Write(ref w, words));

            Assert.Equal(" fpu sse2 lm cpuid pni hypervisor avx2 fsrm", flags);
        }

        [Theory]
        [InlineData(0x000806EAu, 6u, 0x8Eu, 0xAu)] // Intel Kaby Lake: extended model added for family 6
        [InlineData(0x00A20F10u, 0x19u, 0x21u, 0x0u)] // AMD Zen 3: extended family added for family 15
        [InlineData(0x00000663u, 6u, 6u, 3u)] // QEMU's qemu64 model
        public void CpuSignatureDecodesFamilyModelStepping(uint eax, uint family, uint model, uint stepping)
        {
            CpuSignature signature = new CpuSignature(eax);

            Assert.Equal(family, signature.Family);
            Assert.Equal(model, signature.Model);
            Assert.Equal(stepping, signature.Stepping);
        }

        [Fact]
        public void UuidIsVersion4WithTheRfcVariant()
        {
            byte[] random = Enumerable.Repeat((byte)0xFF, 16).ToArray();

            string uuid = Format((ref ByteWriter w) => UuidText.Write(ref w, random));

            Assert.Equal("ffffffff-ffff-4fff-bfff-ffffffffffff\n", uuid);
        }

        private delegate void Writer(ref ByteWriter writer);

        private static string Format(Writer write)
        {
            byte[] buffer = new byte[1024];
            ByteWriter writer = new ByteWriter(buffer);
            write(ref writer);
            Assert.False(writer.Overflowed);
            return Encoding.ASCII.GetString(writer.Written);
        }
    }
}
