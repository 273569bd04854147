// Reads a kiln config file with System.Text.Json's Utf8JsonReader, so every error can name the key path and the
// line it is on: "config.json:7: unknown key 'RunConfig.Cpus'", "config.json:3: 'Env.HOME' must be a string".
// Known keys: Args (array of strings), Env (object of strings), Files, Dirs (arrays of strings), MapDirs (object
// HOST → GUEST), RunConfig (object: Memory, IPAddress, NetMask, Gateway strings; Ports, UDPPorts arrays of strings or
// numbers), Mounts (object NAME → GUEST), NameServers (array of strings).
// Comments and trailing commas are allowed; a key given twice is an error.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>Parses config files.</summary>
    internal static class ConfigReader
    {
        /// <summary>The file read from the working directory when --config is not given.</summary>
        public const string DefaultName = "config.json";

        /// <summary>Reads and parses <paramref name="path"/>.</summary>
        public static ConfigFile? Read(string path, out HostError? error)
        {
            byte[] json;
            try
            {
                json = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                error = new HostError($"config file not found: {path}");
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = new HostError($"cannot read config file {path}: {e.Message}");
                return null;
            }

            ConfigFile? config = Parse(json, path, out error);
            if (config != null)
            {
                MakeRelativeTo(config, Path.GetDirectoryName(Path.GetFullPath(path))!);
            }

            return config;
        }

        /// <summary>Parses config bytes; <paramref name="path"/> is only used in messages.</summary>
        public static ConfigFile? Parse(byte[] json, string path, out HostError? error)
        {
            error = null;
            ConfigFile config = new ConfigFile { Path = path };
            Utf8JsonReader reader = new Utf8JsonReader(json, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    error = Fail(json, path, reader, "the config must be a JSON object");
                    return null;
                }

                error = ReadObject(ref reader, json, path, "", (ref Utf8JsonReader r, string key, string keyPath) => ReadTopLevel(ref r, json, config, key, keyPath));
                if (error == null && reader.Read())
                {
                    error = Fail(json, path, reader, "unexpected content after the config object");
                }
            }
            catch (JsonException e)
            {
                string reason = e.Message;
                int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                reason = (cut > 0 ? reason.Substring(0, cut) : reason).TrimEnd('.', ' ');
                error = new HostError($"{path}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {reason}");
            }

            return error == null ? config : null;
        }

        private delegate HostError? MemberReader(ref Utf8JsonReader reader, string key, string keyPath);

        private static HostError? ReadTopLevel(ref Utf8JsonReader reader, byte[] json, ConfigFile config, string key, string keyPath)
        {
            string path = config.Path;
            switch (key)
            {
                case "Args":
                    return ReadStrings(ref reader, json, path, keyPath, config.Args, allowNumbers: false);
                case "Files":
                    return ReadStrings(ref reader, json, path, keyPath, config.Files, allowNumbers: false);
                case "Dirs":
                    return ReadStrings(ref reader, json, path, keyPath, config.Dirs, allowNumbers: false);
                case "NameServers":
                    return ReadStrings(ref reader, json, path, keyPath, config.NameServers, allowNumbers: false);
                case "Env":
                    return ReadStringMap(ref reader, json, path, keyPath, (name, value) => config.Env.Add($"{name}={value}"));
                case "MapDirs":
                    return ReadStringMap(ref reader, json, path, keyPath, (host, guest) => config.MapDirs.Add((host, guest)));
                case "Mounts":
                    return ReadStringMap(ref reader, json, path, keyPath, (name, guest) => config.Mounts.Add((name, guest)));
                case "RunConfig":
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return Fail(json, path, reader, $"'{keyPath}' must be an object");
                    }

                    return ReadObject(ref reader, json, path, keyPath + ".", (ref Utf8JsonReader r, string inner, string innerPath) =>
                    {
                        switch (inner)
                        {
                            case "Memory":
                                if (r.TokenType != JsonTokenType.String)
                                {
                                    return Fail(json, path, r, $"'{innerPath}' must be a string such as \"512M\"");
                                }

                                config.Memory = r.GetString();
                                return null;
                            case "Ports":
                                return ReadStrings(ref r, json, path, innerPath, config.Ports, allowNumbers: true);
                            case "UDPPorts":
                                return ReadStrings(ref r, json, path, innerPath, config.UdpPorts, allowNumbers: true);
                            case "IPAddress":
                                return ReadString(r, json, path, innerPath, "\"10.0.2.15\"", value => config.IPAddress = value);
                            case "NetMask":
                                return ReadString(r, json, path, innerPath, "\"255.255.255.0\"", value => config.NetMask = value);
                            case "Gateway":
                                return ReadString(r, json, path, innerPath, "\"10.0.2.2\"", value => config.Gateway = value);
                            default:
                                return Fail(json, path, r, $"unknown key '{innerPath}'", property: true);
                        }
                    });
                default:
                    return Fail(json, path, reader, $"unknown key '{keyPath}'", property: true);
            }
        }

        private static HostError? ReadString(Utf8JsonReader reader, byte[] json, string path, string keyPath, string example, Action<string> set)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return Fail(json, path, reader, $"'{keyPath}' must be a string such as {example}");
            }

            set(reader.GetString()!);
            return null;
        }

        // Reads the members of the object whose StartObject the reader is on, calling `member` with the reader on
        // each value; stops on the first error. Leaves the reader on the EndObject.
        private static HostError? ReadObject(ref Utf8JsonReader reader, byte[] json, string path, string prefix, MemberReader member)
        {
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string key = reader.GetString()!;
                string keyPath = prefix + key;
                long keyStart = reader.TokenStartIndex;
                if (!seen.Add(key))
                {
                    return new HostError($"{path}:{LineOf(json, keyStart)}: key '{keyPath}' is given twice");
                }

                reader.Read();
                HostError? error = member(ref reader, key, keyPath);
                if (error != null)
                {
                    return error;
                }

                // A member reader that did not consume a composite value leaves the reader on its start: skip it.
                if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            return null;
        }

        private static HostError? ReadStrings(ref Utf8JsonReader reader, byte[] json, string path, string keyPath, List<string> values, bool allowNumbers)
        {
            string kind = allowNumbers ? "strings or numbers" : "strings";
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return Fail(json, path, reader, $"'{keyPath}' must be an array of {kind}");
            }

            int index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    values.Add(reader.GetString()!);
                }
                else if (allowNumbers && reader.TokenType == JsonTokenType.Number)
                {
                    values.Add(Encoding.UTF8.GetString(reader.ValueSpan));
                }
                else
                {
                    return Fail(json, path, reader, $"'{keyPath}[{index}]' must be one of {kind}, not {Describe(reader.TokenType)}");
                }

                index++;
            }

            // Leave the reader on the EndArray, which ReadObject takes as consumed.
            return null;
        }

        private static HostError? ReadStringMap(ref Utf8JsonReader reader, byte[] json, string path, string keyPath, Action<string, string> add)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(json, path, reader, $"'{keyPath}' must be an object of strings");
            }

            return ReadObject(ref reader, json, path, keyPath + ".", (ref Utf8JsonReader r, string key, string memberPath) =>
            {
                if (r.TokenType != JsonTokenType.String)
                {
                    return Fail(json, path, r, $"'{memberPath}' must be a string, not {Describe(r.TokenType)}");
                }

                add(key, r.GetString()!);
                return null;
            });
        }

        private static void MakeRelativeTo(ConfigFile config, string directory)
        {
            for (int i = 0; i < config.Files.Count; i++)
            {
                config.Files[i] = Path.Combine(directory, config.Files[i]);
            }

            for (int i = 0; i < config.Dirs.Count; i++)
            {
                config.Dirs[i] = Path.Combine(directory, config.Dirs[i]);
            }

            for (int i = 0; i < config.MapDirs.Count; i++)
            {
                config.MapDirs[i] = (Path.Combine(directory, config.MapDirs[i].Host), config.MapDirs[i].Guest);
            }
        }

        // An error at the reader's token; for an unknown key (property), at the key rather than its value.
        private static HostError Fail(byte[] json, string path, Utf8JsonReader reader, string message, bool property = false)
        {
            long at = reader.TokenStartIndex;
            if (property)
            {
                // The reader is on the value; the key is the last '"' before it on a line at or above.
                int search = (int)Math.Min(at, json.Length) - 1;
                while (search > 0 && json[search] != (byte)':')
                {
                    search--;
                }

                at = Math.Max(search, 0);
            }

            return new HostError($"{path}:{LineOf(json, at)}: {message}");
        }

        private static int LineOf(byte[] json, long offset)
        {
            int line = 1;
            for (long i = 0; i < offset && i < json.Length; i++)
            {
                if (json[i] == (byte)'\n')
                {
                    line++;
                }
            }

            return line;
        }

        private static string Describe(JsonTokenType type)
        {
            return type switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.Number => "a number",
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                JsonTokenType.Null => "null",
                _ => "a string",
            };
        }
    }
}
