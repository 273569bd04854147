// Moving bytes between a regular file's page cache and user buffers: reads stop at the end of the file, writes fill
// pages in (reading what was there first) and grow the file. Used by InodeFile and by sendfile/copy_file_range.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal static unsafe class FileContents
    {
        /// <summary>The largest file the page cache can hold (512 GiB).</summary>
        public const long MaxSize = 1L << 39;

        /// <summary>Reads from <paramref name="offset"/> into the buffers of <paramref name="io"/>: bytes read, 0 at the end, or -errno.</summary>
        public static long Read(Inode inode, ref UserIo io, long offset)
        {
            if (!inode.IsRegular || inode.Pages == null)
            {
                return -Errno.EINVAL;
            }

            while (io.Remaining > 0 && offset < inode.Size)
            {
                ulong index = (ulong)offset / Layout.PageSize;
                ulong within = (ulong)offset % Layout.PageSize;
                ulong frame = inode.Pages.Get(inode, index, out int error);
                if (frame == 0)
                {
                    return io.Result(error);
                }

                ulong length = Layout.PageSize - within;
                if ((long)length > inode.Size - offset)
                {
                    length = (ulong)(inode.Size - offset);
                }

                ulong copied = io.CopyOut((byte*)Layout.ToVirtual(frame) + within, length);
                offset += (long)copied;
                if (copied < length)
                {
                    break;
                }
            }

            return io.Result(0);
        }

        /// <summary>Writes the buffers of <paramref name="io"/> at <paramref name="offset"/>: bytes written or -errno (EFBIG past 512 GiB).</summary>
        public static long Write(Inode inode, ref UserIo io, long offset)
        {
            if (!inode.IsRegular || inode.Pages == null)
            {
                return -Errno.EINVAL;
            }

            if (inode.FileSystem.ReadOnly)
            {
                return -Errno.EROFS;
            }

            if (io.Remaining > 0 && offset >= MaxSize)
            {
                return -Errno.EFBIG;
            }

            while (io.Remaining > 0 && offset < MaxSize)
            {
                ulong index = (ulong)offset / Layout.PageSize;
                ulong within = (ulong)offset % Layout.PageSize;
                ulong frame = inode.Pages.Get(inode, index, out int error);
                if (frame == 0)
                {
                    return Finish(inode, ref io, error == (int)-Errno.ENOMEM ? (int)-Errno.ENOSPC : error);
                }

                ulong length = Layout.PageSize - within;
                ulong copied = io.CopyIn((byte*)Layout.ToVirtual(frame) + within, length);
                if (copied > 0)
                {
                    inode.Pages.MarkDirty(index);
                    offset += (long)copied;
                    if (offset > inode.Size)
                    {
                        inode.Size = offset;
                    }
                }

                if (copied < length)
                {
                    break;
                }
            }

            return Finish(inode, ref io, 0);
        }

        private static long Finish(Inode inode, ref UserIo io, int error)
        {
            if (io.Done > 0)
            {
                FileTimes.Modified(inode);
            }

            return io.Result(error);
        }
    }
}
