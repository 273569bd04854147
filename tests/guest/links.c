/* links: hard links and renames. link/linkat (link counts, EEXIST, EPERM on a directory, a link to a symlink itself
 * and AT_SYMLINK_FOLLOW, ENOENT for a missing source), unlink dropping counts, rename/renameat/renameat2 of files
 * and directories (over files, over empty and non-empty directories, into its own subdirectory, onto itself, through
 * hard links of one file, trailing slashes, RENAME_NOREPLACE, RENAME_EXCHANGE, bad flags), directory link counts
 * after moves, and EXDEV between /tmp and the root file system. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdio.h>
#include <sys/syscall.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static long nlink(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? (long)st.st_nlink : -1;
}

static void content(const char *path)
{
    char buffer[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0)
    {
        printf("%s: %s\n", path, errno_name(errno));
        return;
    }

    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("%s: '%.*s'\n", path, (int)(n > 0 ? n : 0), buffer);
}

static void make(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static long renameat2_(int olddir, const char *old, int newdir, const char *new, unsigned flags)
{
    return syscall(SYS_renameat2, olddir, old, newdir, new, flags);
}

int main(void)
{
    umask(022);
    enter_scratch("links");
    make("a", "alpha");
    mkdir("d", 0755);

    /* Hard links. */
    check("link a b", link("a", "b"));
    printf("nlink a=%ld b=%ld\n", nlink("a"), nlink("b"));
    struct stat sa, sb;
    stat("a", &sa);
    stat("b", &sb);
    printf("same inode: %s\n", yes(sa.st_ino == sb.st_ino));
    check("link a d/c", link("a", "d/c"));
    printf("nlink a=%ld\n", nlink("a"));
    check("link over existing", link("a", "b"));
    check("link missing", link("missing", "x"));
    check("link directory", link("d", "d2"));
    check("link into missing dir", link("a", "nodir/x"));
    check("link to name/", link("a", "newname/"));
    symlink("a", "sym");
    check("link symlink itself", link("sym", "sym2"));
    printf("sym2 is a link: %s\n", yes(nlink("sym") == 2));
    check("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "sym", AT_FDCWD, "follows", AT_SYMLINK_FOLLOW));
    printf("nlink a after follow link=%ld\n", nlink("a"));
    check("linkat bad flag", linkat(AT_FDCWD, "a", AT_FDCWD, "z", 0x1));
    check("unlink b", unlink("b"));
    printf("nlink a=%ld\n", nlink("a"));
    content("d/c");
    check("unlink missing", unlink("b"));
    check("unlink dir/", unlink("d/"));
    check("unlink file/", unlink("a/"));

    /* rename of files. */
    check("rename a e", rename("a", "e"));
    printf("a gone: %s\n", yes(nlink("a") == -1));
    content("e");
    make("f", "foxtrot");
    check("rename e over f", rename("e", "f"));
    content("f");
    check("rename missing", rename("missing", "x"));
    check("rename onto itself", rename("f", "f"));
    link("f", "g");
    check("rename between links of one file", rename("f", "g"));
    printf("both names stay: %s\n", yes(nlink("f") > 1 && nlink("f") == nlink("g")));
    unlink("g");
    check("rename file over dir", rename("f", "d"));
    check("rename file to name/", rename("f", "h/"));
    check("rename file/ ", rename("f/", "h"));
    check("rename to missing dir", rename("f", "nodir/f"));
    check("rename .", rename(".", "x"));
    check("rename to ..", rename("f", ".."));

    /* rename of directories. */
    mkdir("p", 0755);
    mkdir("p/q", 0755);
    mkdir("empty", 0755);
    mkdir("full", 0755);
    make("full/x", "x");
    printf("nlink p=%ld d=%ld\n", nlink("p"), nlink("d"));
    check("rename dir into itself", rename("p", "p/q/p"));
    check("rename dir over file", rename("p", "f"));
    check("rename dir over non-empty", rename("p", "full"));
    check("rename dir over empty", rename("p", "empty"));
    printf("empty now has q: %s\n", yes(nlink("empty/q") == 2));
    check("rename dir/ to new/", rename("empty/", "moved/"));
    check("move q into d", rename("moved/q", "d/q"));
    printf("nlink moved=%ld d=%ld\n", nlink("moved"), nlink("d"));
    char cwd[4096];
    chdir("d/q");
    printf("getcwd after move ends with /d/q: %s\n", yes(getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(cwd) - 4, "/d/q") == 0));
    chdir(fs_scratch);
    check("rename parent over child", rename("d", "d/q"));

    /* renameat2 flags. */
    make("r1", "one");
    make("r2", "two");
    check("RENAME_NOREPLACE onto existing", renameat2_(AT_FDCWD, "r1", AT_FDCWD, "r2", RENAME_NOREPLACE));
    check("RENAME_NOREPLACE new name", renameat2_(AT_FDCWD, "r1", AT_FDCWD, "r3", RENAME_NOREPLACE));
    check("RENAME_EXCHANGE", renameat2_(AT_FDCWD, "r2", AT_FDCWD, "r3", RENAME_EXCHANGE));
    content("r2");
    content("r3");
    check("RENAME_EXCHANGE missing", renameat2_(AT_FDCWD, "r2", AT_FDCWD, "r9", RENAME_EXCHANGE));
    check("RENAME_EXCHANGE file and dir", renameat2_(AT_FDCWD, "r2", AT_FDCWD, "full", RENAME_EXCHANGE));
    printf("exchanged: r2 is dir %s, full is file %s\n", yes(nlink("r2") == 2), yes(nlink("full") == 1));
    content("r2/x");
    check("both flags", renameat2_(AT_FDCWD, "r2", AT_FDCWD, "r3", RENAME_EXCHANGE | RENAME_NOREPLACE));
    check("unknown flag", renameat2_(AT_FDCWD, "r2", AT_FDCWD, "r3", 0x100));
    int dirfd = open("d", O_RDONLY | O_DIRECTORY);
    check("renameat via dirfd", renameat(AT_FDCWD, "r3", dirfd, "r3"));
    content("d/r3");
    close(dirfd);

    /* /tmp and the root are two file systems. */
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    struct stat root, here;
    fstat(fd, &root);
    close(fd);
    stat(".", &here);
    if (root.st_dev != here.st_dev)
    {
        check("rename across file systems", rename("d/r3", "/kiln-links-xdev"));
        check("link across file systems", link("d/r3", "/kiln-links-xdev"));
    }
    else
    {
        printf("rename across file systems: -1 EXDEV\nlink across file systems: -1 EXDEV\n");
    }

    leave_scratch();
    return 0;
}
