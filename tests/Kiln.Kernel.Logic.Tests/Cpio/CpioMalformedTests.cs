// cpio newc reader tests on damaged archives: each fault has its own error and no input makes the reader throw.

using System;
using System.Text;
using Kiln.Cpio;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Cpio
{
    public sealed class CpioMalformedTests
    {
        private static readonly byte[] s_archive = ArchiveBuilder.Build(
            ("hello", 0x81ed, Encoding.ASCII.GetBytes("program bytes")),
            ("kiln/manifest", 0x81a4, Encoding.ASCII.GetBytes("program=/hello\0")));

        [Fact]
        public void WrongMagicIsRejected()
        {
            byte[] archive = (byte[])s_archive.Clone();
            archive[5] = (byte)'7';
            Assert.Equal(CpioError.BadMagic, ReadAll(archive));
        }

        [Fact]
        public void NonHexFieldIsRejected()
        {
            byte[] archive = (byte[])s_archive.Clone();
            archive[6 + (8 * 6) + 3] = (byte)'g';
            Assert.Equal(CpioError.BadHexField, ReadAll(archive));
        }

        [Fact]
        public void NonHexCheckFieldIsRejected()
        {
            byte[] archive = (byte[])s_archive.Clone();
            archive[109] = (byte)' ';
            Assert.Equal(CpioError.BadHexField, ReadAll(archive));
        }

        [Fact]
        public void LowerCaseHexIsAccepted()
        {
            byte[] archive = (byte[])s_archive.Clone();
            // Mode 0x81ED is written upper case; GNU cpio readers accept either case and so must we.
            for (int i = 6 + 8; i < 6 + 16; i++)
            {
                archive[i] = (byte)char.ToLowerInvariant((char)archive[i]);
            }

            Assert.Equal(CpioError.None, ReadAll(archive));
        }

        [Fact]
        public void NameWithoutNulIsRejected()
        {
            byte[] archive = (byte[])s_archive.Clone();
            archive[110 + 5] = (byte)'!';
            Assert.Equal(CpioError.BadName, ReadAll(archive));
        }

        [Fact]
        public void ZeroNameSizeIsRejected()
        {
            byte[] archive = (byte[])s_archive.Clone();
            Encoding.ASCII.GetBytes("00000000").CopyTo(archive, 6 + (8 * 11));
            Assert.Equal(CpioError.BadName, ReadAll(archive));
        }

        [Fact]
        public void HugeFileSizeIsTruncation()
        {
            byte[] archive = (byte[])s_archive.Clone();
            Encoding.ASCII.GetBytes("FFFFFFFF").CopyTo(archive, 6 + (8 * 6));
            Assert.Equal(CpioError.Truncated, ReadAll(archive));
        }

        [Fact]
        public void MissingTrailerIsTruncation()
        {
            int withoutTrailer = s_archive.Length - (int)CpioWriter.MeasureTrailer();
            Assert.Equal(CpioError.Truncated, ReadAll(s_archive.AsSpan(0, withoutTrailer).ToArray()));
        }

        [Fact]
        public void EveryTruncationIsAnErrorExceptAfterTheTrailerName()
        {
            int trailerStart = s_archive.Length - (int)CpioWriter.MeasureTrailer();
            int trailerNameEnd = trailerStart + CpioFormat.HeaderSize + CpioFormat.TrailerName.Length + 1;
            for (int length = 0; length < s_archive.Length; length++)
            {
                CpioError error = ReadAll(s_archive.AsSpan(0, length).ToArray());
                Assert.Equal(length >= trailerNameEnd ? CpioError.None : CpioError.Truncated, error);
            }
        }

        [Fact]
        public void RandomCorruptionNeverThrows()
        {
            Random random = new Random(42);
            for (int round = 0; round < 2000; round++)
            {
                byte[] archive = (byte[])s_archive.Clone();
                archive[random.Next(archive.Length)] = (byte)"0123456789abcdefF!\0"[random.Next(19)];
                ReadAll(archive);
                CpioReader.Find(archive, "kiln/manifest", out _);
            }
        }

        private static CpioError ReadAll(byte[] archive)
        {
            CpioReader reader = new CpioReader(archive);
            int count = 0;
            while (reader.MoveNext(out CpioEntry entry))
            {
                count++;
                Assert.True(count < 100);
            }

            return reader.Error;
        }
    }
}
