// Finds the ELF interpreter and the shared libraries a program loads, in the order glibc's ld.so searches
// (elf/dl-load.c, _dl_map_object; ld.so(8) "Search order"):
//   1. a name with a '/' is a path (after $ORIGIN expansion);
//   2. DT_RPATH of the needing object, then of the object that loaded it, up to the program — only when the needing
//      object has no DT_RUNPATH (an object with DT_RUNPATH has its DT_RPATH ignored);
//   3. LD_LIBRARY_PATH (from the environment the program will get);
//   4. DT_RUNPATH of the needing object only;
//   5. /etc/ld.so.cache, then the default directories — unless the needing object has DF_1_NODEFLIB.
// Needs are loaded breadth first; a name an already-loaded object answers to (path, soname, or a name it was loaded
// by) is not searched again. Candidates that are not x86-64 ELF64 objects are skipped, as ld.so skips them.
// Not modelled: the glibc-hwcaps and legacy platform subdirectories ld.so also tries in each directory, and an empty
// path element meaning the current directory (both dropped).

using System;
using System.Collections.Generic;
using System.IO;
using Kiln.Elf;
using Kiln.Host.Image;

namespace Kiln.Host.Libraries
{
    /// <summary>Resolves programs' interpreters and DT_NEEDED closures against the host's file system.</summary>
    public sealed class LibraryResolver
    {
        /// <summary>The directories searched after ld.so.cache, in order.</summary>
        public static readonly IReadOnlyList<string> DefaultDirectories = new[]
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>What "searched" lists for the cache lookup.</summary>
        public const string CacheLabel = "ld.so.cache";

        private readonly LdSoCache? _cache;
        private readonly IReadOnlyList<string> _libraryPath;
        private readonly IReadOnlyList<string> _defaults;
        private readonly Dictionary<string, SharedObjectInfo?> _infos = new Dictionary<string, SharedObjectInfo?>(StringComparer.Ordinal);

        /// <summary>Creates a resolver.</summary>
        /// <param name="cache">The parsed ld.so.cache, or null to skip that step.</param>
        /// <param name="libraryPath">The LD_LIBRARY_PATH value the program will see, or null.</param>
        /// <param name="defaults">Overrides <see cref="DefaultDirectories"/> (tests).</param>
        public LibraryResolver(LdSoCache? cache, string? libraryPath, IReadOnlyList<string>? defaults = null)
        {
            _cache = cache;
            _libraryPath = libraryPath == null ? Array.Empty<string>() : SplitPath(libraryPath, ":;");
            _defaults = defaults ?? DefaultDirectories;
        }

        /// <summary>A resolver over the host's /etc/ld.so.cache and the LD_LIBRARY_PATH among
        /// <paramref name="environment"/> (NAME=VALUE entries, the last one winning).</summary>
        public static LibraryResolver ForHost(IEnumerable<string> environment)
        {
            string? libraryPath = null;
            foreach (string entry in environment)
            {
                if (entry.StartsWith("LD_LIBRARY_PATH=", StringComparison.Ordinal))
                {
                    libraryPath = entry.Substring("LD_LIBRARY_PATH=".Length);
                }
            }

            return new LibraryResolver(LdSoCache.Load(LdSoCache.DefaultPath, out _), libraryPath);
        }

        /// <summary>Reads the program at <paramref name="programPath"/>, its interpreter and every library it needs.</summary>
        /// <returns>The link map (check <see cref="LinkMap.Missing"/>), or null with an error if the program or its
        /// interpreter cannot be read.</returns>
        public LinkMap? Resolve(string programPath, out HostError? error)
        {
            error = null;
            SharedObjectInfo? info = ReadInfo(programPath, out ElfError elfError, out string? message);
            if (info == null)
            {
                error = new HostError($"cannot read {programPath} as an x86-64 ELF file: {message ?? elfError.ToString()}");
                return null;
            }

            // ld.so takes the program's $ORIGIN from /proc/self/exe, which has every symlink resolved.
            string real = HostPathWalk.RealPath(programPath) ?? Path.GetFullPath(programPath);
            LinkMap map = new LinkMap(new SharedObject(programPath, HostPathWalk.Parent(real), info, null));
            if (info.Interpreter != null)
            {
                SharedObjectInfo? interpreter = ReadInfo(info.Interpreter, out elfError, out message);
                if (interpreter == null)
                {
                    error = File.Exists(info.Interpreter)
                        ? new HostError($"{programPath} needs the ELF interpreter {info.Interpreter}, which is not an x86-64 ELF file ({message ?? elfError.ToString()})")
                        : new HostError($"{programPath} needs the ELF interpreter {info.Interpreter}, which is not on this host",
                            "install the C library the program was built for, or build it with -static");
                    return null;
                }

                map.Interpreter = new SharedObject(info.Interpreter, HostPathWalk.Parent(info.Interpreter), interpreter, null);
                map.Objects.Add(map.Interpreter);
            }

            LoadNeeded(map, 0);
            return map;
        }

