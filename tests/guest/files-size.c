/* files-size: sizes and durability. truncate/ftruncate (grow reads zeros, shrink drops data, a shrink then grow
 * does not bring old bytes back, EINVAL/EISDIR/EBADF/ENOENT cases), fallocate (mode 0 grows, KEEP_SIZE does not,
 * unsupported modes, EBADF/EINVAL/ESPIPE), fsync/fdatasync/sync/syncfs (EINVAL on a pipe, EBADF), statfs/fstatfs of
 * /tmp (a tmpfs), umask, chmod/fchmod/fchmodat, chown/fchown/lchown/fchownat to the same owner, and utimensat
 * (explicit times, UTIME_OMIT, UTIME_NOW, a symlink itself, bad nanoseconds). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/statfs.h>
#include <sys/time.h>

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int zeros(int fd, off_t offset, size_t length)
{
    char buffer[8192];
    if (length > sizeof buffer || pread(fd, buffer, length, offset) != (ssize_t)length)
    {
        return 0;
    }

    for (size_t i = 0; i < length; i++)
    {
        if (buffer[i] != 0)
        {
            return 0;
        }
    }

    return 1;
}

int main(void)
{
    enter_scratch("size");
    umask(0);

    int fd = open("f", O_CREAT | O_RDWR, 0666);
    char data[10000];
    memset(data, 'x', sizeof data);
    write(fd, data, sizeof data);
    check("ftruncate shrink to 5000", ftruncate(fd, 5000));
    printf("size=%ld\n", size_of("f"));
    check("ftruncate grow to 9000", ftruncate(fd, 9000));
    printf("size=%ld, grown part zero: %s, kept part: %s\n", size_of("f"), yes(zeros(fd, 5000, 4000)),
           yes(pread(fd, data, 1, 4999) == 1 && data[0] == 'x'));
    check("truncate to 100", truncate("f", 100));
    check("truncate to 8192", truncate("f", 8192));
    printf("size=%ld, old bytes stay gone: %s\n", size_of("f"), yes(zeros(fd, 100, 8092)));
    check("ftruncate negative", ftruncate(fd, -1));
    check("truncate negative", truncate("f", -1));
    check("truncate missing", truncate("missing", 0));
    mkdir("d", 0755);
    check("truncate dir", truncate("d", 0));
    int ro = open("f", O_RDONLY);
    check("ftruncate read-only fd", ftruncate(ro, 0));
    close(ro);
    check("ftruncate bad fd", ftruncate(999, 0));
    int pipefd[2];
    pipe(pipefd);
    check("ftruncate pipe", ftruncate(pipefd[1], 0));

    /* fallocate. */
    check("fallocate grow", fallocate(fd, 0, 8000, 4000));
    printf("size after fallocate=%ld\n", size_of("f"));
    check("fallocate KEEP_SIZE", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 100000));
    printf("size after KEEP_SIZE=%ld\n", size_of("f"));
    check("fallocate zero length", fallocate(fd, 0, 0, 0));
    check("fallocate negative offset", fallocate(fd, 0, -1, 10));
    check("fallocate pipe", fallocate(pipefd[1], 0, 0, 10));
    check("fallocate bad fd", fallocate(999, 0, 0, 10));
    ro = open("f", O_RDONLY);
    check("fallocate read-only fd", fallocate(ro, 0, 0, 10));
    close(ro);

    /* Syncing. */
    check("fsync", fsync(fd));
    check("fdatasync", fdatasync(fd));
    check("syncfs", syncfs(fd));
    sync();
    printf("sync: returned\n");
    check("fsync pipe", fsync(pipefd[0]));
    check("fsync bad fd", fsync(999));
    int dirfd = open("d", O_RDONLY | O_DIRECTORY);
    check("fsync dir", fsync(dirfd));
    close(dirfd);
    close(pipefd[0]);
    close(pipefd[1]);

    /* statfs: /tmp is a tmpfs here and in Kiln. */
    struct statfs sf, fsf;
    check("statfs /tmp", statfs("/tmp", &sf));
    printf("/tmp has a type and blocks: %s\n", yes(sf.f_type != 0 && sf.f_blocks > 0 && sf.f_bfree <= sf.f_blocks));
    check("fstatfs", fstatfs(fd, &fsf));
    printf("fstatfs agrees: %s namelen=%ld bsize>0: %s\n", yes(fsf.f_type == sf.f_type), (long)fsf.f_namelen, yes(fsf.f_bsize > 0));
    check("statfs missing", statfs("/missing-dir/x", &sf));

    /* Modes. */
    printf("umask was: %o\n", umask(027));
    printf("umask now: %o\n", umask(022));
    int g = open("g", O_CREAT | O_WRONLY, 0777);
    struct stat st;
    fstat(g, &st);
    printf("created with 0777 under 022: %o\n", st.st_mode & 07777);
    check("fchmod 0600", fchmod(g, 0600));
    fstat(g, &st);
    printf("mode after fchmod: %o\n", st.st_mode & 07777);
    check("chmod 04755", chmod("g", 04755));
    stat("g", &st);
    printf("mode after chmod: %o\n", st.st_mode & 07777);
    check("fchmodat", fchmodat(AT_FDCWD, "g", 0640, 0));
    stat("g", &st);
    printf("mode after fchmodat: %o\n", st.st_mode & 07777);
    check("chmod missing", chmod("missing", 0644));
    check("fchmod bad fd", fchmod(999, 0644));

    /* Owners: changing to the current owner works everywhere. */
    check("chown same", chown("g", getuid(), getgid()));
    check("fchown same", fchown(g, getuid(), getgid()));
    check("chown -1 -1", chown("g", (uid_t)-1, (gid_t)-1));
    symlink("g", "lg");
    check("lchown same", lchown("lg", getuid(), getgid()));
    check("fchownat nofollow", fchownat(AT_FDCWD, "lg", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
    check("fchownat bad flag", fchownat(AT_FDCWD, "lg", getuid(), getgid(), 0x4));
    check("chown missing", chown("missing", getuid(), getgid()));
    stat("g", &st);
    printf("owner unchanged: %s\n", yes(st.st_uid == getuid() && st.st_gid == getgid()));
    close(g);

    /* Times. */
    struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
    check("utimensat explicit", utimensat(AT_FDCWD, "g", times, 0));
    stat("g", &st);
    printf("atime=%ld.%09ld mtime=%ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
    check("utimensat omit atime", utimensat(AT_FDCWD, "g", omit, 0));
    stat("g", &st);
    printf("atime=%ld mtime=%ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
    struct timespec now_[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    check("utimensat now", utimensat(AT_FDCWD, "g", now_, 0));
    stat("g", &st);
    printf("mtime is recent: %s\n", yes(st.st_mtim.tv_sec > 1600000000));
    check("utimensat NULL", utimensat(AT_FDCWD, "g", NULL, 0));
    check("utimensat symlink itself", utimensat(AT_FDCWD, "lg", times, AT_SYMLINK_NOFOLLOW));
    struct stat ls, gs;
    lstat("lg", &ls);
    stat("g", &gs);
    printf("link mtime=%ld target unchanged: %s\n", (long)ls.st_mtim.tv_sec, yes(gs.st_mtim.tv_sec != 1234567890));
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    check("utimensat bad nsec", utimensat(AT_FDCWD, "g", bad, 0));
    check("utimensat missing", utimensat(AT_FDCWD, "missing", times, 0));
    check("futimens", futimens(fd, times));
    fstat(fd, &st);
    printf("futimens mtime=%ld\n", (long)st.st_mtim.tv_sec);
    close(fd);

    leave_scratch();
    return 0;
}
