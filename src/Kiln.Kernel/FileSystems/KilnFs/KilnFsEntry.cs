// One name in a KilnFS directory: the name's bytes, the inode it refers to, and its listing cookie (getdents position).
namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal struct KilnFsEntry
    {
        public byte[] Name;
        public KilnFsInode Child;
        public long Cookie;
    }
}
