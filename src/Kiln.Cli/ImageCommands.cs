// `kiln image ls IMAGE [PATH]` and `kiln image cat IMAGE PATH`: read a Kiln disk image back on the host, through the
// same format code the kernel uses. ls prints one line per entry like `ls -l` (or JSON with --json); cat writes a
// file's bytes to stdout.

using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using Kiln.Host;
using Kiln.Host.Image;

namespace Kiln.Cli
{
    /// <summary>The `kiln image` commands.</summary>
    internal static class ImageCommands
    {
        /// <summary>Builds `kiln image` with its subcommands.</summary>
        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            Argument<string> lsImage = new Argument<string>("IMAGE") { Description = "A Kiln disk image (kiln build writes one)" };
            Argument<string> lsPath = new Argument<string>("PATH") { Description = "A directory or file inside the image", DefaultValueFactory = _ => "/" };
            Option<bool> json = new Option<bool>("--json") { Description = "Print the listing as JSON" };
            Command ls = new Command("ls", "List a directory inside an image") { lsImage, lsPath, json };
            ls.SetAction(result => List(result.GetValue(lsImage)!, result.GetValue(lsPath) ?? "/", result.GetValue(json), stdout, stderr));

            Argument<string> catImage = new Argument<string>("IMAGE") { Description = "A Kiln disk image" };
            Argument<string> catPath = new Argument<string>("PATH") { Description = "A file inside the image" };
            Command cat = new Command("cat", "Print a file inside an image") { catImage, catPath };
            cat.SetAction(result => Cat(result.GetValue(catImage)!, result.GetValue(catPath)!, stderr));

            return new Command("image", "Inspect Kiln disk images") { ls, cat };
        }

        private static int List(string imagePath, string path, bool json, TextWriter stdout, TextWriter stderr)
        {
            using KilnFsImage? image = Open(imagePath, stderr, out int failure);
            if (image == null)
            {
                return failure;
            }

            KilnFsEntry? entry = image.Find(path);
            if (entry == null)
            {
                return CliErrors.Report(stderr, new HostError($"{path}: no such file or directory in {imagePath}"), CliErrors.Failure);
            }

            if (json)
            {
                using Utf8JsonWriter writer = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
                writer.WriteStartArray();
                foreach ((string name, KilnFsEntry child) in entry.IsDirectory ? image.List(entry) : new[] { (Path.GetFileName(path), entry) })
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", name);
                    writer.WriteString("type", TypeName(child));
                    writer.WriteString("mode", Convert.ToString(child.Mode & 0xFFF, 8).PadLeft(4, '0'));
                    writer.WriteNumber("size", child.Size);
                    writer.WriteNumber("links", child.LinkCount);
                    writer.WriteNumber("inode", child.Inode);
                    writer.WriteString("modified", DateTimeOffset.FromUnixTimeMilliseconds(child.ModifyTime / 1_000_000).ToString("O"));
                    if (child.SymlinkTarget != null)
                    {
                        writer.WriteString("target", child.SymlinkTarget);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.Flush();
                Console.Out.WriteLine();
                return 0;
            }

            if (!entry.IsDirectory)
            {
                stdout.WriteLine(Line(path, entry));
                return 0;
            }

            foreach ((string name, KilnFsEntry child) in image.List(entry))
            {
                stdout.WriteLine(Line(name, child));
            }

            return 0;
        }

        private static int Cat(string imagePath, string path, TextWriter stderr)
        {
            using KilnFsImage? image = Open(imagePath, stderr, out int failure);
            if (image == null)
            {
                return failure;
            }

            KilnFsEntry? entry = image.Find(path, followFinal: true);
            if (entry == null)
            {
                return CliErrors.Report(stderr, new HostError($"{path}: no such file in {imagePath}"), CliErrors.Failure);
            }

            if (!entry.IsRegular)
            {
                return CliErrors.Report(stderr, new HostError($"{path} in {imagePath} is not a regular file", $"list it with: kiln image ls {imagePath} {path}"), CliErrors.Failure);
            }

            using Stream stdout = Console.OpenStandardOutput();
            image.CopyTo(entry, stdout);
            return 0;
        }

        private static KilnFsImage? Open(string imagePath, TextWriter stderr, out int failure)
        {
            failure = 0;
            if (!File.Exists(imagePath))
            {
                failure = CliErrors.Report(stderr, new HostError($"{imagePath}: no such file"), CliErrors.Failure);
                return null;
            }

            KilnFsImage? image = KilnFsImage.Open(imagePath, out string? error);
            if (image == null)
            {
                failure = CliErrors.Report(stderr, new HostError(error ?? $"{imagePath} is not a Kiln disk image", "kiln build PROGRAM -o IMAGE makes one"), CliErrors.Failure);
            }

            return image;
        }

        private static string TypeName(KilnFsEntry entry) => (entry.Mode & 0xF000) switch
        {
            0x4000 => "directory",
            0x8000 => "file",
            0xA000 => "symlink",
            0x1000 => "fifo",
            0x2000 => "char-device",
            0x6000 => "block-device",
            0xC000 => "socket",
            _ => "unknown",
        };

        // One `ls -l`-style line: type and permissions, links, owner, group, size, time, name (and -> target).
        private static string Line(string name, KilnFsEntry entry)
        {
            StringBuilder line = new StringBuilder();
            line.Append((entry.Mode & 0xF000) switch { 0x4000 => 'd', 0xA000 => 'l', 0x1000 => 'p', 0x2000 => 'c', 0x6000 => 'b', 0xC000 => 's', _ => '-' });
            const string letters = "rwxrwxrwx";
            for (int bit = 0; bit < 9; bit++)
            {
                line.Append((entry.Mode & (0x100u >> bit)) != 0 ? letters[bit] : '-');
            }

            DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(entry.ModifyTime / 1_000_000);
            line.Append($" {entry.LinkCount,3} {entry.Uid,4} {entry.Gid,4} {entry.Size,10} {time:yyyy-MM-dd HH:mm} {name}");
            if (entry.SymlinkTarget != null)
            {
                line.Append(" -> ").Append(entry.SymlinkTarget);
            }

            return line.ToString();
        }
    }
}
