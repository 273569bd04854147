// The `mount` manifest record: LABEL:/path values accepted and split, bad ones rejected by the reader and the writer,
// and mounts counted by Validate.
using System.Text;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Manifest
{
    public sealed class ManifestMountTests
    {
        [Theory]
        [InlineData("data:/data", "data", "/data")]
        [InlineData("a:/", "a", "/")]
        [InlineData("logs:/var/log:x", "logs", "/var/log:x")]
        public void GoodValuesSplitIntoLabelAndPath(string value, string label, string path)
        {
            Assert.True(ManifestMount.TrySplit(Encoding.UTF8.GetBytes(value), out var gotLabel, out var gotPath));
            Assert.Equal(label, Encoding.UTF8.GetString(gotLabel));
            Assert.Equal(path, Encoding.UTF8.GetString(gotPath));
        }

        [Theory]
        [InlineData("")]
        [InlineData("data")]
        [InlineData(":/data")]
        [InlineData("data:")]
        [InlineData("data:relative")]
        [InlineData("a23456789012345678901234567890123:/x")]
        public void BadValuesAreRejected(string value)
        {
            Assert.False(ManifestMount.TrySplit(Encoding.UTF8.GetBytes(value), out _, out _));
            Assert.Equal(ManifestError.BadMount, ManifestReader.Validate(Encoding.UTF8.GetBytes("program=/p\0mount=" + value + "\0"), out ManifestInfo info));
            Assert.Equal("mount", Encoding.ASCII.GetString(info.ErrorKey));
            ManifestWriter writer = new ManifestWriter(new byte[128]);
            Assert.Equal(ManifestError.BadMount, writer.Add(ManifestKey.Mount, Encoding.UTF8.GetBytes(value)));
        }

        [Fact]
        public void ALabelOfThirtyTwoBytesFits()
        {
            Assert.True(ManifestMount.TrySplit(Encoding.UTF8.GetBytes(new string('v', 32) + ":/v"), out var label, out _));
            Assert.Equal(32, label.Length);
        }

        [Fact]
        public void ValidateCountsMountsAndTheWriterSpellsTheKey()
        {
            byte[] buffer = new byte[128];
            ManifestWriter writer = new ManifestWriter(buffer);
            Assert.Equal(ManifestError.None, writer.Add(ManifestKey.Program, Encoding.UTF8.GetBytes("/p")));
            Assert.Equal(ManifestError.None, writer.Add(ManifestKey.Mount, Encoding.UTF8.GetBytes("data:/data")));
            Assert.Equal(ManifestError.None, writer.Add(ManifestKey.Mount, Encoding.UTF8.GetBytes("logs:/logs")));
            byte[] manifest = buffer[..writer.Length];

            Assert.Equal("program=/p\0mount=data:/data\0mount=logs:/logs\0", Encoding.UTF8.GetString(manifest));
            Assert.Equal(ManifestError.None, ManifestReader.Validate(manifest, out ManifestInfo info));
            Assert.Equal(2, info.MountCount);
        }
    }
}
