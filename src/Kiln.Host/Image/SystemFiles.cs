// The host files every image gets so programs find users, names and certificates as they do on the host:
// /etc/passwd, /etc/group, /etc/nsswitch.conf, /etc/hosts and /etc/resolv.conf copied from the host where present
// (a generated default where not), and the host's CA certificates (/etc/ssl/certs with its links and their
// targets, and Debian's /usr/lib/ssl links). A resolv.conf that only names loopback resolvers (systemd-resolved's
// 127.0.0.53) is useless in the VM, so it is replaced by one naming QEMU's user-network resolver, 10.0.2.3.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Kiln.Host.Image
{
    /// <summary>Adds the /etc files and certificates of the host.</summary>
    public static class SystemFiles
    {
        /// <summary>QEMU's built-in DNS forwarder on its user-mode network (slirp).</summary>
        public const string QemuResolver = "10.0.2.3";

        /// <summary>The /etc files copied from the host, with the default written where the host has none.</summary>
        public static readonly IReadOnlyList<(string Path, string Default)> EtcFiles = new[]
        {
            ("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
            ("/etc/group", "root:x:0:\nnogroup:x:65534:\n"),
            ("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n" +
                "protocols: files\nservices: files\nethers: files\nrpc: files\n"),
            ("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
            ("/etc/resolv.conf", $"nameserver {QemuResolver}\n"),
        };

        /// <summary>Certificate paths taken from the host when present (the directory with its links).</summary>
        public static readonly IReadOnlyList<string> CertificatePaths = new[]
        {
            "/etc/ssl/certs", "/usr/lib/ssl/cert.pem", "/usr/lib/ssl/certs", "/usr/lib/ssl/openssl.cnf",
        };

        /// <summary>Adds the files; <paramref name="hostRoot"/> prefixes host paths (tests point it at a fake /etc).</summary>
        /// <returns>Null, or the first error.</returns>
        public static HostError? Add(ImageContent content, HostImporter importer, string hostRoot = "")
        {
            foreach ((string path, string fallback) in EtcFiles)
            {
                string host = hostRoot + path;
                string? text = ReadText(host);
                HostError? error;
                if (text != null && !(path == "/etc/resolv.conf" && !HasUsableResolver(text)))
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

            if (hostRoot.Length > 0)
            {
                return null;
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

        /// <summary>True if resolv.conf text names at least one nameserver outside 127.0.0.0/8 and ::1.</summary>
        public static bool HasUsableResolver(string text)
        {
            foreach (string raw in text.Split('\n'))
            {
                string[] words = raw.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 2 && words[0] == "nameserver" && !words[1].StartsWith("127.", StringComparison.Ordinal) && words[1] != "::1")
                {
                    return true;
                }
            }

            return false;
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
