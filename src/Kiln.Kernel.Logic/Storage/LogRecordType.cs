// The kinds of KilnFS log records (docs/filesystem.md, "Records").
namespace Kiln.Storage
{
    public enum LogRecordType : ushort
    {
        Inode = 1,
        Link = 2,
        Unlink = 3,
        Extent = 4,
        Truncate = 5,
        FreeInode = 6,
        Symlink = 7,
        Commit = 8,
    }
}
