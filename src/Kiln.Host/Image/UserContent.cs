// What the user asked to put in the image besides the program: host files and trees at their own paths, and host
// trees at other guest paths. Origin says where each was asked for ("--file", "config.json Files").

using System.Collections.Generic;

namespace Kiln.Host.Image
{
    /// <summary>A host path the user asked for, and where they asked.</summary>
    public sealed record UserPath(string HostPath, string Origin);

    /// <summary>A host directory the user mapped to another guest path.</summary>
    public sealed record UserMapping(string HostPath, string GuestPath, string Origin);

    /// <summary>The user's additions to an image.</summary>
    /// <param name="Files">Host files, each at the same guest path.</param>
    /// <param name="Directories">Host directory trees, each at the same guest path.</param>
    /// <param name="Mappings">Host directory trees at other guest paths.</param>
    public sealed record UserContent(IReadOnlyList<UserPath> Files, IReadOnlyList<UserPath> Directories, IReadOnlyList<UserMapping> Mappings)
    {
        /// <summary>Nothing added.</summary>
        public static readonly UserContent None = new UserContent(new List<UserPath>(), new List<UserPath>(), new List<UserMapping>());
    }
}
