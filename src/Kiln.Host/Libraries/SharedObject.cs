// What the resolver knows about one ELF object it has loaded: where it was found, how it was asked for, and the
// dynamic-section facts that steer the search for its own needs.

using System.Collections.Generic;

namespace Kiln.Host.Libraries
{
    /// <summary>An object in the resolved link map (the program, its interpreter, a library or a dlopen'ed module).</summary>
    public sealed class SharedObject
    {
        /// <summary>Creates an object read from <paramref name="path"/>.</summary>
        public SharedObject(string path, string origin, SharedObjectInfo info, SharedObject? loader)
        {
            Path = path;
            Origin = origin;
            Soname = info.Soname;
            Needed = info.Needed;
            // elf/get-dynamic-info.h: "If both RUNPATH and RPATH are given, the latter is ignored."
            Rpath = info.Runpath == null ? info.Rpath : null;
            Runpath = info.Runpath;
            NoDefaultLibraries = info.NoDefaultLibraries;
            Loader = loader;
            Names.Add(path);
            if (info.Soname != null)
            {
                Names.Add(info.Soname);
            }
        }

        /// <summary>The path it was found at, as ld.so names it (search directory + name; not resolved).</summary>
        public string Path { get; }

        /// <summary>The directory $ORIGIN stands for.</summary>
        public string Origin { get; }

        /// <summary>DT_SONAME, or null.</summary>
        public string? Soname { get; }

        /// <summary>DT_NEEDED names in file order.</summary>
        public IReadOnlyList<string> Needed { get; }

        /// <summary>DT_RPATH, or null (also null when the object has a DT_RUNPATH).</summary>
        public string? Rpath { get; }

        /// <summary>DT_RUNPATH, or null.</summary>
        public string? Runpath { get; }

        /// <summary>DF_1_NODEFLIB: skip ld.so.cache and the default directories for this object's needs.</summary>
        public bool NoDefaultLibraries { get; }

        /// <summary>The object whose need loaded this one (null for the program and its interpreter).</summary>
        public SharedObject? Loader { get; }

        /// <summary>Names this object answers to: its path, its soname and every name it was loaded by.</summary>
        public HashSet<string> Names { get; } = new HashSet<string>(System.StringComparer.Ordinal);
    }
}
