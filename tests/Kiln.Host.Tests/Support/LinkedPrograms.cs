// A class fixture that builds, with the host gcc, small programs and libraries laid out to exercise each library
// search rule:  bin/rpath-prog (DT_RPATH $ORIGIN/../rlib), bin/runpath-prog (DT_RUNPATH $ORIGIN/../rlib),
// rlib/libmid.so (needs libleaf.so, no search path), rlib/libleaf.so, rlib/libchain.so (DT_RPATH $ORIGIN/../deep,
// needs libx.so), rlib/libx.so (needs libdeep.so, no search path), deep/libdeep.so, bin/plain-prog (needs libouter.so, no search
// path), outer/libouter.so (DT_RUNPATH $ORIGIN/../inner, needs libinner.so), inner/libinner.so, and a static program.

using System;
using System.Collections.Generic;
using System.IO;

namespace Kiln.Host.Tests.Support
{
    public sealed class LinkedPrograms : IDisposable
    {
        public LinkedPrograms()
        {
            Root = Path.Combine(Path.GetTempPath(), "kiln-link-" + Guid.NewGuid().ToString("N"));
            foreach (string directory in new[] { "bin", "rlib", "deep", "outer", "inner", "src" })
            {
                Directory.CreateDirectory(Path.Combine(Root, directory));
            }

            Write("leaf.c", "int leaf(void) { return 1; }\n");
            Write("mid.c", "int leaf(void);\nint mid(void) { return leaf() + 1; }\n");
            Write("deep.c", "int deep(void) { return 5; }\n");
            Write("x.c", "int deep(void);\nint x(void) { return deep(); }\n");
            Write("chain.c", "int x(void);\nint chain(void) { return x(); }\n");
            Write("usechain.c", "int mid(void);\nint chain(void);\nint main(void) { return mid() + chain() - 7; }\n");
            Write("inner.c", "int inner(void) { return 3; }\n");
            Write("outer.c", "int inner(void);\nint outer(void) { return inner() + 1; }\n");
            Write("usemid.c", "int mid(void);\nint main(void) { return mid() - 2; }\n");
            Write("useouter.c", "int outer(void);\nint main(void) { return outer() - 4; }\n");
            Write("static.c", "int main(void) { return 0; }\n");

            Gcc("-shared", "-fPIC", "-o", "../rlib/libleaf.so", "-Wl,-soname,libleaf.so", "leaf.c");
            Gcc("-shared", "-fPIC", "-o", "../rlib/libmid.so", "-Wl,-soname,libmid.so", "mid.c", "-L../rlib", "-lleaf");
            Gcc("-shared", "-fPIC", "-o", "../deep/libdeep.so", "-Wl,-soname,libdeep.so", "deep.c");
            Gcc("-shared", "-fPIC", "-o", "../rlib/libx.so", "-Wl,-soname,libx.so", "x.c", "-L../deep", "-ldeep");
            Gcc("-shared", "-fPIC", "-o", "../rlib/libchain.so", "-Wl,-soname,libchain.so", "chain.c", "-L../rlib", "-lx",
                "-Wl,-rpath-link,../deep", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../deep");
            Gcc("-shared", "-fPIC", "-o", "../inner/libinner.so", "-Wl,-soname,libinner.so", "inner.c");
            Gcc("-shared", "-fPIC", "-o", "../outer/libouter.so", "-Wl,-soname,libouter.so", "outer.c", "-L../inner", "-linner",
                "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../inner");
            Gcc("-o", "../bin/rpath-prog", "usechain.c", "-L../rlib", "-lmid", "-lchain", "-Wl,-rpath-link,../rlib:../deep",
                "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../rlib");
            Gcc("-o", "../bin/runpath-prog", "usemid.c", "-L../rlib", "-lmid", "-Wl,-rpath-link,../rlib",
                "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../rlib");
            Gcc("-o", "../bin/plain-prog", "useouter.c", "-L../outer", "-louter", "-Wl,-rpath-link,../inner");
            Gcc("-static", "-o", "../bin/static-prog", "static.c");
        }

        public string Root { get; }

        public string RpathProgram => Path.Combine(Root, "bin", "rpath-prog");

        public string RunpathProgram => Path.Combine(Root, "bin", "runpath-prog");

        public string PlainProgram => Path.Combine(Root, "bin", "plain-prog");

        public string StaticProgram => Path.Combine(Root, "bin", "static-prog");

        public string OuterDirectory => Path.Combine(Root, "outer");

        public void Dispose()
        {
            Directory.Delete(Root, recursive: true);
        }

        private void Write(string name, string text)
        {
            File.WriteAllText(Path.Combine(Root, "src", name), text);
        }

        private void Gcc(params string[] arguments)
        {
            List<string> all = new List<string> { "-Wl,--no-as-needed" };
            all.AddRange(arguments);
            (int exitCode, string stdout, string stderr) = Tool.Run("gcc", all, Path.Combine(Root, "src"));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"gcc {string.Join(' ', arguments)} failed: {stdout}{stderr}");
            }
        }
    }
}
