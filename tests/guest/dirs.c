/* dirs: directories on tmpfs. mkdir/mkdirat (umask applied, EEXIST, ENOENT, ENOTDIR), rmdir (ENOTEMPTY, ENOTDIR,
 * EINVAL for ".", EBUSY for "/"), getdents64 through readdir (sorted names and types, "." and "..", a listing that
 * survives removals while it runs, small buffers: EINVAL), link counts of directories, chdir/fchdir/getcwd (ERANGE,
 * a removed working directory: ENOENT), and the root's own entries (tmp exists, ".." of "/" is "/"). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/syscall.h>

struct linux_dirent64
{
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path)
{
    DIR *dir = opendir(path);
    if (dir == NULL)
    {
        printf("opendir %s: %s\n", path, errno_name(errno));
        return;
    }

    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 64)
    {
        char line[300];
        const char *type = entry->d_type == DT_DIR ? "dir" : entry->d_type == DT_REG ? "file" : entry->d_type == DT_LNK ? "link" : "other";
        snprintf(line, sizeof line, "%s(%s)", entry->d_name, type);
        names[count++] = strdup(line);
    }

    closedir(dir);
    qsort(names, (size_t)count, sizeof names[0], compare);
    printf("%s:", path);
    for (int i = 0; i < count; i++)
    {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static long nlink(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_nlink : -1;
}

int main(void)
{
    umask(022);
    enter_scratch("dirs");

    check("mkdir a", mkdir("a", 0777));
    struct stat st;
    stat("a", &st);
    printf("a is dir: %s mode=%o nlink=%ld\n", yes(S_ISDIR(st.st_mode)), st.st_mode & 07777, (long)st.st_nlink);
    check("mkdir a again", mkdir("a", 0777));
    check("mkdir a/b/c (no b)", mkdir("a/b/c", 0777));
    check("mkdir a/b", mkdir("a/b", 0700));
    check("mkdir a/b/ (trailing slash)", mkdir("a/c/", 0700));
    check("mkdir .", mkdir(".", 0777));
    check("mkdir ..", mkdir("a/..", 0777));
    int fd = open("file", O_CREAT | O_WRONLY, 0644);
    close(fd);
    check("mkdir file/x", mkdir("file/x", 0777));
    check("mkdir existing file", mkdir("file", 0777));
    printf("nlink a with 2 subdirs: %ld\n", nlink("a"));

    int dirfd = open("a", O_RDONLY | O_DIRECTORY);
    check("mkdirat a/d", mkdirat(dirfd, "d", 0755));
    check("mkdirat bad fd", mkdirat(12345, "d", 0755));
    close(dirfd);
    printf("nlink a with 3 subdirs: %ld\n", nlink("a"));

    for (int i = 0; i < 5; i++)
    {
        char name[32];
        snprintf(name, sizeof name, "a/f%d", i);
        close(open(name, O_CREAT | O_WRONLY, 0600));
    }
    symlink("f0", "a/l0");
    list("a");
    list("a/b");

    /* A listing keeps going while entries are removed under it: every name is seen at most once. */
    DIR *dir = opendir("a");
    int seen = 0, removed = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        seen++;
        if (entry->d_name[0] == 'f')
        {
            char name[300];
            snprintf(name, sizeof name, "a/%s", entry->d_name);
            removed += unlink(name) == 0;
        }
    }
    closedir(dir);
    printf("listing while removing: seen=%d removed=%d\n", seen, removed);
    list("a");

    /* getdents64 directly: a buffer too small for one entry is EINVAL; a big one ends with 0. */
    dirfd = open("a", O_RDONLY | O_DIRECTORY);
    char small[8];
    check("getdents64 tiny buffer", syscall(SYS_getdents64, dirfd, small, sizeof small));
    char big[4096];
    long total = 0, n;
    int entries = 0;
    while ((n = syscall(SYS_getdents64, dirfd, big, sizeof big)) > 0)
    {
        for (long offset = 0; offset < n;)
        {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(big + offset);
            entries++;
            offset += d->d_reclen;
        }
        total += n;
    }
    printf("getdents64 entries=%d end=%ld\n", entries, n);
    check("lseek dir to 0", lseek(dirfd, 0, SEEK_SET));
    n = syscall(SYS_getdents64, dirfd, big, sizeof big);
    printf("after rewind same bytes: %s\n", yes(n == total));
    check("getdents64 on a file", syscall(SYS_getdents64, (fd = open("file", O_RDONLY)), big, sizeof big));
    close(fd);
    check("getdents64 bad fd", syscall(SYS_getdents64, 999, big, sizeof big));
    close(dirfd);

    /* rmdir. */
    check("rmdir non-empty a", rmdir("a"));
    check("rmdir file", rmdir("file"));
    check("rmdir missing", rmdir("missing"));
    check("rmdir a/b/.", rmdir("a/b/."));
    check("rmdir a/b/..", rmdir("a/b/.."));
    check("rmdir /", rmdir("/"));
    check("unlink a dir", unlink("a/b"));
    check("unlinkat AT_REMOVEDIR a/b", unlinkat(AT_FDCWD, "a/b", AT_REMOVEDIR));
    check("unlinkat bad flag", unlinkat(AT_FDCWD, "a/c", 0x1));
    check("rmdir a/c/", rmdir("a/c/"));
    printf("nlink a with 1 subdir: %ld\n", nlink("a"));

    /* The working directory. */
    char cwd[4096];
    check("chdir a/d", chdir("a/d"));
    char *got = getcwd(cwd, sizeof cwd);
    size_t scratch_length = strlen(fs_scratch);
    printf("getcwd ends with /a/d: %s under scratch: %s\n", yes(got && strcmp(cwd + strlen(cwd) - 4, "/a/d") == 0),
           yes(got && strncmp(cwd, fs_scratch, scratch_length) == 0));
    check("getcwd syscall too small", syscall(SYS_getcwd, cwd, 3));
    check("chdir ..", chdir(".."));
    check("chdir file", chdir("../file"));
    check("chdir missing", chdir("missing"));
    fd = open("d", O_RDONLY | O_DIRECTORY);
    check("fchdir d", fchdir(fd));
    close(fd);
    fd = open("../../file", O_RDONLY);
    check("fchdir file", fchdir(fd));
    close(fd);
    check("fchdir bad fd", fchdir(999));
    /* Remove the directory we are in: getcwd fails, relative lookups fail, ".." is gone. */
    check("rmdir cwd", rmdir("../d"));
    check("getcwd removed", getcwd(cwd, sizeof cwd) == NULL ? -1 : 0);
    check("create in removed cwd", open("x", O_CREAT | O_WRONLY, 0644));
    check("stat . in removed cwd", stat(".", &st));
    check("chdir absolute", chdir(fs_scratch));
    got = getcwd(cwd, sizeof cwd);
    printf("getcwd back at scratch: %s\n", yes(got && strcmp(cwd, fs_scratch) == 0));

    /* The root. */
    check("stat /tmp is dir", stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1);
    struct stat root, rootparent;
    stat("/", &root);
    stat("/..", &rootparent);
    printf("/.. is /: %s\n", yes(root.st_ino == rootparent.st_ino && root.st_dev == rootparent.st_dev));
    struct stat tmpparent;
    stat("/tmp/..", &tmpparent);
    printf("/tmp/.. is /: %s\n", yes(root.st_ino == tmpparent.st_ino && root.st_dev == tmpparent.st_dev));
    check("chdir /", chdir("/"));
    got = getcwd(cwd, sizeof cwd);
    printf("getcwd at root: %s\n", got ? cwd : "(null)");

    /* Many entries in one directory. */
    chdir(fs_scratch);
    mkdir("many", 0755);
    for (int i = 0; i < 300; i++)
    {
        char name[64];
        snprintf(name, sizeof name, "many/entry-%03d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    dir = opendir("many");
    int count = 0;
    while ((entry = readdir(dir)) != NULL)
    {
        count++;
    }
    closedir(dir);
    printf("many: %d entries\n", count);

    leave_scratch();
    return 0;
}
