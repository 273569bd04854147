// Directories: getdents64, mkdir, mkdirat, rmdir, mknod, mknodat, and the working directory (chdir, fchdir, getcwd).
using System;
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class DirectoryCalls
    {
        private const int ListingBuffer = 4096;

        // getdents64(fd, buffer, count): records are built in a kernel page, then copied out.
        public static long Getdents64(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            if (!(file is InodeFile directory))
            {
                return -Errno.ENOTDIR;
            }

            ulong wanted = a.A2;
            int capacity = wanted < ListingBuffer ? (int)wanted : ListingBuffer;
            if (!UserMemory.Validate(a.A1, (ulong)capacity, Kiln.Memory.RegionProtection.Write))
            {
                return -Errno.EFAULT;
            }

            byte* buffer = (byte*)KernelHeap.TryAllocate(ListingBuffer);
            if (buffer == null)
            {
                return -Errno.ENOMEM;
            }

            long result = directory.ReadDirectory(buffer, capacity);
            if (result > 0 && !UserMemory.CopyToUser(a.A1, buffer, (ulong)result))
            {
                result = -Errno.EFAULT;
            }

            KernelHeap.Free(buffer, ListingBuffer);
            return result;
        }

        public static long Mkdir(ref SyscallArguments a) => MakeDirectory(PathArguments.AT_FDCWD, a.A0, (uint)a.A1);

        public static long Mkdirat(ref SyscallArguments a) => MakeDirectory((long)a.A0, a.A1, (uint)a.A2);

        public static long Rmdir(ref SyscallArguments a) => RemoveDirectory(PathArguments.AT_FDCWD, a.A0);

        public static long Mknod(ref SyscallArguments a) => MakeNode(PathArguments.AT_FDCWD, a.A0, (uint)a.A1, a.A2);

        public static long Mknodat(ref SyscallArguments a) => MakeNode((long)a.A0, a.A1, (uint)a.A2, a.A3);

        public static long Chdir(ref SyscallArguments a)
        {
            int error = PathArguments.Lookup(PathArguments.AT_FDCWD, a.A0, 0, PathWalk.FollowFinal | PathWalk.MustBeDirectory, out Inode directory);
            if (error < 0)
            {
                return error;
            }

            SetWorkingDirectory(directory);
            return 0;
        }

        public static long Fchdir(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            Inode directory = file.Inode;
            if (directory == null || !directory.IsDirectory)
            {
                return -Errno.ENOTDIR;
            }

            directory.Hold();
            SetWorkingDirectory(directory);
            return 0;
        }

        // getcwd(buffer, size): the length written, NUL included; ERANGE when it does not fit, ENOENT once the
        // working directory was removed.
        public static long Getcwd(ref SyscallArguments a)
        {
            byte* path = stackalloc byte[PathArguments.BufferSize];
            int length = WorkingDirectoryPath.Build(path, PathArguments.BufferSize);
            if (length < 0)
            {
                return length;
            }

            if ((ulong)length + 1 > a.A1)
            {
                return -Errno.ERANGE;
            }

            path[length] = 0;
            return UserMemory.CopyToUser(a.A0, path, (ulong)length + 1) ? length + 1 : -Errno.EFAULT;
        }

        private static void SetWorkingDirectory(Inode directory)
        {
            Inode previous = UserProcess.WorkingDirectory;
            UserProcess.WorkingDirectory = directory;
            previous?.Drop();
        }

        private static long MakeDirectory(long dirfd, ulong pathAddress, uint mode)
        {
            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, pathAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            if (target.NameIsSpecial)
            {
                error = (int)-Errno.EEXIST;
            }
            else
            {
                error = target.Writable;
                if (error == 0 && target.Parent.Lookup(target.Name, out Inode existing) == 0)
                {
                    existing.Drop();
                    error = (int)-Errno.EEXIST;
                }

                if (error == 0)
                {
                    error = target.Parent.MakeDirectory(target.Name, Inode.S_IFDIR | (mode & 0xFFF & ~UserProcess.Umask), out Inode created);
                    if (error == 0)
                    {
                        created.Drop();
                    }
                }
            }

            target.Release();
            return error;
        }

        private static long RemoveDirectory(long dirfd, ulong pathAddress)
        {
            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, pathAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            error = RemoveDirectory(ref target);
            target.Release();
            return error;
        }

        /// <summary>rmdir of a resolved name, with Linux's errors for ".", ".." and "/" (EINVAL, ENOTEMPTY, EBUSY).</summary>
        public static int RemoveDirectory(ref PathTarget target)
        {
            if (target.Name.Length == 0)
            {
                return (int)-Errno.EBUSY;
            }

            if (target.Name.Length == 1 && target.Name[0] == (byte)'.')
            {
                return (int)-Errno.EINVAL;
            }

            if (target.Name.Length == 2 && target.Name[0] == (byte)'.' && target.Name[1] == (byte)'.')
            {
                return (int)-Errno.ENOTEMPTY;
            }

            int error = target.Writable;
            return error < 0 ? error : target.Parent.RemoveDirectory(target.Name);
        }

        // mknod(path, mode, dev): regular files, FIFOs, sockets and device nodes (type 0 means a regular file).
        private static long MakeNode(long dirfd, ulong pathAddress, uint mode, ulong device)
        {
            uint type = mode & Inode.S_IFMT;
            if (type == 0)
            {
                mode |= Inode.S_IFREG;
                type = Inode.S_IFREG;
            }

            if (type == Inode.S_IFDIR || type == Inode.S_IFLNK)
            {
                return type == Inode.S_IFDIR ? -Errno.EPERM : -Errno.EINVAL;
            }

            if (type != Inode.S_IFREG && type != Inode.S_IFIFO && type != Inode.S_IFSOCK && type != Inode.S_IFCHR && type != Inode.S_IFBLK)
            {
                return -Errno.EINVAL;
            }

            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, pathAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            if (target.NameIsSpecial || target.TrailingSlash)
            {
                error = (int)-Errno.EEXIST;
            }
            else
            {
                error = target.Writable;
                if (error == 0)
                {
                    uint permissions = mode & 0xFFF & ~UserProcess.Umask;
                    ulong rdev = type == Inode.S_IFCHR || type == Inode.S_IFBLK ? device : 0;
                    error = target.Parent.Create(target.Name, type | permissions, rdev, out Inode created);
                    if (error == 0)
                    {
                        created.Drop();
                    }
                }
            }

            target.Release();
            return error;
        }
    }
}
