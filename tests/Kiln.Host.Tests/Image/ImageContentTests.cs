// The content model's rules: parents before children, implied parents, duplicates resolved by priority then order,
// conflicting kinds an error naming both sources, and paths resolved through symlinks already in the image.

using System.Linq;
using Kiln.Host;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Host.Tests.Image
{
    public sealed class ImageContentTests
    {
        [Fact]
        public void Entries_list_parents_before_children_in_component_order()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Bytes("/a-b/x", new byte[] { 1 }, 0x1a4, ContentPriority.User, "one")));
            Assert.Null(content.Add(ImageEntry.Bytes("/a/b/c", new byte[] { 2 }, 0x1a4, ContentPriority.User, "two")));
            Assert.Null(content.Add(ImageEntry.Symlink("/a/link", "b/c", ContentPriority.User, "three")));
            Assert.Equal(new[] { "/a", "/a/b", "/a/b/c", "/a/link", "/a-b", "/a-b/x" }, content.Entries.Select(e => e.GuestPath));
            ImageEntry parent = content.Find("/a/b")!;
            Assert.True(parent.Implied);
            Assert.Equal(ImageContent.DirectoryMode, parent.Mode);
            Assert.Equal(0x41edu, parent.FullMode);
        }

        [Fact]
        public void A_later_user_file_wins_over_a_library_and_a_generated_default_never_wins()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.HostFile("/lib/libfoo.so.1", "/host/lib/libfoo.so.1", 10, 0x1ed, ContentPriority.System, "library libfoo.so.1")));
            Assert.Null(content.Add(ImageEntry.HostFile("/lib/libfoo.so.1", "/mine/libfoo.so.1", 20, 0x1ed, ContentPriority.User, "--file")));
            Assert.Null(content.Add(ImageEntry.HostFile("/lib/libfoo.so.1", "/other/libfoo.so.1", 30, 0x1ed, ContentPriority.System, "library again")));
            Assert.Equal("/mine/libfoo.so.1", content.Find("/lib/libfoo.so.1")!.HostPath);

            Assert.Null(content.Add(ImageEntry.Bytes("/etc/hosts", new byte[] { 1 }, 0x1a4, ContentPriority.System, "host /etc/hosts")));
            Assert.Null(content.Add(ImageEntry.Bytes("/etc/hosts", new byte[] { 2 }, 0x1a4, ContentPriority.Generated, "generated")));
            Assert.Equal(new byte[] { 1 }, content.Find("/etc/hosts")!.Data);
            Assert.Null(content.Add(ImageEntry.Bytes("/etc/hosts", new byte[] { 3 }, 0x1a4, ContentPriority.User, "--file")));
            Assert.Equal(new byte[] { 3 }, content.Find("/etc/hosts")!.Data);
        }

        [Fact]
        public void Between_equals_the_later_one_wins_and_identical_content_is_kept_once()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Symlink("/x", "one", ContentPriority.User, "first")));
            Assert.Null(content.Add(ImageEntry.Symlink("/x", "two", ContentPriority.User, "second")));
            Assert.Equal("two", content.Find("/x")!.LinkTarget);
            Assert.Null(content.Add(ImageEntry.Symlink("/x", "two", ContentPriority.User, "third")));
            Assert.Equal("second", content.Find("/x")!.Origin);
            Assert.Equal(1, content.Count);
        }

        [Fact]
        public void Conflicting_kinds_are_an_error_naming_both_sources()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Directory("/data", 0x1ed, ContentPriority.User, "--dir /data")));
            HostError? error = content.Add(ImageEntry.HostFile("/data", "/tmp/data", 1, 0x1a4, ContentPriority.User, "--file /tmp/data"));
            Assert.NotNull(error);
            Assert.Equal("conflicting image entries at /data: a directory (--dir /data) and a file (--file /tmp/data)", error!.Message);

            Assert.Null(content.Add(ImageEntry.Bytes("/etc/motd", new byte[0], 0x1a4, ContentPriority.User, "--file /etc/motd")));
            error = content.Add(ImageEntry.Bytes("/etc/motd/x", new byte[0], 0x1a4, ContentPriority.User, "--mapdir m:/etc/motd"));
            Assert.Equal("conflicting image entries: /etc/motd/x (--mapdir m:/etc/motd) needs /etc/motd to be a directory, but it is a file (--file /etc/motd)", error!.Message);
        }

        [Fact]
        public void A_path_under_a_symlink_in_the_image_lands_under_its_target()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Symlink("/lib", "usr/lib", ContentPriority.System, "merged /usr")));
            Assert.Null(content.Add(ImageEntry.Bytes("/lib/x86_64-linux-gnu/libz.so.1", new byte[] { 1 }, 0x1a4, ContentPriority.User, "--mapdir")));
            Assert.NotNull(content.Find("/usr/lib/x86_64-linux-gnu/libz.so.1"));
            Assert.Null(content.Find("/lib/x86_64-linux-gnu/libz.so.1"));
            Assert.Equal(ImageEntryKind.Symlink, content.Find("/lib")!.Kind);

            Assert.Null(content.Add(ImageEntry.Symlink("/loop", "/loop", ContentPriority.User, "loop")));
            Assert.Contains("too many levels of symbolic links", content.Add(ImageEntry.Bytes("/loop/x", new byte[0], 0x1a4, ContentPriority.User, "x"))!.Message);
        }

        [Theory]
        [InlineData("relative/path", "guest paths must be absolute")]
        [InlineData("/", "it names the root directory")]
        [InlineData("/a/../..", "it names the root directory")]
        public void Bad_guest_paths_are_rejected(string path, string reason)
        {
            HostError? error = new ImageContent().Add(ImageEntry.Bytes(path, new byte[0], 0x1a4, ContentPriority.User, "--file"));
            Assert.Equal($"cannot put --file at '{path}' in the image: {reason}", error!.Message);
        }

        [Fact]
        public void Paths_are_normalized()
        {
            Assert.Null(ImageContent.Normalize("//usr/./lib/../bin//python3", out string normalized));
            Assert.Equal("/usr/bin/python3", normalized);
        }
    }
}
