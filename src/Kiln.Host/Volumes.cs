// Where volumes live on the host and how a run gets them: ~/.kiln/volumes/NAME.img ($KILN_HOME/volumes when set),
// created as an empty KilnFS disk labelled NAME the first time a run names it, attached as a virtio-blk disk after
// the root disk, and announced to the kernel by a manifest `mount` record.

using System;
using System.Collections.Generic;
using System.IO;
using Kiln.Host.Image;

namespace Kiln.Host
{
    /// <summary>Finds and creates volume images.</summary>
    public static class Volumes
    {
        /// <summary>Overrides ~/.kiln as kiln's own directory.</summary>
        public const string HomeVariable = "KILN_HOME";

        /// <summary>The directory holding volume images, from $KILN_HOME or the user's home.</summary>
        public static string Directory(string? kilnHome, string? userHome)
        {
            string home = !string.IsNullOrEmpty(kilnHome)
                ? kilnHome
                : Path.Combine(string.IsNullOrEmpty(userHome) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : userHome, ".kiln");
            return Path.Combine(home, "volumes");
        }

        /// <summary>The image file of the volume called <paramref name="name"/>.</summary>
        public static string ImagePath(string directory, string name) => Path.Combine(directory, name + ".img");

        /// <summary>
        /// The disks and manifest mount values for <paramref name="requests"/>, creating the images that do not exist:
        /// null with an error for two volumes of one name or on one path, or an image that cannot be made.
        /// </summary>
        public static IReadOnlyList<(QemuDisk Disk, string Mount)>? Prepare(IReadOnlyList<VolumeRequest> requests, string directory, out HostError? error)
        {
            error = null;
            List<(QemuDisk, string)> prepared = new List<(QemuDisk, string)>();
            HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string> paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (VolumeRequest request in requests)
            {
                if (!names.Add(request.Name))
                {
                    error = new HostError($"the volume '{request.Name}' is named twice", "mount each volume once");
                    return null;
                }

                if (!paths.Add(request.GuestPath))
                {
                    error = new HostError($"two volumes are mounted on {request.GuestPath}");
                    return null;
                }

                string image = ImagePath(directory, request.Name);
                if (!File.Exists(image))
                {
                    try
                    {
                        System.IO.Directory.CreateDirectory(directory);
                        string temporary = image + ".new";
                        KilnFsImageBuilder.CreateEmpty(temporary, request.Name, request.SizeBytes);
                        File.Move(temporary, image);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        error = new HostError($"cannot create the volume image {image}: {e.Message}", $"check that {directory} is writable, or set {HomeVariable}");
                        return null;
                    }
                }

                prepared.Add((new QemuDisk(image, ReadOnly: false, DiskBus.VirtioBlk), $"{request.Name}:{request.GuestPath}"));
            }

            return prepared;
        }
    }
}
