// kiln's piped standard input reaches QEMU byte for byte and ends with ^D (VEOF), doubled when the last line has no
// newline so the guest's canonical-mode read first gets that line and then the end of file.

using System;
using System.IO;
using Kiln.Host;
using Xunit;

namespace Kiln.Host.Tests.ConsoleInput
{
    public sealed class ConsoleInputPumpTests
    {
        [Fact]
        public void Input_ending_in_a_newline_gets_one_end_of_file_mark()
        {
            byte[] copied = Pump("one\ntwo\n"u8.ToArray());
            Assert.Equal("one\ntwo\n\u0004", System.Text.Encoding.ASCII.GetString(copied));
        }

        [Fact]
        public void Input_ending_mid_line_gets_a_mark_for_the_line_and_one_for_the_end()
        {
            byte[] copied = Pump("partial"u8.ToArray());
            Assert.Equal("partial\u0004\u0004", System.Text.Encoding.ASCII.GetString(copied));
        }

        [Fact]
        public void Empty_input_is_just_the_end_of_file()
        {
            Assert.Equal(new byte[] { ConsoleInputPump.EndOfFile }, Pump(Array.Empty<byte>()));
        }

        [Fact]
        public void Large_input_is_copied_whole()
        {
            byte[] input = new byte[300_000];
            new Random(7).NextBytes(input);
            input[^1] = (byte)'\n';
            byte[] copied = Pump(input);
            Assert.Equal(input.Length + 1, copied.Length);
            Assert.True(input.AsSpan().SequenceEqual(copied.AsSpan(0, input.Length)));
        }

        [Fact]
        public void A_destination_that_closed_stops_the_copy_quietly()
        {
            var closed = new MemoryStream();
            closed.Dispose();
            ConsoleInputPump.Copy(new MemoryStream(new byte[10]), closed);
        }

        private static byte[] Pump(byte[] input)
        {
            var destination = new MemoryStream();
            ConsoleInputPump.Copy(new MemoryStream(input), destination);
            return destination.ToArray();
        }
    }
}
