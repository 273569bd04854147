// Packs an image's content and the manifest into the cpio newc archive QEMU passes to the kernel with -initrd.
// "kiln/manifest" comes first (format in Kiln.Manifest.ManifestReader; no "kiln" directory entry, so a guest path
// /kiln stays free), then every ImageContent entry in its order (parents before children) under its guest path
// without the leading "/": directories (040755), regular files with their modes, symlinks (0120777, the target as
// the body). Owner and group are 0. File bodies are streamed from the host, never held whole in memory; newc sizes
// are 32-bit, so a file of 4 GiB or more cannot go in.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Cpio;
using Kiln.Host.Image;
using Kiln.Manifest;

namespace Kiln.Host
{
    /// <summary>Builds the initrd for one program run.</summary>
    public static class InitrdBuilder
    {
        /// <summary>The archive name of the manifest.</summary>
        public const string ManifestName = "kiln/manifest";

        private const uint ManifestMode = CpioFormat.S_IFREG | 0x1a4; // 0100644

        /// <summary>Builds the manifest bytes for <paramref name="launch"/>.</summary>
        /// <returns>The manifest, or null with an error if a value cannot be written (a NUL in an argument).</returns>
        public static byte[]? BuildManifest(ProgramLaunch launch, out HostError? error)
        {
            List<(ManifestKey Key, byte[] Value)> records = new List<(ManifestKey, byte[])>();
            records.Add((ManifestKey.Program, Encoding.UTF8.GetBytes(launch.GuestProgram)));
            foreach (string argument in launch.Arguments)
            {
                records.Add((ManifestKey.Arg, Encoding.UTF8.GetBytes(argument)));
            }

            foreach (string variable in launch.Environment)
            {
                records.Add((ManifestKey.Env, Encoding.UTF8.GetBytes(variable)));
            }

            records.Add((ManifestKey.Trace, Encoding.ASCII.GetBytes(launch.Trace ? "1" : "0")));
            records.Add((ManifestKey.SyscallSummary, Encoding.ASCII.GetBytes(launch.SyscallSummary ? "1" : "0")));
            if (launch.WorkingDirectory != null)
            {
                records.Add((ManifestKey.WorkingDirectory, Encoding.UTF8.GetBytes(launch.WorkingDirectory)));
            }

            foreach (string mount in launch.Mounts ?? Array.Empty<string>())
            {
                records.Add((ManifestKey.Mount, Encoding.UTF8.GetBytes(mount)));
            }

            int size = 0;
            foreach ((ManifestKey key, byte[] value) in records)
            {
                size += ManifestWriter.Measure(key, value.Length);
            }

            byte[] manifest = new byte[size];
            ManifestWriter writer = new ManifestWriter(manifest);
            foreach ((ManifestKey key, byte[] value) in records)
            {
                ManifestError result = writer.Add(key, value);
                if (result != ManifestError.None)
                {
                    error = new HostError($"cannot pass {ManifestKeys.Name(key)} '{Encoding.UTF8.GetString(value)}' to the program: {result}");
                    return null;
                }
            }

            error = null;
            return manifest;
        }

        /// <summary>Writes the whole initrd for <paramref name="launch"/> and <paramref name="content"/> to <paramref name="output"/>.</summary>
        /// <returns>Null, or why it could not be written (a bad value, an unreadable or oversized host file).</returns>
        public static HostError? Write(ProgramLaunch launch, ImageContent content, Stream output)
        {
            byte[]? manifest = BuildManifest(launch, out HostError? error);
            if (manifest == null)
            {
                return error;
            }

            CpioStream cpio = new CpioStream(output);
            error = cpio.Add(ManifestName, ManifestMode, manifest);
            foreach (ImageEntry entry in content.Entries)
            {
                if (error != null)
                {
                    return error;
                }

                string name = entry.GuestPath.Substring(1);
                error = entry.Kind switch
                {
                    ImageEntryKind.Directory => cpio.Add(name, entry.FullMode, Array.Empty<byte>()),
                    ImageEntryKind.Symlink => cpio.Add(name, entry.FullMode, Encoding.UTF8.GetBytes(entry.LinkTarget!)),
                    _ => entry.Data != null ? cpio.Add(name, entry.FullMode, entry.Data) : cpio.AddHostFile(name, entry.FullMode, entry.HostPath!),
                };
            }

            return error ?? cpio.Finish();
        }

        /// <summary>The initrd as bytes (for tests and small images).</summary>
        public static byte[]? Build(ProgramLaunch launch, ImageContent content, out HostError? error)
        {
            using MemoryStream stream = new MemoryStream();
            error = Write(launch, content, stream);
            return error == null ? stream.ToArray() : null;
        }
    }
}
