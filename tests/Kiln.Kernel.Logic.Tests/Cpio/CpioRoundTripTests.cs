// cpio newc writer and reader tests: round trips, padding and lookup by name.

using System.Collections.Generic;
using System.Text;
using Kiln.Cpio;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Cpio
{
    public sealed class CpioRoundTripTests
    {
        [Fact]
        public void EntriesComeBackInOrderWithTheirData()
        {
            List<(string, uint, byte[])> entries = new List<(string, uint, byte[])>();
            for (int length = 1; length <= 9; length++)
            {
                // Names and bodies of every length modulo 4 exercise all the padding cases.
                entries.Add((new string('n', length), 0x81a4u, Encoding.ASCII.GetBytes(new string('d', length - 1))));
            }

            entries.Add(("kiln", CpioFormat.S_IFDIR | 0x1edu, new byte[0]));
            byte[] archive = ArchiveBuilder.Build(entries.ToArray());

            CpioReader reader = new CpioReader(archive);
            int index = 0;
            while (reader.MoveNext(out CpioEntry entry))
            {
                (string name, uint mode, byte[] data) = entries[index];
                Assert.Equal(name, Encoding.ASCII.GetString(entry.Name));
                Assert.Equal(mode, entry.Mode);
                Assert.Equal(data, entry.Data.ToArray());
                Assert.Equal(0, reader.Position % 4);
                Assert.Equal((uint)(index + 1), entry.Inode);
                index++;
            }

            Assert.Equal(CpioError.None, reader.Error);
            Assert.Equal(entries.Count, index);
        }

        [Fact]
        public void FileTypeHelpersFollowTheMode()
        {
            byte[] archive = ArchiveBuilder.Build(("d", CpioFormat.S_IFDIR | 0x1ed, new byte[0]), ("f", 0x81ed, new byte[] { 1 }));
            CpioReader reader = new CpioReader(archive);
            Assert.True(reader.MoveNext(out CpioEntry directory));
            Assert.True(directory.IsDirectory);
            Assert.Equal(2u, directory.LinkCount);
            Assert.True(reader.MoveNext(out CpioEntry file));
            Assert.True(file.IsRegularFile);
            Assert.Equal(0x1edu, file.Mode & 0xfff);
        }

        [Fact]
        public void EmptyArchiveHoldsOnlyTheTrailer()
        {
            byte[] archive = ArchiveBuilder.Build();
            Assert.Equal(CpioWriter.MeasureTrailer(), archive.Length);
            CpioReader reader = new CpioReader(archive);
            Assert.False(reader.MoveNext(out _));
            Assert.Equal(CpioError.None, reader.Error);
        }

        [Theory]
        [InlineData("kiln/manifest")]
        [InlineData("/kiln/manifest")]
        [InlineData("./kiln/manifest")]
        public void FindIgnoresLeadingSlashAndDot(string query)
        {
            byte[] archive = ArchiveBuilder.Build(("hello", 0x81ed, new byte[] { 7 }), ("kiln/manifest", 0x81a4, new byte[] { 42 }));
            Assert.Equal(CpioError.None, CpioReader.Find(archive, query, out CpioEntry entry));
            Assert.Equal(new byte[] { 42 }, entry.Data.ToArray());
            Assert.Equal(CpioError.None, CpioReader.Find(archive, Encoding.ASCII.GetBytes(query), out entry));
            Assert.Equal(new byte[] { 42 }, entry.Data.ToArray());
        }

        [Fact]
        public void FindReportsMissingEntry()
        {
            byte[] archive = ArchiveBuilder.Build(("hello", 0x81ed, new byte[] { 7 }));
            Assert.Equal(CpioError.NotFound, CpioReader.Find(archive, "kiln/manifest", out _));
            Assert.Equal(CpioError.NotFound, CpioReader.Find(archive, "hell", out _));
        }

        [Fact]
        public void WriterRejectsBadNamesAndSmallBuffers()
        {
            byte[] buffer = new byte[200];
            CpioWriter writer = new CpioWriter(buffer);
            Assert.Equal(CpioError.InvalidName, writer.Add(new byte[0], 0x81a4, new byte[0]));
            Assert.Equal(CpioError.InvalidName, writer.Add(new byte[] { (byte)'a', 0, (byte)'b' }, 0x81a4, new byte[0]));
            Assert.Equal(CpioError.BufferTooSmall, writer.Add(new byte[] { (byte)'a' }, 0x81a4, new byte[100]));
            Assert.Equal(0, writer.Length);
            Assert.Equal(CpioError.None, writer.Finish());
            Assert.Equal(CpioError.Finished, writer.Add(new byte[] { (byte)'a' }, 0x81a4, new byte[0]));
            Assert.Equal(CpioError.Finished, writer.Finish());
        }

        [Fact]
        public void TrailerNeedsRoom()
        {
            byte[] buffer = new byte[CpioWriter.MeasureTrailer() - 1];
            CpioWriter writer = new CpioWriter(buffer);
            Assert.Equal(CpioError.BufferTooSmall, writer.Finish());
        }
    }
}
