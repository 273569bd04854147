// Copying between descriptors inside the kernel: sendfile (from a regular file to anything writable: pipes, the
// console, files) and copy_file_range (between regular files). Data moves through one kernel page at a time and
// the usual Read/Write of each file, so partial transfers, blocking and errors behave as for read and write.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class CopyCalls
    {
        private const int ChunkSize = 4096;

        // sendfile(out_fd, in_fd, offset*, count)
        public static long Sendfile(ref SyscallArguments a)
        {
            OpenFile output = FileTable.Current.Acquire((uint)a.A0);
            OpenFile input = FileTable.Current.Acquire((uint)a.A1);
            long result = SendfileBetween(output, input, a.A2, a.A3);
            output?.Drop();
            input?.Drop();
            return result;
        }

        // copy_file_range(fd_in, off_in*, fd_out, off_out*, len, flags)
        public static long CopyFileRange(ref SyscallArguments a)
        {
            if (a.A5 != 0)
            {
                return -Errno.EINVAL;
            }

            OpenFile input = FileTable.Current.Acquire((uint)a.A0);
            OpenFile output = FileTable.Current.Acquire((uint)a.A2);
            long result = CopyRange(input, a.A1, output, a.A3, a.A4);
            output?.Drop();
            input?.Drop();
            return result;
        }

        private static long SendfileBetween(OpenFile output, OpenFile input, ulong offsetAddress, ulong count)
        {
            if (output == null || input == null || !input.CanRead || !output.CanWrite || IsPath(input) || IsPath(output))
            {
                return -Errno.EBADF;
            }

            // The input must be a file with pages (Linux: one that can be mmapped).
            if (input.Inode == null || !input.Inode.IsRegular || !(input is InodeFile source))
            {
                return -Errno.EINVAL;
            }

            if ((output.StatusFlags & OpenFlags.O_APPEND) != 0 && output is InodeFile)
            {
                return -Errno.EINVAL;
            }

            long offset = source.Position;
            if (offsetAddress != 0)
            {
                if (!UserMemory.Read(offsetAddress, out offset))
                {
                    return -Errno.EFAULT;
                }

                if (offset < 0)
                {
                    return -Errno.EINVAL;
                }
            }

            long moved = Move(input.Inode, ref offset, count, output, -1);
            if (moved > 0 || offsetAddress != 0)
            {
                if (offsetAddress != 0)
                {
                    if (!UserMemory.Write(offsetAddress, offset))
                    {
                        return -Errno.EFAULT;
                    }
                }
                else
                {
                    source.Seek(offset, InodeFile.SEEK_SET);
                }
            }

            return moved;
        }

        private static long CopyRange(OpenFile input, ulong inAddress, OpenFile output, ulong outAddress, ulong count)
        {
            if (input == null || output == null || !input.CanRead || !output.CanWrite || IsPath(input) || IsPath(output))
            {
                return -Errno.EBADF;
            }

            Inode from = input.Inode;
            Inode to = output.Inode;
            if (from == null || to == null)
            {
                return -Errno.EINVAL;
            }

            if (from.IsDirectory || to.IsDirectory)
            {
                return -Errno.EISDIR;
            }

            if (!from.IsRegular || !to.IsRegular)
            {
                return -Errno.EINVAL;
            }

            if ((output.StatusFlags & OpenFlags.O_APPEND) != 0)
            {
                return -Errno.EBADF;
            }

            InodeFile source = (InodeFile)input;
            InodeFile target = (InodeFile)output;
            long inOffset = source.Position;
            long outOffset = target.Position;
            if ((inAddress != 0 && !UserMemory.Read(inAddress, out inOffset)) || (outAddress != 0 && !UserMemory.Read(outAddress, out outOffset)))
            {
                return -Errno.EFAULT;
            }

            if (inOffset < 0 || outOffset < 0)
            {
                return -Errno.EINVAL;
            }

            // Overlapping ranges of one file are refused (copy_file_range(2)).
            if (from == to && inOffset < outOffset + (long)count && outOffset < inOffset + (long)count)
            {
                return -Errno.EINVAL;
            }

            long moved = Move(from, ref inOffset, count, output, outOffset);
            if (moved > 0)
            {
                outOffset += moved;
                bool ok = inAddress != 0 ? UserMemory.Write(inAddress, inOffset) : source.Seek(inOffset, InodeFile.SEEK_SET) >= 0;
                ok &= outAddress != 0 ? UserMemory.Write(outAddress, outOffset) : target.Seek(outOffset, InodeFile.SEEK_SET) >= 0;
                if (!ok)
                {
                    return -Errno.EFAULT;
                }
            }

            return moved;
        }

        // Reads `from` at `offset` and writes to `output` (at `outOffset`, or its own position when -1), a page at a
        // time; stops at the end of the input, a short write or an error. Bytes moved, or -errno when none moved.
        private static long Move(Inode from, ref long offset, ulong count, OpenFile output, long outOffset)
        {
            if (count > UserIo.MaxTransfer)
            {
                count = UserIo.MaxTransfer;
            }

            byte* chunk = (byte*)KernelHeap.TryAllocate(ChunkSize);
            if (chunk == null)
            {
                return -Errno.ENOMEM;
            }

            long total = 0;
            long error = 0;
            while ((ulong)total < count)
            {
                IoSegment segment;
                segment.Base = (ulong)chunk;
                segment.Length = count - (ulong)total < ChunkSize ? count - (ulong)total : ChunkSize;
                UserIo reading = UserIo.OverKernel(&segment, 1);
                long read = FileContents.Read(from, ref reading, offset);
                if (read <= 0)
                {
                    error = read;
                    break;
                }

                segment.Length = (ulong)read;
                UserIo writing = UserIo.OverKernel(&segment, 1);
                long written = outOffset >= 0 ? output.WriteAt(ref writing, outOffset + total) : output.Write(ref writing);
                if (written <= 0)
                {
                    error = written;
                    break;
                }

                total += written;
                offset += written;
                if (written < read)
                {
                    break;
                }
            }

            KernelHeap.Free(chunk, ChunkSize);
            return total > 0 ? total : error;
        }

        private static bool IsPath(OpenFile file) => file is InodeFile inodeFile && inodeFile.IsPathOnly;
    }
}
