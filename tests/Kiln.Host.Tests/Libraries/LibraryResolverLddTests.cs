// The resolver against the host's own loader: for Debian's python3, perl and node, and for programs built here with
// DT_RPATH, DT_RUNPATH, $ORIGIN and LD_LIBRARY_PATH, the libraries found (and not found) must be the ones ldd names.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiln.Host.Libraries;
using Kiln.Host.Tests.Support;
using Xunit;

namespace Kiln.Host.Tests.Libraries
{
    public sealed class LibraryResolverLddTests : IClassFixture<LinkedPrograms>
    {
        private readonly LinkedPrograms _programs;

        public LibraryResolverLddTests(LinkedPrograms programs)
        {
            _programs = programs;
        }

        [Theory]
        [InlineData("/usr/bin/python3")]
        [InlineData("/usr/bin/perl")]
        [InlineData("/usr/bin/node")]
        [InlineData("/bin/true")]
        public void Host_program_resolves_to_what_ldd_prints(string program)
        {
            if (!File.Exists(program))
            {
                return;
            }

            AssertMatchesLdd(program, null);
        }

        [Fact]
        public void Rpath_with_origin_is_inherited_by_the_libraries_the_program_loads()
        {
            // rpath-prog has DT_RPATH $ORIGIN/../rlib; libmid (no search path of its own) needs libleaf, also in rlib.
            // libchain has DT_RPATH $ORIGIN/../deep and needs libx, whose need libdeep only libchain's RPATH finds.
            LinkMap map = AssertMatchesLdd(_programs.RpathProgram, null);
            Assert.Empty(map.Missing);
            Assert.Contains(map.Objects, o => o.Path.EndsWith("/rlib/libleaf.so", StringComparison.Ordinal));
            Assert.Contains(map.Objects, o => o.Path.EndsWith("/rlib/../deep/libdeep.so", StringComparison.Ordinal));
        }

        [Fact]
        public void Runpath_serves_only_the_object_that_has_it()
        {
            // runpath-prog has DT_RUNPATH $ORIGIN/../rlib: libmid is found, libmid's own need libleaf is not.
            LinkMap map = AssertMatchesLdd(_programs.RunpathProgram, null);
            MissingLibrary missing = Assert.Single(map.Missing);
            Assert.Equal("libleaf.so", missing.Name);
            Assert.EndsWith("/rlib/libmid.so", missing.RequestedBy, StringComparison.Ordinal);
            Assert.Contains(LibraryResolver.CacheLabel, missing.Searched);
        }

        [Fact]
        public void Library_runpath_with_origin_finds_its_neighbour()
        {
            // plain-prog needs libouter via LD_LIBRARY_PATH; libouter has DT_RUNPATH $ORIGIN/../inner for libinner.
            Dictionary<string, string> environment = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = _programs.OuterDirectory };
            LinkMap map = AssertMatchesLdd(_programs.PlainProgram, environment);
            Assert.Empty(map.Missing);
            Assert.Contains(map.Objects, o => o.Path.EndsWith("/outer/../inner/libinner.so", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_LD_LIBRARY_PATH_the_need_is_reported_missing_with_the_directories_searched()
        {
            LinkMap map = AssertMatchesLdd(_programs.PlainProgram, null);
            MissingLibrary missing = Assert.Single(map.Missing);
            Assert.Equal("libouter.so", missing.Name);
            Assert.Equal(new[] { LibraryResolver.CacheLabel }.Concat(LibraryResolver.DefaultDirectories), missing.Searched);
        }

        [Fact]
        public void Static_program_has_no_interpreter_and_no_libraries()
        {
            LibraryResolver resolver = new LibraryResolver(LdSoCache.Load(LdSoCache.DefaultPath, out _), null);
            LinkMap? map = resolver.Resolve(_programs.StaticProgram, out HostError? error);
            Assert.Null(error);
            Assert.Null(map!.Interpreter);
            Assert.Single(map.Objects);
        }

        [Fact]
        public void Extension_module_added_by_path_brings_its_own_needs()
        {
            string module = Directory.GetFiles("/usr/lib/python3.11/lib-dynload", "_ssl.*.so").FirstOrDefault() ?? "";
            if (!File.Exists(module))
            {
                return;
            }

            LibraryResolver resolver = LibraryResolver.ForHost(Array.Empty<string>());
            LinkMap map = resolver.Resolve("/usr/bin/python3", out _)!;
            resolver.AddByPath(map, module);
            Ldd ldd = Ldd.Run(module);
            foreach (KeyValuePair<string, string> pair in ldd.Found)
            {
                Assert.Contains(map.Objects, o => o.Path == pair.Value);
            }

            Assert.Contains(map.Objects, o => o.Soname != null && o.Soname.StartsWith("libssl.so", StringComparison.Ordinal));
        }

        private static LinkMap AssertMatchesLdd(string program, Dictionary<string, string>? environment)
        {
            string? libraryPath = environment != null && environment.TryGetValue("LD_LIBRARY_PATH", out string? value) ? value : null;
            LibraryResolver resolver = new LibraryResolver(LdSoCache.Load(LdSoCache.DefaultPath, out _), libraryPath);
            LinkMap? map = resolver.Resolve(program, out HostError? error);
            Assert.Null(error);
            Ldd ldd = Ldd.Run(program, environment);

            Assert.Equal(ldd.Interpreter, map!.Interpreter?.Path);
            foreach (KeyValuePair<string, string> pair in ldd.Found)
            {
                (SharedObject _, string _, SharedObject found) = map.Lookups.First(l => l.Name == pair.Key);
                Assert.Equal(pair.Value, found.Path);
            }

            Assert.Equal(ldd.NotFound.OrderBy(n => n), map.Missing.Select(m => m.Name).Distinct().OrderBy(n => n));
            HashSet<string> lddPaths = new HashSet<string>(ldd.Found.Values);
            if (ldd.Interpreter != null)
            {
                lddPaths.Add(ldd.Interpreter);
            }

            Assert.Equal(lddPaths.OrderBy(p => p), map.Objects.Skip(1).Select(o => o.Path).OrderBy(p => p));
            return map;
        }
    }
}
