// Who asked for an entry, which decides what happens when two sources put different things at one guest path:
// the higher priority wins, and between equals the later one wins.

namespace Kiln.Host.Image
{
    /// <summary>The precedence of an entry's source.</summary>
    public enum ContentPriority
    {
        /// <summary>A default kiln writes when the host has none (e.g. /etc/hosts).</summary>
        Generated = 0,

        /// <summary>Found by kiln: the program, its interpreter and libraries, the host's /etc files, a runtime's library.</summary>
        System = 1,

        /// <summary>Asked for by the user: --file, --dir, --mapdir, the config's Files/Dirs/MapDirs, a script argument.</summary>
        User = 2,
    }
}
