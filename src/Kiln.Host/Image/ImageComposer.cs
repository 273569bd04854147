// Decides what goes into the image for one run, in this order (later sources win conflicts of equal priority):
//   1. the program at its absolute host path, with the symlinks on the way (/usr/bin/python3 -> python3.11);
//   2. its ELF interpreter and the DT_NEEDED closure, and for glibc programs the modules glibc dlopens at run time
//      (libnss_files, libnss_dns, libresolv for name lookups; libgcc_s when a thread exits) with their own needs;
//   3. /etc files and CA certificates, and resolv.conf naming the run's name servers (SystemFiles);
//   4. for an interpreter (python, perl, node, ruby): its library directories (RuntimeLibraries), and every program
//      argument that names an existing host file (the script) at its absolute path;
//   5. the user's --file, --dir and --mapdir entries (priority User: they win over anything above);
//   6. the working directory (kiln's own, so relative paths the user typed mean the same in the guest);
//   7. the DT_NEEDED closure of every ELF shared object now in the image (python's _ssl needs libssl, libcrypto).

using System;
using System.Collections.Generic;
using System.IO;
using Kiln.Host.Libraries;

namespace Kiln.Host.Image
{
    /// <summary>Builds the <see cref="ComposedImage"/> of a run.</summary>
    public static class ImageComposer
    {
        /// <summary>
        /// Modules glibc loads with dlopen, so no DT_NEEDED names them: the NSS modules for getpwnam, getaddrinfo and
        /// friends, and libgcc_s, whose unwinder pthread_exit and thread cancellation use (glibc's
        /// sysdeps/generic/unwind-link: "libgcc_s.so.1 must be installed for pthread_exit to work" otherwise).
        /// </summary>
        public static readonly IReadOnlyList<string> GlibcRuntimeModules = new[] { "libnss_files.so.2", "libnss_dns.so.2", "libresolv.so.2", "libgcc_s.so.1" };

        /// <summary>Composes the image of <paramref name="program"/> run with <paramref name="arguments"/>.</summary>
        /// <param name="program">The checked program (for a script: its interpreter, with the script).</param>
        /// <param name="arguments">The arguments after the program on the command line.</param>
        /// <param name="user">The user's files and directories.</param>
        /// <param name="workingDirectory">kiln's working directory on the host.</param>
        /// <param name="error">Why the image cannot be made (a conflict, a missing user file).</param>
        /// <param name="nameServers">The name servers /etc/resolv.conf names (null: QEMU's DNS forwarder).</param>
        public static ComposedImage? Compose(CheckedProgram program, IReadOnlyList<string> arguments, UserContent user, string workingDirectory, out HostError? error,
            IReadOnlyList<uint>? nameServers = null)
        {
            ImageContent content = new ImageContent();
            HostImporter importer = new HostImporter(content);
            List<string> warnings = new List<string>();
            List<string> argv = new List<string>();
            string guestProgram = Path.GetFullPath(program.HostPath, workingDirectory);

            error = importer.AddPath(guestProgram, ContentPriority.System, "the program");
            if (error == null && program.Links != null)
            {
                error = AddLibraries(program, importer, 0, warnings);
                if (error == null && program.Links.Interpreter != null && Path.GetFileName(program.Links.Interpreter.Path).StartsWith("ld-linux", StringComparison.Ordinal))
                {
                    int before = program.Links.Objects.Count;
                    foreach (string module in GlibcRuntimeModules)
                    {
                        program.Resolver!.AddByName(program.Links, module);
                    }

                    error = AddLibraries(program, importer, before, warnings);
                }
            }

            error ??= SystemFiles.Add(content, importer, nameServers);
            if (program.Script != null)
            {
                argv.Add(program.Script.Interpreter);
                if (program.Script.Argument != null)
                {
                    argv.Add(program.Script.Argument);
                }

                argv.Add(program.Script.ScriptPath);
                error ??= importer.AddPath(Path.GetFullPath(program.Script.ScriptPath, workingDirectory), ContentPriority.User, $"script {program.Script.ScriptPath}");
            }
            else
            {
                argv.Add(program.HostPath);
            }

            argv.AddRange(arguments);
            RuntimeKind runtime = RuntimeLibraries.Detect(program.HostPath);
            if (error == null && runtime != RuntimeKind.None)
            {
                error = RuntimeLibraries.Add(runtime, program.HostPath, importer, warnings);
                foreach (string argument in arguments)
                {
                    if (error == null && argument.Length > 0 && !argument.StartsWith('-') && argument.IndexOf('\0') < 0 &&
                        File.Exists(Path.GetFullPath(argument, workingDirectory)))
                    {
                        error = importer.AddPath(Path.GetFullPath(argument, workingDirectory), ContentPriority.User, $"argument {argument}");
                    }
                }
            }

            error ??= AddUserContent(user, importer);
            error ??= importer.AddPath(workingDirectory, ContentPriority.System, "the working directory");
            if (error == null && program.Links != null)
            {
                error = AddModuleLibraries(program, content, importer, warnings);
            }

            return error == null ? new ComposedImage(content, guestProgram, argv, workingDirectory, warnings) : null;
        }

