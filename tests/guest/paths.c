/* paths: path resolution and symlinks. ".", ".." and repeated slashes, trailing slashes (ENOTDIR), symlinks in the
 * middle and at the end of a path, relative and absolute targets, O_NOFOLLOW (ELOOP), lstat against stat,
 * readlink/readlinkat (truncation, EINVAL on a non-link, an O_PATH descriptor with an empty path), symlink loops
 * and the 40-link limit (ELOOP), dangling links (ENOENT), long names (ENAMETOOLONG), access/faccessat, AT_EMPTY_PATH
 * and AT_SYMLINK_NOFOLLOW with fstatat and statx, and O_PATH descriptors (EBADF for I/O, fstat allowed). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/syscall.h>

/* struct statx as the kernel lays it out (linux/stat.h); declared here because musl has no statx wrapper. */
struct kstatx_time
{
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};

struct kstatx
{
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct kstatx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};

#define KSTATX_BASIC_STATS 0x7ffu

static long kstatx(int dirfd, const char *path, int flags, unsigned mask, struct kstatx *buffer)
{
    return syscall(SYS_statx, dirfd, path, flags, mask, buffer);
}

static void show_readlink(const char *path, size_t size)
{
    char buffer[256];
    memset(buffer, 0, sizeof buffer);
    ssize_t n = readlink(path, buffer, size);
    if (n < 0)
    {
        printf("readlink %s: -1 %s\n", path, errno_name(errno));
    }
    else
    {
        printf("readlink %s (size %zu): %zd '%.*s'\n", path, size, n, (int)n, buffer);
    }
}

static const char *kind(const char *path, int follow)
{
    struct stat st;
    int rc = follow ? stat(path, &st) : lstat(path, &st);
    if (rc != 0)
    {
        return errno_name(errno);
    }

    return S_ISLNK(st.st_mode) ? "link" : S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other";
}

