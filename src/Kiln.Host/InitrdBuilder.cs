// Packs the program and its manifest into the cpio newc archive QEMU passes to the kernel with -initrd:
// "<basename>" (mode 0100755) and "kiln/manifest" (format in Kiln.Manifest.ManifestReader). There is no "kiln"
// directory entry: the kernel looks entries up by name, and a program that is itself called "kiln" must not clash.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Cpio;
using Kiln.Manifest;

namespace Kiln.Host
{
    /// <summary>Builds the initrd for one program run.</summary>
    public static class InitrdBuilder
    {
        /// <summary>The archive name of the manifest.</summary>
        public const string ManifestName = "kiln/manifest";

        private const uint ExecutableMode = CpioFormat.S_IFREG | 0x1ed; // 0100755
        private const uint ManifestMode = CpioFormat.S_IFREG | 0x1a4; // 0100644

        /// <summary>The program's absolute path inside the VM: "/" and its file name.</summary>
        public static string GuestPath(string hostPath)
        {
            return "/" + Path.GetFileName(hostPath.TrimEnd('/'));
        }

        /// <summary>Builds the manifest bytes for <paramref name="launch"/>.</summary>
        /// <returns>The manifest, or null with an error if a value cannot be written (a NUL in an argument).</returns>
        public static byte[]? BuildManifest(ProgramLaunch launch, out HostError? error)
        {
            List<(ManifestKey Key, byte[] Value)> records = new List<(ManifestKey, byte[])>();
            records.Add((ManifestKey.Program, Encoding.UTF8.GetBytes(GuestPath(launch.Program.HostPath))));
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

        /// <summary>Builds the whole initrd archive for <paramref name="launch"/>.</summary>
        public static byte[]? Build(ProgramLaunch launch, out HostError? error)
        {
            byte[]? manifest = BuildManifest(launch, out error);
            if (manifest == null)
            {
                return null;
            }

            byte[] programName = Encoding.UTF8.GetBytes(GuestPath(launch.Program.HostPath).Substring(1));
            byte[] manifestName = Encoding.ASCII.GetBytes(ManifestName);
            long size = CpioWriter.MeasureEntry(programName.Length, launch.Program.Image.Length) +
                CpioWriter.MeasureEntry(manifestName.Length, manifest.Length) +
                CpioWriter.MeasureTrailer();
            byte[] archive = new byte[size];
            CpioWriter cpio = new CpioWriter(archive);
            CpioError result = cpio.Add(programName, ExecutableMode, launch.Program.Image);
            if (result == CpioError.None)
            {
                result = cpio.Add(manifestName, ManifestMode, manifest);
            }

            if (result == CpioError.None)
            {
                result = cpio.Finish();
            }

            if (result != CpioError.None)
            {
                error = new HostError($"cannot pack {launch.Program.HostPath} into the initrd: {result}");
                return null;
            }

            return archive;
        }
    }
}
