// Manifest reader, validator and writer tests: round trips, every error, and the key named on an unknown key.

using System.Collections.Generic;
using System.Text;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Manifest
{
    public sealed class ManifestTests
    {
        [Fact]
        public void WrittenRecordsReadBackInOrder()
        {
            (ManifestKey, string)[] records =
            {
                (ManifestKey.Program, "/hello"),
                (ManifestKey.Arg, "./hello"),
                (ManifestKey.Arg, "-e x"),
                (ManifestKey.Arg, ""),
                (ManifestKey.Env, "A=b=c"),
                (ManifestKey.Env, "EMPTY="),
                (ManifestKey.Trace, "1"),
                (ManifestKey.SyscallSummary, "0"),
            };
            byte[] manifest = Write(records);

            ManifestReader reader = new ManifestReader(manifest);
            List<(ManifestKey, string)> read = new List<(ManifestKey, string)>();
            while (reader.MoveNext(out ManifestRecord record))
            {
                Assert.Equal(ManifestKeys.Name(record.Key), Encoding.UTF8.GetString(record.KeyName));
                read.Add((record.Key, Encoding.UTF8.GetString(record.Value)));
            }

            Assert.Equal(ManifestError.None, reader.Error);
            Assert.Equal(records, read);
        }

        [Fact]
        public void ValidateSummarizesTheManifest()
        {
            byte[] manifest = Bytes("arg=./hello\0program=/hello\0arg=x\0env=A=1\0trace=1\0syscall-summary=1\0");
            Assert.Equal(ManifestError.None, ManifestReader.Validate(manifest, out ManifestInfo info));
            Assert.Equal("/hello", Encoding.ASCII.GetString(info.Program));
            Assert.Equal(2, info.ArgCount);
            Assert.Equal(1, info.EnvCount);
            Assert.True(info.Trace);
            Assert.True(info.SyscallSummary);
        }

        [Fact]
        public void FlagsDefaultToOff()
        {
            Assert.Equal(ManifestError.None, ManifestReader.Validate(Bytes("program=/p\0"), out ManifestInfo info));
            Assert.False(info.Trace);
            Assert.False(info.SyscallSummary);
            Assert.Equal(0, info.ArgCount);
        }

        [Fact]
        public void UnknownKeyIsNamed()
        {
            ManifestError error = ManifestReader.Validate(Bytes("program=/p\0colour=blue\0"), out ManifestInfo info);
            Assert.Equal(ManifestError.UnknownKey, error);
            Assert.Equal("colour", Encoding.ASCII.GetString(info.ErrorKey));
        }

        [Theory]
        [InlineData("", ManifestError.MissingProgram, "")]
        [InlineData("arg=x\0", ManifestError.MissingProgram, "")]
        [InlineData("program=/a\0program=/b\0", ManifestError.DuplicateProgram, "program")]
        [InlineData("program=/a", ManifestError.MissingTerminator, "")]
        [InlineData("program\0", ManifestError.MissingEquals, "program")]
        [InlineData("=x\0", ManifestError.EmptyKey, "")]
        [InlineData("program=hello\0", ManifestError.BadProgram, "program")]
        [InlineData("program=/\0", ManifestError.BadProgram, "program")]
        [InlineData("program=/a\0env=NOEQUALS\0", ManifestError.BadEnv, "env")]
        [InlineData("program=/a\0env==x\0", ManifestError.BadEnv, "env")]
        [InlineData("program=/a\0trace=yes\0", ManifestError.BadFlag, "trace")]
        [InlineData("program=/a\0syscall-summary=\0", ManifestError.BadFlag, "syscall-summary")]
        [InlineData("Program=/a\0", ManifestError.UnknownKey, "Program")]
        public void BadManifestsAreRejected(string text, ManifestError expected, string key)
        {
            Assert.Equal(expected, ManifestReader.Validate(Bytes(text), out ManifestInfo info));
            Assert.Equal(key, Encoding.ASCII.GetString(info.ErrorKey));
        }

        [Fact]
        public void ReaderStopsAtTheFirstError()
        {
            ManifestReader reader = new ManifestReader(Bytes("program=/a\0bogus=1\0arg=x\0"));
            Assert.True(reader.MoveNext(out _));
            Assert.False(reader.MoveNext(out _));
            Assert.Equal(ManifestError.UnknownKey, reader.Error);
            Assert.Equal(11, reader.Position);
            Assert.False(reader.MoveNext(out _));
        }

        [Theory]
        [InlineData(ManifestKey.Arg, "a\0b", ManifestError.ValueHasNul)]
        [InlineData(ManifestKey.Env, "NOVALUE", ManifestError.BadEnv)]
        [InlineData(ManifestKey.Trace, "2", ManifestError.BadFlag)]
        [InlineData(ManifestKey.Program, "relative", ManifestError.BadProgram)]
        [InlineData(ManifestKey.Unknown, "x", ManifestError.UnknownKey)]
        public void WriterRejectsValuesTheReaderWouldReject(ManifestKey key, string value, ManifestError expected)
        {
            byte[] buffer = new byte[64];
            ManifestWriter writer = new ManifestWriter(buffer);
            Assert.Equal(expected, writer.Add(key, Bytes(value)));
            Assert.Equal(0, writer.Length);
        }

        [Fact]
        public void WriterReportsAFullBuffer()
        {
            byte[] buffer = new byte[ManifestWriter.Measure(ManifestKey.Program, 6) - 1];
            ManifestWriter writer = new ManifestWriter(buffer);
            Assert.Equal(ManifestError.BufferTooSmall, writer.Add(ManifestKey.Program, Bytes("/hello")));
        }

        [Fact]
        public void WriterOutputIsTheDocumentedFormat()
        {
            byte[] manifest = Write(new[] { (ManifestKey.Program, "/hello"), (ManifestKey.SyscallSummary, "1") });
            Assert.Equal("program=/hello\0syscall-summary=1\0", Encoding.ASCII.GetString(manifest));
        }

        [Fact]
        public void WorkingDirectoryIsRecordedAndMustBeAbsolute()
        {
            byte[] manifest = Write(new[] { (ManifestKey.Program, "/usr/bin/python3"), (ManifestKey.WorkingDirectory, "/home/me") });
            Assert.Equal("program=/usr/bin/python3\0cwd=/home/me\0", Encoding.ASCII.GetString(manifest));
            Assert.Equal(ManifestError.None, ManifestReader.Validate(manifest, out ManifestInfo info));
            Assert.Equal("/home/me", Encoding.ASCII.GetString(info.WorkingDirectory));
            Assert.Equal(ManifestError.BadWorkingDirectory, ManifestReader.Validate(Bytes("program=/p\0cwd=relative\0"), out _));
            Assert.Equal(ManifestError.None, ManifestReader.Validate(Bytes("program=/p\0"), out info));
            Assert.True(info.WorkingDirectory.IsEmpty);
        }

        private static byte[] Write((ManifestKey Key, string Value)[] records)
        {
            int size = 0;
            foreach ((ManifestKey key, string value) in records)
            {
                size += ManifestWriter.Measure(key, Encoding.UTF8.GetByteCount(value));
            }

            byte[] buffer = new byte[size];
            ManifestWriter writer = new ManifestWriter(buffer);
            foreach ((ManifestKey key, string value) in records)
            {
                Assert.Equal(ManifestError.None, writer.Add(key, Encoding.UTF8.GetBytes(value)));
            }

            Assert.Equal(size, writer.Length);
            return buffer;
        }

        private static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
