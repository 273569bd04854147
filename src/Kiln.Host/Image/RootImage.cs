// Writes the root disk of a run: every ImageContent entry at its guest path (directories, files with their host
// modification times, symlinks) plus the manifest at /kiln/manifest, as a KilnFS image labelled "root" with free space
// for the program to write to. The kernel mounts it as "/".

using System;
using System.IO;
using System.Text;

namespace Kiln.Host.Image
{
    /// <summary>Builds root disks.</summary>
    public static class RootImage
    {
        /// <summary>Free space a root disk gets by default: the image is sparse, so it costs nothing until the guest writes.</summary>
        public const long DefaultFreeBytes = 256L << 20;

        /// <summary>
        /// Writes the root disk for <paramref name="launch"/> and <paramref name="content"/> to <paramref name="imagePath"/>:
        /// null, or why it could not be written (a bad manifest value, a path the content uses twice, an unreadable file).
        /// </summary>
        public static HostError? Write(ProgramLaunch launch, ImageContent content, string imagePath, long freeBytes = DefaultFreeBytes)
        {
            byte[]? manifest = ManifestBuilder.Build(launch, out HostError? error);
            if (manifest == null)
            {
                return error;
            }

            KilnFsImageBuilder builder = new KilnFsImageBuilder(Kiln.Storage.KilnFsLayout.RootLabel);
            try
            {
                foreach (ImageEntry entry in content.Entries)
                {
                    if (!entry.Implied && (entry.GuestPath == "/kiln" || entry.GuestPath.StartsWith("/kiln/", StringComparison.Ordinal)))
                    {
                        return new HostError($"{entry.Origin} puts {entry.GuestPath} in the image, but /kiln is where kiln keeps the manifest", "choose another guest path");
                    }

                    switch (entry.Kind)
                    {
                        case ImageEntryKind.Directory:
                            builder.AddDirectory(entry.GuestPath, entry.Mode);
                            break;
                        case ImageEntryKind.Symlink:
                            builder.AddSymlink(entry.GuestPath, entry.LinkTarget!);
                            break;
                        default:
                            if (entry.Data != null)
                            {
                                builder.AddFile(entry.GuestPath, entry.Data, entry.Mode);
                            }
                            else
                            {
                                long modified = (File.GetLastWriteTimeUtc(entry.HostPath!).Ticks - DateTime.UnixEpoch.Ticks) * 100;
                                builder.AddFile(entry.GuestPath, entry.HostPath!, entry.Mode, modified);
                            }

                            break;
                    }
                }

                builder.AddDirectory("/kiln", 0x1ed);
                builder.AddFile(ManifestBuilder.GuestPath, manifest, 0x1a4);
                builder.Write(imagePath, freeBytes);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return new HostError($"cannot write the image {imagePath}: {e.Message}");
            }
        }
    }
}
