/* Shared by the file-system guest programs (files, dirs, paths, links, sizes, locks, copies): errno names, a
 * result printer, and a scratch directory under /tmp named after the pid (so native runs never collide), made at
 * start and removed, with everything in it, at the end. Programs print only what is the same on every Linux run:
 * no inode numbers, times, device numbers or the directory's name. */
#ifndef FSGUEST_H
#define FSGUEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errno_name(int err)
{
    switch (err)
    {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOLCK: return "ENOLCK";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return "other";
    }
}

/* "what: rc=N" for success, "what: -1 ENAME" for failure. */
static void check(const char *what, long rc)
{
    if (rc == -1)
    {
        printf("%s: -1 %s\n", what, errno_name(errno));
    }
    else
    {
        printf("%s: rc=%ld\n", what, rc);
    }
}

static const char *yes(int condition) { return condition ? "yes" : "no"; }

static char fs_scratch[256];

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
    {
        return;
    }

    if (S_ISDIR(st.st_mode))
    {
        DIR *dir = opendir(path);
        if (dir != NULL)
        {
            struct dirent *entry;
            while ((entry = readdir(dir)) != NULL)
            {
                if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                {
                    continue;
                }

                char child[4096];
                snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
                remove_tree(child);
            }

            closedir(dir);
        }

        rmdir(path);
    }
    else
    {
        unlink(path);
    }
}

/* Makes /tmp/kiln-<name>-<pid> and enters it. */
static void enter_scratch(const char *name)
{
    snprintf(fs_scratch, sizeof fs_scratch, "/tmp/kiln-%s-%d", name, (int)getpid());
    remove_tree(fs_scratch);
    if (mkdir(fs_scratch, 0755) != 0 || chdir(fs_scratch) != 0)
    {
        printf("cannot make the scratch directory: %s\n", errno_name(errno));
        exit(1);
    }
}

/* Leaves and removes the scratch directory; says whether it is gone. */
static void leave_scratch(void)
{
    if (chdir("/") != 0)
    {
        printf("chdir / failed\n");
    }

    remove_tree(fs_scratch);
    struct stat st;
    printf("scratch removed: %s\n", yes(stat(fs_scratch, &st) != 0 && errno == ENOENT));
}

#endif