int main(void)
{
    umask(022);
    enter_scratch("paths");
    mkdir("dir", 0755);
    mkdir("dir/sub", 0755);
    int fd = open("dir/sub/file", O_CREAT | O_WRONLY, 0644);
    write(fd, "payload\n", 8);
    close(fd);

    /* Plain resolution. */
    printf("dir//sub///file: %s\n", kind("dir//sub///file", 1));
    printf("./dir/./sub/../sub/file: %s\n", kind("./dir/./sub/../sub/file", 1));
    printf("dir/sub/file/: %s\n", kind("dir/sub/file/", 1));
    printf("dir/sub/file/.: %s\n", kind("dir/sub/file/.", 1));
    printf("dir/sub/: %s\n", kind("dir/sub/", 1));
    printf("dir/missing/..: %s\n", kind("dir/missing/..", 1));
    printf("empty path: %s\n", kind("", 1));

    /* Symlinks. */
    check("symlink rel", symlink("dir/sub", "rel"));
    check("symlink abs", symlink(fs_scratch, "abs"));
    check("symlink to file", symlink("sub/file", "dir/tofile"));
    check("symlink dangling", symlink("nowhere", "dangling"));
    check("symlink loop a", symlink("loopb", "loopa"));
    check("symlink loop b", symlink("loopa", "loopb"));
    check("symlink self", symlink("self", "self"));
    check("symlink empty target", symlink("", "emptytarget"));
    check("symlink over existing", symlink("x", "rel"));
    check("symlink into missing dir", symlink("x", "nodir/x"));
    printf("rel stat=%s lstat=%s\n", kind("rel", 1), kind("rel", 0));
    printf("rel/file: %s\n", kind("rel/file", 0));
    printf("abs/dir/tofile stat=%s lstat=%s\n", kind("abs/dir/tofile", 1), kind("abs/dir/tofile", 0));
    printf("rel/../sub/file: %s\n", kind("rel/../sub/file", 1));
    printf("dangling stat=%s lstat=%s\n", kind("dangling", 1), kind("dangling", 0));
    printf("dangling/: %s\n", kind("dangling/", 0));
    printf("loopa: %s\n", kind("loopa", 1));
    printf("loopa lstat: %s\n", kind("loopa", 0));
    printf("self/x: %s\n", kind("self/x", 0));
    printf("dir/tofile/: %s\n", kind("dir/tofile/", 0));
    printf("rel/ lstat: %s\n", kind("rel/", 0));

    /* A chain of 40 links resolves; 41 is ELOOP. */
    symlink("dir/sub/file", "chain0");
    for (int i = 1; i <= 41; i++)
    {
        char name[32], target[32];
        snprintf(name, sizeof name, "chain%d", i);
        snprintf(target, sizeof target, "chain%d", i - 1);
        symlink(target, name);
    }
    printf("chain39: %s chain40: %s\n", kind("chain39", 1), kind("chain40", 1));

    /* readlink. */
    show_readlink("rel", 100);
    show_readlink("rel", 3);
    show_readlink("dir/tofile", 100);
    show_readlink("dir", 100);
    show_readlink("missing", 100);
    show_readlink("rel/", 100);
    check("readlink size 0", readlink("rel", (char[4]){0}, 0));
    int dirfd = open("dir", O_RDONLY | O_DIRECTORY);
    char buffer[256] = {0};
    check("readlinkat dirfd tofile", readlinkat(dirfd, "tofile", buffer, sizeof buffer));
    printf("readlinkat text: %s\n", buffer);

    /* O_NOFOLLOW and O_PATH. */
    check("open link O_NOFOLLOW", open("dir/tofile", O_RDONLY | O_NOFOLLOW));
    check("open link/ O_NOFOLLOW dir", (fd = open("rel/", O_RDONLY | O_NOFOLLOW | O_DIRECTORY)) >= 0 ? 0 : -1);
    close(fd);
    check("open through link", (fd = open("dir/tofile", O_RDONLY)) >= 0 ? 0 : -1);
    close(fd);
    int pathfd = open("dir/tofile", O_PATH | O_NOFOLLOW);
    check("open O_PATH|O_NOFOLLOW link", pathfd >= 0 ? 0 : -1);
    memset(buffer, 0, sizeof buffer);
    check("readlinkat O_PATH empty path", readlinkat(pathfd, "", buffer, sizeof buffer));
    printf("readlinkat O_PATH text: %s\n", buffer);
    struct stat st;
    check("fstatat AT_EMPTY_PATH on O_PATH link", fstatat(pathfd, "", &st, AT_EMPTY_PATH));
    printf("O_PATH link is a link: %s\n", yes(S_ISLNK(st.st_mode)));
    close(pathfd);
    pathfd = open("dir/sub/file", O_PATH);
    check("read O_PATH", read(pathfd, buffer, 1));
    check("write O_PATH", write(pathfd, "x", 1));
    check("fstat O_PATH", fstat(pathfd, &st));
    printf("O_PATH fstat size: %ld\n", (long)st.st_size);
    /* Raw calls: musl retries fchmod through /proc/self/fd when the kernel says EBADF. */
    check("fchmod O_PATH", syscall(SYS_fchmod, pathfd, 0600));
    check("fsync O_PATH", syscall(SYS_fsync, pathfd));
    check("openat O_PATH file as dirfd", openat(pathfd, "x", O_RDONLY));
    close(pathfd);
    int pathdir = open("dir", O_PATH | O_DIRECTORY);
    check("openat O_PATH dir as dirfd", (fd = openat(pathdir, "sub/file", O_RDONLY)) >= 0 ? 0 : -1);
    close(fd);
    check("fchdir O_PATH dir", fchdir(pathdir));
    printf("relative after fchdir: %s\n", kind("sub/file", 1));
    chdir(fs_scratch);
    close(pathdir);

    /* fstatat and statx flags. */
    check("fstatat dirfd tofile follow", fstatat(dirfd, "tofile", &st, 0));
    printf("follow gives file: %s\n", yes(S_ISREG(st.st_mode)));
    check("fstatat dirfd tofile nofollow", fstatat(dirfd, "tofile", &st, AT_SYMLINK_NOFOLLOW));
    printf("nofollow gives link: %s size=%ld\n", yes(S_ISLNK(st.st_mode)), (long)st.st_size);
    check("fstatat bad flag", fstatat(dirfd, "tofile", &st, 0x4));
    check("fstatat empty path without flag", fstatat(dirfd, "", &st, 0));
    check("fstatat AT_EMPTY_PATH dir", fstatat(dirfd, "", &st, AT_EMPTY_PATH));
    printf("AT_EMPTY_PATH gives dir: %s\n", yes(S_ISDIR(st.st_mode)));
    struct kstatx sx;
    check("statx file", kstatx(AT_FDCWD, "dir/sub/file", 0, KSTATX_BASIC_STATS, &sx));
    printf("statx: mask has basic=%s size=%llu nlink=%u mode=%o reg=%s\n", yes((sx.stx_mask & KSTATX_BASIC_STATS) == KSTATX_BASIC_STATS),
           (unsigned long long)sx.stx_size, sx.stx_nlink, sx.stx_mode & 07777, yes(S_ISREG(sx.stx_mode)));
    struct stat same;
    stat("dir/sub/file", &same);
    printf("statx agrees with stat: %s\n", yes(sx.stx_ino == same.st_ino && sx.stx_blksize == (unsigned)same.st_blksize &&
                                               sx.stx_mtime.tv_sec == same.st_mtim.tv_sec && sx.stx_mtime.tv_nsec == (unsigned)same.st_mtim.tv_nsec));
    check("statx nofollow link", kstatx(dirfd, "tofile", AT_SYMLINK_NOFOLLOW, KSTATX_BASIC_STATS, &sx));
    printf("statx link: %s\n", yes(S_ISLNK(sx.stx_mode)));
    check("statx missing", kstatx(AT_FDCWD, "missing", 0, KSTATX_BASIC_STATS, &sx));
    check("statx bad flags", kstatx(AT_FDCWD, "dir", 0x40000000, KSTATX_BASIC_STATS, &sx));
    close(dirfd);

    /* access. */
    check("access F_OK", access("dir/sub/file", F_OK));
    check("access R_OK|W_OK", access("dir/sub/file", R_OK | W_OK));
    check("access X_OK on 0644 file", access("dir/sub/file", X_OK));
    check("access X_OK on dir", access("dir", X_OK));
    check("access missing", access("missing", F_OK));
    check("access dangling", access("dangling", F_OK));
    check("access bad mode", access("dir", 8));
    chmod("dir/sub/file", 0755);
    check("access X_OK after chmod", access("dir/sub/file", X_OK));
    check("faccessat nofollow dangling", faccessat(AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    check("faccessat2 syscall", syscall(SYS_faccessat2, AT_FDCWD, "dir", R_OK, AT_EACCESS));

    /* Name lengths. */
    char name[300];
    memset(name, 'n', 255);
    name[255] = 0;
    check("create 255-byte name", (fd = open(name, O_CREAT | O_WRONLY, 0644)) >= 0 ? 0 : -1);
    close(fd);
    name[255] = 'n';
    name[256] = 0;
    check("create 256-byte name", open(name, O_CREAT | O_WRONLY, 0644));
    static char longpath[5000];
    memset(longpath, '/', sizeof longpath - 1);
    check("stat 4999-byte path", stat(longpath, &st));
    longpath[4094] = 0;
    check("stat 4094 slashes", stat(longpath, &st));

    leave_scratch();
    return 0;
}