        /// <summary>Adds an object the program will dlopen by path (an extension module), then what it needs.</summary>
        /// <returns>The object, or null if the file is not an x86-64 ELF object.</returns>
        public SharedObject? AddByPath(LinkMap map, string path)
        {
            SharedObject? loaded = map.FindLoaded(path);
            if (loaded != null)
            {
                return loaded;
            }

            SharedObjectInfo? info = ReadInfo(path, out _, out _);
            if (info == null)
            {
                return null;
            }

            int start = map.Objects.Count;
            SharedObject added = new SharedObject(path, HostPathWalk.Parent(path), info, map.Main);
            map.Objects.Add(added);
            LoadNeeded(map, start);
            return added;
        }

        /// <summary>Adds a library the program will dlopen by name (glibc's NSS modules), searched from the program.</summary>
        /// <returns>The object, or null (recorded in <see cref="LinkMap.Missing"/>) if no search finds it.</returns>
        public SharedObject? AddByName(LinkMap map, string name)
        {
            int start = map.Objects.Count;
            SharedObject? found = Load(map, map.Main, name);
            LoadNeeded(map, start);
            return found;
        }

        // Breadth first: every object from `start` on has its needs loaded, and new objects join the end of the list.
        private void LoadNeeded(LinkMap map, int start)
        {
            for (int i = start; i < map.Objects.Count; i++)
            {
                SharedObject loader = map.Objects[i];
                foreach (string name in loader.Needed)
                {
                    Load(map, loader, name);
                }
            }
        }

        private SharedObject? Load(LinkMap map, SharedObject loader, string name)
        {
            SharedObject? found = map.FindLoaded(name);
            if (found == null)
            {
                List<string> searched = new List<string>();
                string? path = Search(map, loader, name, searched);
                if (path == null)
                {
                    map.Missing.Add(new MissingLibrary(name, loader.Path, searched));
                    return null;
                }

                found = map.FindLoaded(path);
                if (found == null)
                {
                    found = new SharedObject(path, HostPathWalk.Parent(path), _infos[path]!, loader);
                    map.Objects.Add(found);
                }
            }

            found.Names.Add(name);
            map.Lookups.Add((loader, name, found));
            return found;
        }

        private string? Search(LinkMap map, SharedObject loader, string name, List<string> searched)
        {
            if (name.Contains('/'))
            {
                string expanded = DynamicStringTokens.Expand(name, loader.Origin);
                searched.Add(expanded);
                return IsLoadable(expanded) ? expanded : null;
            }

            List<string> directories = new List<string>();
            if (loader.Runpath == null)
            {
                bool sawMain = false;
                for (SharedObject? l = loader; l != null; l = l.Loader)
                {
                    AddExpanded(directories, l.Rpath, l.Origin);
                    sawMain |= l == map.Main;
                }

                if (!sawMain)
                {
                    AddExpanded(directories, map.Main.Rpath, map.Main.Origin);
                }
            }

            foreach (string directory in _libraryPath)
            {
                directories.Add(DynamicStringTokens.Expand(directory, map.Main.Origin));
            }

            AddExpanded(directories, loader.Runpath, loader.Origin);
            foreach (string directory in directories)
            {
                searched.Add(directory);
                string candidate = Join(directory, name);
                if (IsLoadable(candidate))
                {
                    return candidate;
                }
            }

            if (loader.NoDefaultLibraries)
            {
                return null;
            }

            if (_cache != null)
            {
                searched.Add(CacheLabel);
                if (_cache.TryFind(name, out string cached) && IsLoadable(cached))
                {
                    return cached;
                }
            }

            foreach (string directory in _defaults)
            {
                searched.Add(directory);
                string candidate = Join(directory, name);
                if (IsLoadable(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private bool IsLoadable(string path)
        {
            return File.Exists(path) && ReadInfo(path, out _, out _) != null;
        }

        private SharedObjectInfo? ReadInfo(string path, out ElfError error, out string? message)
        {
            error = ElfError.None;
            message = null;
            if (_infos.TryGetValue(path, out SharedObjectInfo? known))
            {
                return known;
            }

            SharedObjectInfo? info = File.Exists(path) ? SharedObjectInfo.Read(path, out error, out message) : null;
            if (!File.Exists(path))
            {
                message = "no such file";
            }

            _infos[path] = info;
            return info;
        }

        private static void AddExpanded(List<string> directories, string? searchPath, string origin)
        {
            if (searchPath == null)
            {
                return;
            }

            foreach (string directory in SplitPath(searchPath, ":"))
            {
                directories.Add(DynamicStringTokens.Expand(directory, origin));
            }
        }

        private static string[] SplitPath(string value, string separators)
        {
            return value.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        }

        // ld.so strips trailing slashes from a search directory and appends "/" and the name.
        private static string Join(string directory, string name)
        {
            string trimmed = directory.Length > 1 ? directory.TrimEnd('/') : directory;
            return trimmed == "/" ? "/" + name : trimmed + "/" + name;
        }
    }
}
