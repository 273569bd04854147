// PathResolver tests over an in-memory tree: components, "." and "..", trailing slashes, symlinks (relative,
// absolute, final, loops and the 40-link limit), mounts, length limits, and the parent-and-name form.
using System;
using System.Text;
using Kiln.Files;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class PathResolverTests
    {
        private readonly MemoryNode _root = MemoryNode.NewRoot();
        private readonly MemoryNode _usr;
        private readonly MemoryNode _lib;
        private readonly MemoryNode _tmp;

        public PathResolverTests()
        {
            _usr = _root.Dir("usr");
            _lib = _usr.Dir("lib");
            _lib.File("libc.so.6");
            _lib.Link("libc.so", "libc.so.6");
            _root.Link("lib", "usr/lib");
            _root.Link("abs", "/usr/lib/libc.so.6");
            _root.Link("dangling", "nowhere");
            _root.Link("empty", "");
            _root.Link("self", "self");
            _root.Link("dirlink", "/usr/");
            _root.File("file");
            _tmp = _root.Dir("tmp");
        }

        private (int Result, MemoryCursor Cursor) Resolve(string path, int flags = 0, MemoryNode? start = null)
        {
            MemoryCursor cursor = new MemoryCursor(_root, start ?? _root);
            int result = PathResolver.Resolve(cursor, Encoding.UTF8.GetBytes(path), flags, new byte[PathResolver.ScratchSize]);
            return (result, cursor);
        }

        private string Found(string path, int flags = PathResolver.FollowFinal, MemoryNode? start = null)
        {
            (int result, MemoryCursor cursor) = Resolve(path, flags, start);
            Assert.Equal(0, result);
            return cursor.Current.FullName();
        }

        private int Error(string path, int flags = PathResolver.FollowFinal, MemoryNode? start = null) => Resolve(path, flags, start).Result;

        [Theory]
        [InlineData("/", "/")]
        [InlineData("/usr/lib/libc.so.6", "/usr/lib/libc.so.6")]
        [InlineData("//usr///lib//", "/usr/lib")]
        [InlineData("/usr/./lib/.", "/usr/lib")]
        [InlineData("/usr/lib/../..", "/")]
        [InlineData("/../../usr", "/usr")]
        [InlineData("/usr/lib/..", "/usr")]
        public void AbsolutePathsWalkFromTheRoot(string path, string expected) => Assert.Equal(expected, Found(path, start: _tmp));

        [Theory]
        [InlineData("lib", "/usr/lib")]
        [InlineData(".", "/usr")]
        [InlineData("..", "/")]
        [InlineData("../tmp", "/tmp")]
        [InlineData("lib/../../../../tmp/.", "/tmp")]
        public void RelativePathsWalkFromTheStart(string path, string expected) => Assert.Equal(expected, Found(path, start: _usr));

        [Fact]
        public void AnEmptyPathIsENOENT() => Assert.Equal(-Errno.ENOENT, Error(""));

        [Theory]
        [InlineData("/missing")]
        [InlineData("/usr/missing/x")]
        [InlineData("/dangling")]
        [InlineData("/dangling/")]
        [InlineData("/empty")]
        public void MissingNamesAreENOENT(string path) => Assert.Equal(-Errno.ENOENT, Error(path));

        [Theory]
        [InlineData("/file/x")]
        [InlineData("/file/")]
        [InlineData("/file/.")]
        [InlineData("/usr/lib/libc.so.6/..")]
        [InlineData("/abs/")]
        public void AFileInTheMiddleOrBeforeASlashIsENOTDIR(string path) => Assert.Equal(-Errno.ENOTDIR, Error(path));

        [Fact]
        public void MustBeDirectoryRefusesAFile()
        {
            Assert.Equal(-Errno.ENOTDIR, Error("/file", PathResolver.FollowFinal | PathResolver.MustBeDirectory));
            Assert.Equal("/usr/lib", Found("/lib", PathResolver.FollowFinal | PathResolver.MustBeDirectory));
        }

        [Fact]
        public void ARelativePathFromAFileIsENOTDIR()
        {
            MemoryNode file = _lib.Children!["libc.so.6"];
            Assert.Equal(-Errno.ENOTDIR, Error("x", start: file));
            Assert.Equal(-Errno.ENOTDIR, Error(".", start: file));
        }

        [Fact]
        public void LinksInTheMiddleAreFollowedFromTheirDirectory()
        {
            Assert.Equal("/usr/lib/libc.so.6", Found("/lib/libc.so.6", 0));
            Assert.Equal("/usr/lib/libc.so.6", Found("/lib/libc.so", PathResolver.FollowFinal));
            Assert.Equal("/usr/lib", Found("/dirlink/lib", 0));
            Assert.Equal("/", Found("/lib/../..", 0));
        }

        [Fact]
        public void AFinalLinkIsFollowedOnlyWhenAskedOrBeforeASlash()
        {
            Assert.Equal("/lib", Found("/lib", 0));
            Assert.Equal("/usr/lib", Found("/lib", PathResolver.FollowFinal));
            Assert.Equal("/usr/lib", Found("/lib/", 0));
            Assert.Equal("/abs", Found("/abs", 0));
            Assert.Equal("/usr/lib/libc.so.6", Found("/abs", PathResolver.FollowFinal));
            Assert.Equal("/dangling", Found("/dangling", 0));
        }

        [Fact]
        public void ALinkToItselfIsELOOP()
        {
            Assert.Equal(-Errno.ELOOP, Error("/self"));
            Assert.Equal(-Errno.ELOOP, Error("/self/x", 0));
            Assert.Equal("/self", Found("/self", 0));
        }

        [Fact]
        public void FortyLinksResolveAndFortyOneAreELOOP()
        {
            MemoryNode chain = _root.Dir("chain");
            chain.File("end");
            chain.Link("l0", "end");
            for (int i = 1; i <= 40; i++)
            {
                chain.Link("l" + i, "l" + (i - 1));
            }

            Assert.Equal("/chain/end", Found("/chain/l39"));
            Assert.Equal(-Errno.ELOOP, Error("/chain/l40"));
        }

        [Fact]
        public void NamesOfMoreThan255BytesAreENAMETOOLONG()
        {
            _tmp.File(new string('n', 255));
            Assert.Equal("/tmp/" + new string('n', 255), Found("/tmp/" + new string('n', 255)));
            Assert.Equal(-Errno.ENAMETOOLONG, Error("/tmp/" + new string('n', 256)));
        }

        [Fact]
        public void PathsOf4096BytesAreENAMETOOLONG()
        {
            string slashes = new string('/', 4090);
            Assert.Equal("/tmp", Found(slashes + "tmp/"));
            Assert.Equal(-Errno.ENAMETOOLONG, Error(slashes + "tmp/.."));
        }

        [Fact]
        public void ALinkWhoseExpansionPassesPathMaxIsENAMETOOLONG()
        {
            _tmp.Link("long", new string('/', 3000) + "tmp");
            Assert.Equal("/tmp", Found("/tmp/long"));
            Assert.Equal(-Errno.ENAMETOOLONG, Error("/tmp/long/" + new string('.', 2) + new string('/', 1200) + "."));
        }

        [Fact]
        public void MountsAreEnteredAndDotDotLeavesThem()
        {
            MemoryNode mounted = MemoryNode.NewRoot("tmpfs");
            mounted.Dir("inner").File("x");
            _tmp.MountedHere = mounted;
            mounted.MountPoint = _tmp;

            Assert.Equal("/tmp(tmpfs)inner/x", Found("/tmp/inner/x"));
            Assert.Equal("/tmp(tmpfs)", Found("/tmp"));
            Assert.Equal("/", Found("/tmp/.."));
            Assert.Equal("/usr", Found("/tmp/inner/../../usr"));
        }

        [Fact]
        public void DotDotFromARemovedDirectoryIsENOENT()
        {
            MemoryNode gone = _tmp.Dir("gone");
            gone.Removed = true;
            Assert.Equal(-Errno.ENOENT, Error("..", start: gone));
        }

        [Theory]
        [InlineData("/tmp/new", "/tmp", "new")]
        [InlineData("/tmp/new/", "/tmp", "new")]
        [InlineData("/tmp//new//", "/tmp", "new")]
        [InlineData("new", "/usr", "new")]
        [InlineData("/lib/new", "/usr/lib", "new")]
        [InlineData("/lib", "/", "lib")]
        [InlineData("/tmp/.", "/tmp", ".")]
        [InlineData("/tmp/..", "/tmp", "..")]
        [InlineData("/", "/", "")]
        [InlineData("///", "/", "")]
        public void ResolveParentStopsBeforeTheLastComponent(string path, string directory, string name)
        {
            MemoryCursor cursor = new MemoryCursor(_root, _usr);
            byte[] bytes = Encoding.UTF8.GetBytes(path);
            int result = PathResolver.ResolveParent(cursor, bytes, new byte[PathResolver.ScratchSize], out int start, out int length);
            Assert.Equal(0, result);
            Assert.Equal(directory, cursor.Current.FullName());
            Assert.Equal(name, Encoding.UTF8.GetString(bytes, start, length));
        }

        [Fact]
        public void ResolveParentDoesNotLookUpTheLastComponent()
        {
            MemoryCursor cursor = new MemoryCursor(_root, _root);
            byte[] bytes = Encoding.UTF8.GetBytes("/usr/lib/whatever");
            Assert.Equal(0, PathResolver.ResolveParent(cursor, bytes, new byte[PathResolver.ScratchSize], out _, out _));
            Assert.Equal(2, cursor.Lookups);
        }

        [Fact]
        public void ResolveParentReportsErrorsOnTheWay()
        {
            MemoryCursor cursor = new MemoryCursor(_root, _root);
            byte[] scratch = new byte[PathResolver.ScratchSize];
            Assert.Equal(-Errno.ENOENT, PathResolver.ResolveParent(cursor, Encoding.UTF8.GetBytes("/missing/x"), scratch, out _, out _));
            Assert.Equal(-Errno.ENOTDIR, PathResolver.ResolveParent(cursor, Encoding.UTF8.GetBytes("/file/x"), scratch, out _, out _));
            Assert.Equal(-Errno.ENOENT, PathResolver.ResolveParent(cursor, Array.Empty<byte>(), scratch, out _, out _));
        }
    }
}