        private static HostError? AddUserContent(UserContent user, HostImporter importer)
        {
            foreach (UserPath file in user.Files)
            {
                if (Directory.Exists(file.HostPath))
                {
                    return new HostError($"{file.HostPath} is a directory ({file.Origin}); add a directory with --dir");
                }

                HostError? error = importer.AddPath(file.HostPath, ContentPriority.User, $"{file.Origin} {file.HostPath}");
                if (error != null)
                {
                    return error;
                }
            }

            foreach (UserPath directory in user.Directories)
            {
                if (!Directory.Exists(directory.HostPath))
                {
                    return new HostError(File.Exists(directory.HostPath)
                        ? $"{directory.HostPath} is not a directory ({directory.Origin}); add a file with --file"
                        : $"no such directory: {directory.HostPath} ({directory.Origin})");
                }

                HostError? error = importer.AddPath(directory.HostPath, ContentPriority.User, $"{directory.Origin} {directory.HostPath}", tree: true);
                if (error != null)
                {
                    return error;
                }
            }

            foreach (UserMapping mapping in user.Mappings)
            {
                HostError? error = importer.MapTree(mapping.HostPath, mapping.GuestPath, ContentPriority.User, $"{mapping.Origin} {mapping.HostPath}:{mapping.GuestPath}");
                if (error != null)
                {
                    return error;
                }
            }

            return null;
        }

        // Adds the objects of the link map from index `start` on (the program itself, index 0, is already in).
        private static HostError? AddLibraries(CheckedProgram program, HostImporter importer, int start, List<string> warnings)
        {
            LinkMap links = program.Links!;
            for (int i = Math.Max(start, 1); i < links.Objects.Count; i++)
            {
                SharedObject library = links.Objects[i];
                string origin = library == links.Interpreter ? "the ELF interpreter" : $"library {library.Soname ?? Path.GetFileName(library.Path)}";
                HostError? error = importer.AddPath(library.Path, ContentPriority.System, origin);
                if (error != null)
                {
                    return error;
                }
            }

            return null;
        }

        // Resolves the needs of every ELF shared object in the image that is not in the link map yet (extension
        // modules, NSS modules, libraries a user added), as ld.so will when the program dlopens them.
        private static HostError? AddModuleLibraries(CheckedProgram program, ImageContent content, HostImporter importer, List<string> warnings)
        {
            LinkMap links = program.Links!;
            int missingBefore = 0;
            int pass = 0;
            bool added = true;
            while (added && pass++ < 8)
            {
                added = false;
                int before = links.Objects.Count;
                foreach (ImageEntry entry in content.Entries)
                {
                    if (entry.Kind == ImageEntryKind.File && entry.HostPath != null && Path.GetFileName(entry.HostPath).Contains(".so", StringComparison.Ordinal) &&
                        links.FindLoaded(entry.HostPath) == null && IsSharedObject(entry.HostPath))
                    {
                        program.Resolver!.AddByPath(links, entry.HostPath);
                    }
                }

                HostError? error = AddLibraries(program, importer, before, warnings);
                if (error != null)
                {
                    return error;
                }

                added = links.Objects.Count > before;
            }

            for (int i = missingBefore; i < links.Missing.Count; i++)
            {
                MissingLibrary missing = links.Missing[i];
                warnings.Add($"{missing.RequestedBy} needs {missing.Name}, which is not on this host; loading it in the guest will fail");
            }

            return null;
        }

        // An ELF64 ET_DYN file: the first 18 bytes are enough to tell.
        private static bool IsSharedObject(string path)
        {
            Span<byte> header = stackalloc byte[18];
            try
            {
                using FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read);
                return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length &&
                    header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F' &&
                    header[4] == 2 && header[16] == 3 && header[17] == 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
