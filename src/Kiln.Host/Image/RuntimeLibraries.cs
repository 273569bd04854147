// Finds the library directories of a recognized interpreter by asking the host interpreter the user named (never a
// python3 found on PATH, which may be a pyenv shim): python's sys.path under -I isolation, perl's @INC, node's
// module.globalPaths, ruby's $LOAD_PATH. What no program needs is left out:
//   python: site-packages and dist-packages (third-party; add them with --dir), the test suites (test/, tests/,
//           idle_test/), idlelib, tkinter, turtledemo, ensurepip, the config-X.Y-* build directory (a static
//           libpython for linking), and __pycache__ files compiled for another Python version;
//   perl:   the pod/ directory of core documentation;
//   node:   directories under a home directory (per-user modules).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Kiln.Host.Image
{
    /// <summary>Library directories of interpreters.</summary>
    public static class RuntimeLibraries
    {
        private static readonly string[] s_pythonSkippedDirectories = { "test", "tests", "idle_test", "idlelib", "tkinter", "turtledemo", "ensurepip" };

        /// <summary>Recognizes an interpreter by the program's file name, or that of the file it links to.</summary>
        public static RuntimeKind Detect(string programPath)
        {
            RuntimeKind kind = DetectName(Path.GetFileName(programPath));
            string? real = HostPathWalk.RealPath(programPath);
            return kind != RuntimeKind.None || real == null ? kind : DetectName(Path.GetFileName(real));
        }

        /// <summary>Adds the library directories of <paramref name="program"/> (of kind <paramref name="kind"/>).</summary>
        /// <returns>Null, or an error adding them; a failed query is a warning in <paramref name="warnings"/>.</returns>
        public static HostError? Add(RuntimeKind kind, string program, HostImporter importer, List<string> warnings)
        {
            string name = Path.GetFileName(program);
            string origin = $"{name} library";
            switch (kind)
            {
                case RuntimeKind.Python:
                    {
                        List<string>? lines = Query(program, warnings, "-I", "-c", "import sys; print(sys.implementation.cache_tag); print('\\n'.join(sys.path))");
                        if (lines == null || lines.Count == 0)
                        {
                            return null;
                        }

                        string cacheTag = lines[0];
                        List<string> directories = lines.GetRange(1, lines.Count - 1).FindAll(d => !d.Contains("-packages", StringComparison.Ordinal));
                        return AddDirectories(directories, importer, origin, (path, isDirectory) => SkipPython(path, isDirectory, cacheTag));
                    }

                case RuntimeKind.Perl:
                    return AddDirectories(Query(program, warnings, "-e", "print \"$_\\n\" for @INC"), importer, origin,
                        (path, isDirectory) => isDirectory && Path.GetFileName(path) == "pod");
                case RuntimeKind.Node:
                    {
                        List<string>? directories = Query(program, warnings, "-p", "require('module').globalPaths.join('\\n')");
                        directories?.RemoveAll(d => d.StartsWith("/root/", StringComparison.Ordinal) || d.StartsWith("/home/", StringComparison.Ordinal));
                        return AddDirectories(directories, importer, origin, null);
                    }

                case RuntimeKind.Ruby:
                    return AddDirectories(Query(program, warnings, "-e", "puts $LOAD_PATH"), importer, origin, null);
                default:
                    return null;
            }
        }

        /// <summary>True for paths under a python library directory that no program needs.</summary>
        public static bool SkipPython(string path, bool isDirectory, string cacheTag)
        {
            string name = Path.GetFileName(path);
            if (isDirectory)
            {
                return Array.IndexOf(s_pythonSkippedDirectories, name) >= 0 || name.StartsWith("config-", StringComparison.Ordinal);
            }

            // __pycache__/json.cpython-311.pyc: keep only this interpreter's tag.
            return Path.GetFileName(Path.GetDirectoryName(path)) == "__pycache__" &&
                name.Contains(".cpython-", StringComparison.Ordinal) &&
                !name.Contains("." + cacheTag + ".", StringComparison.Ordinal);
        }

        private static RuntimeKind DetectName(string name)
        {
            if (name.StartsWith("python", StringComparison.Ordinal) && !name.Contains("-config", StringComparison.Ordinal))
            {
                return RuntimeKind.Python;
            }

            if (name.StartsWith("perl", StringComparison.Ordinal) && !name.StartsWith("perldoc", StringComparison.Ordinal) &&
                !name.StartsWith("perlbug", StringComparison.Ordinal))
            {
                return RuntimeKind.Perl;
            }

            if (name == "node" || name == "nodejs")
            {
                return RuntimeKind.Node;
            }

            return name.StartsWith("ruby", StringComparison.Ordinal) ? RuntimeKind.Ruby : RuntimeKind.None;
        }

        private static HostError? AddDirectories(List<string>? directories, HostImporter importer, string origin, HostImporter.Filter? exclude)
        {
            foreach (string directory in directories ?? new List<string>())
            {
                if (directory.StartsWith('/') && Directory.Exists(directory))
                {
                    HostError? error = importer.AddPath(directory, ContentPriority.System, origin, tree: true, exclude);
                    if (error != null)
                    {
                        return error;
                    }
                }
            }

            return null;
        }

        // Runs the interpreter with `arguments` and returns its stdout lines; null (with a warning) if it fails.
        private static List<string>? Query(string program, List<string> warnings, params string[] arguments)
        {
            ProcessStartInfo start = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using Process process = Process.Start(start)!;
                process.StandardInput.Close();
                System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
                System.Threading.Tasks.Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit(30_000))
                {
                    process.Kill(entireProcessTree: true);
                    warnings.Add($"{program} did not say where its libraries are within 30 s; they are not in the image");
                    return null;
                }

                if (process.ExitCode != 0)
                {
                    warnings.Add($"{program} failed when asked where its libraries are ({stderr.Result.Trim()}); they are not in the image");
                    return null;
                }

                List<string> lines = new List<string>();
                foreach (string line in stdout.Result.Split('\n'))
                {
                    if (line.Trim().Length > 0)
                    {
                        lines.Add(line.Trim());
                    }
                }

                return lines;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException)
            {
                warnings.Add($"cannot run {program} to find its libraries ({e.Message}); they are not in the image");
                return null;
            }
        }
    }
}
