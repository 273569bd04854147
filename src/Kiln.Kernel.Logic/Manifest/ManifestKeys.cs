// Spelling of the manifest keys and the rules each key's value must follow, shared by the reader and the writer.

using System;

namespace Kiln.Manifest
{
    /// <summary>Key names and value rules of the manifest format.</summary>
    public static class ManifestKeys
    {
        /// <summary>The key as it is written in a manifest.</summary>
        public static string Name(ManifestKey key)
        {
            switch (key)
            {
                case ManifestKey.Program:
                    return "program";
                case ManifestKey.Arg:
                    return "arg";
                case ManifestKey.Env:
                    return "env";
                case ManifestKey.Trace:
                    return "trace";
                case ManifestKey.SyscallSummary:
                    return "syscall-summary";
                case ManifestKey.WorkingDirectory:
                    return "cwd";
                case ManifestKey.Mount:
                    return "mount";
                case ManifestKey.Ip:
                    return "ip";
                case ManifestKey.Gateway:
                    return "gateway";
                case ManifestKey.Dns:
                    return "dns";
                case ManifestKey.Dhcp:
                    return "dhcp";
                default:
                    return "";
            }
        }

        /// <summary>Parses a key; unknown spellings give <see cref="ManifestKey.Unknown"/>.</summary>
        public static ManifestKey Parse(ReadOnlySpan<byte> name)
        {
            for (ManifestKey key = ManifestKey.Program; key <= ManifestKey.Dhcp; key++)
            {
                if (EqualsAscii(name, Name(key)))
                {
                    return key;
                }
            }

            return ManifestKey.Unknown;
        }

        /// <summary>Checks <paramref name="value"/> against the rules of <paramref name="key"/>.</summary>
        public static ManifestError CheckValue(ManifestKey key, ReadOnlySpan<byte> value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] == 0)
                {
                    return ManifestError.ValueHasNul;
                }
            }

            switch (key)
            {
                case ManifestKey.Unknown:
                    return ManifestError.UnknownKey;
                case ManifestKey.Program:
                    return value.Length >= 2 && value[0] == (byte)'/' ? ManifestError.None : ManifestError.BadProgram;
                case ManifestKey.WorkingDirectory:
                    return value.Length >= 1 && value[0] == (byte)'/' ? ManifestError.None : ManifestError.BadWorkingDirectory;
                case ManifestKey.Env:
                    return IndexOf(value, (byte)'=') > 0 ? ManifestError.None : ManifestError.BadEnv;
                case ManifestKey.Trace:
                case ManifestKey.SyscallSummary:
                case ManifestKey.Dhcp:
                    return value.Length == 1 && (value[0] == (byte)'0' || value[0] == (byte)'1')
                        ? ManifestError.None
                        : ManifestError.BadFlag;
                case ManifestKey.Mount:
                    return ManifestMount.TrySplit(value, out _, out _) ? ManifestError.None : ManifestError.BadMount;
                case ManifestKey.Ip:
                    return Ipv4Text.TryParsePrefix(value, out _, out _) ? ManifestError.None : ManifestError.BadAddress;
                case ManifestKey.Gateway:
                case ManifestKey.Dns:
                    return Ipv4Text.TryParse(value, out _) ? ManifestError.None : ManifestError.BadAddress;
                default:
                    return ManifestError.None;
            }
        }

        /// <summary>Index of the first <paramref name="b"/> in <paramref name="bytes"/>, or -1.</summary>
        internal static int IndexOf(ReadOnlySpan<byte> bytes, byte b)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == b)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool EqualsAscii(ReadOnlySpan<byte> bytes, string text)
        {
            if (bytes.Length != text.Length)
            {
                return false;
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
