// A character device node of /dev: its st_rdev (major:minor as Linux numbers them, devices.txt) and what opening it
// gives: a MemoryDevice for null, zero, full, random and urandom, the console file for console and tty.
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Dev
{
    internal sealed class DeviceNode : PseudoInode
    {
        public const uint MemoryMajor = 1;
        public const uint NullMinor = 3;
        public const uint ZeroMinor = 5;
        public const uint FullMinor = 7;
        public const uint RandomMinor = 8;
        public const uint URandomMinor = 9;
        public const uint TtyMajor = 5;
        public const uint TtyMinor = 0;
        public const uint ConsoleMinor = 1;

        public static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context)
        {
            DeviceNode node = new DeviceNode();
            node.Initialize(parent, entry, context, entry.Mode, entry.InodeNumber(context));
            node.DeviceNumber = entry.DeviceNumber;
            return node;
        }

        private uint Major => (uint)(DeviceNumber >> 8);

        private uint Minor => (uint)(DeviceNumber & 0xFF);

        public override OpenFile Open(int flags, out int error)
        {
            error = 0;
            if (Major == TtyMajor)
            {
                // The program's terminal is the console that carries fds 0-2: the same open file description.
                ConsoleFile console = ConsoleFiles.Get(1);
                console.AddReference();
                return console;
            }

            MemoryDevice device = MemoryDevice.Open(this, Minor, flags);
            if (device == null)
            {
                error = (int)-Errno.ENXIO;
            }

            return device;
        }
    }
}
