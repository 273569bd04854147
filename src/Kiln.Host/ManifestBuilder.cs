// The manifest the kernel reads from /kiln/manifest in the root file system (format in Kiln.Manifest.ManifestReader):
// the program's guest path, its arguments and environment, the working directory, the volumes to mount, the tracing
// switches, and the network configuration (dhcp=1, or ip=A.B.C.D/PREFIX and gateway; dns for each name server).

using System;
using System.Collections.Generic;
using System.Text;
using Kiln.Manifest;

namespace Kiln.Host
{
    /// <summary>Builds the manifest for one program run.</summary>
    public static class ManifestBuilder
    {
        /// <summary>Where the manifest is in the image.</summary>
        public const string GuestPath = "/kiln/manifest";

        /// <summary>Builds the manifest bytes for <paramref name="launch"/>.</summary>
        /// <returns>The manifest, or null with an error if a value cannot be written (a NUL in an argument).</returns>
        public static byte[]? Build(ProgramLaunch launch, out HostError? error)
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

            if (launch.Network != null)
            {
                GuestNetwork network = launch.Network;
                if (network.Dhcp)
                {
                    records.Add((ManifestKey.Dhcp, Encoding.ASCII.GetBytes("1")));
                }
                else
                {
                    records.Add((ManifestKey.Ip, Encoding.ASCII.GetBytes($"{GuestNetwork.Format(network.Address)}/{network.PrefixLength}")));
                    records.Add((ManifestKey.Gateway, Encoding.ASCII.GetBytes(GuestNetwork.Format(network.Gateway))));
                }

                foreach (uint server in network.NameServers)
                {
                    records.Add((ManifestKey.Dns, Encoding.ASCII.GetBytes(GuestNetwork.Format(server))));
                }
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
    }
}
