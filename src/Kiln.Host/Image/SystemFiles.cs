// The host files every image gets so programs find users, names and certificates as they do on the host:
// /etc/passwd, /etc/group, /etc/nsswitch.conf and /etc/hosts copied from the host where present (a generated default
// where not), and the host's CA certificates (/etc/ssl/certs with its links and their targets, and Debian's
// /usr/lib/ssl links). /etc/resolv.conf is never the host's (its resolvers, often systemd-resolved's 127.0.0.53, mean
// nothing in the VM): it names the run's name servers, the ones the manifest's dns records give the kernel; by
// default QEMU's user-network DNS forwarder, 10.0.2.3, which relays to the host's resolver.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Kiln.Host.Image
{
    /// <summary>Adds the /etc files and certificates of the host.</summary>
    public static class SystemFiles
    {
        /// <summary>Where the name servers are written.</summary>
        public const string ResolvConfPath = "/etc/resolv.conf";

        /// <summary>The /etc files copied from the host, with the default written where the host has none.</summary>
        public static readonly IReadOnlyList<(string Path, string Default)> EtcFiles = new[]
        {
            ("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
            ("/etc/group", "root:x:0:\nnogroup:x:65534:\n"),
            ("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n" +
                "protocols: files\nservices: files\nethers: files\nrpc: files\n"),
            ("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
        };

        /// <summary>Certificate paths taken from the host when present (the directory with its links).</summary>
        public static readonly IReadOnlyList<string> CertificatePaths = new[]
        {
            "/etc/ssl/certs", "/usr/lib/ssl/cert.pem", "/usr/lib/ssl/certs", "/usr/lib/ssl/openssl.cnf",
        };

        /// <summary>
        /// Adds the files, with a resolv.conf naming <paramref name="nameServers"/> (null: QEMU's DNS forwarder);
        /// <paramref name="hostRoot"/> prefixes host paths (tests point it at a fake /etc).
        /// </summary>
        /// <returns>Null, or the first error.</returns>
        public static HostError? Add(ImageContent content, HostImporter importer, IReadOnlyList<uint>? nameServers = null, string hostRoot = "")
        {
            foreach ((string path, string fallback) in EtcFiles)
            {
                string host = hostRoot + path;
                string? text = ReadText(host);
                HostError? error;
                if (text != null)
                {
                    // Copied by content: /etc files are often symlinks into /run, which the image does not hold.
                    error = content.Add(ImageEntry.Bytes(path, Encoding.UTF8.GetBytes(text), 0x1a4, ContentPriority.System, $"host {path}"));
                }
                else
                {
                    error = content.Add(ImageEntry.Bytes(path, Encoding.UTF8.GetBytes(fallback), 0x1a4, ContentPriority.Generated, $"generated {path}"));
                }

                if (error != null)
                {
                    return error;
                }
            }

            HostError? resolvError = content.Add(ImageEntry.Bytes(ResolvConfPath, Encoding.ASCII.GetBytes(ResolvConf(nameServers ?? GuestNetwork.Default.NameServers)),
                0x1a4, ContentPriority.Generated, $"generated {ResolvConfPath}"));
            if (resolvError != null || hostRoot.Length > 0)
            {
                return resolvError;
            }

            foreach (string path in CertificatePaths)
            {
                if (File.Exists(path) || Directory.Exists(path))
                {
                    HostError? error = importer.AddPath(path, ContentPriority.System, "host CA certificates", tree: true);
                    if (error != null)
                    {
                        return error;
                    }
                }
            }

            return null;
        }

        /// <summary>The text of /etc/resolv.conf naming <paramref name="nameServers"/> in order.</summary>
        public static string ResolvConf(IReadOnlyList<uint> nameServers)
        {
            StringBuilder text = new StringBuilder("# Written by kiln: the run's name servers (kiln run --dns).\n");
            foreach (uint server in nameServers)
            {
                text.Append($"nameserver {GuestNetwork.Format(server)}\n");
            }

            return text.ToString();
        }

        private static string? ReadText(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
