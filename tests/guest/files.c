/* files: regular files on tmpfs. open/openat/creat with O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_CLOEXEC;
 * read/write/pread/pwrite/readv/writev/preadv/pwritev, lseek (SET/CUR/END/DATA/HOLE), fstat, F_GETFL, FIONREAD,
 * descriptors sharing a position through dup, a file that stays readable after unlink, a sparse file, 1 MiB of
 * data with a checksum, access-mode errors (EBADF, EISDIR, ENOTDIR, ENOENT, EEXIST), and the program's own file
 * (in Kiln it comes from the initrd). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

static void show_stat(const char *what, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
    {
        printf("%s: fstat -1 %s\n", what, errno_name(errno));
        return;
    }

    printf("%s: regular=%s mode=%o nlink=%ld size=%ld\n", what, yes(S_ISREG(st.st_mode)), st.st_mode & 07777,
           (long)st.st_nlink, (long)st.st_size);
}

int main(void)
{
    umask(022);
    enter_scratch("files");

    /* Creating, writing, reading back. */
    int fd = open("a.txt", O_CREAT | O_RDWR | O_EXCL, 0666);
    check("open O_CREAT|O_EXCL new", fd >= 0 ? 0 : -1);
    show_stat("new file", fd);
    check("write hello", write(fd, "hello, world\n", 13));
    show_stat("after write", fd);
    check("lseek cur", lseek(fd, 0, SEEK_CUR));
    check("lseek set 7", lseek(fd, 7, SEEK_SET));
    char buffer[64] = {0};
    check("read rest", read(fd, buffer, sizeof buffer));
    printf("read text: %s", buffer);
    check("read at end", read(fd, buffer, sizeof buffer));
    check("lseek end -6", lseek(fd, -6, SEEK_END));
    check("lseek before start", lseek(fd, -100, SEEK_CUR));
    check("lseek bad whence", lseek(fd, 0, 42));
    check("lseek data 3", lseek(fd, 3, SEEK_DATA));
    check("lseek hole 3", lseek(fd, 3, SEEK_HOLE));
    check("lseek data past end", lseek(fd, 100, SEEK_DATA));
    int flags = fcntl(fd, F_GETFL);
    printf("F_GETFL accmode=%d append=%s nonblock=%s\n", flags & O_ACCMODE, yes(flags & O_APPEND), yes(flags & O_NONBLOCK));
    lseek(fd, 2, SEEK_SET);
    int available = -1;
    check("FIONREAD", ioctl(fd, FIONREAD, &available));
    printf("FIONREAD bytes: %d\n", available);
    check("close", close(fd));

    check("open O_CREAT|O_EXCL existing", open("a.txt", O_CREAT | O_RDWR | O_EXCL, 0666));
    check("open missing", open("missing.txt", O_RDONLY));
    check("open missing dir component", open("nodir/x", O_CREAT | O_RDWR, 0644));
    check("open file as directory", open("a.txt", O_RDONLY | O_DIRECTORY));
    check("open file/ ", open("a.txt/", O_RDONLY));
    check("open O_CREAT dir/", open("newdir/", O_CREAT | O_RDWR, 0644));

    /* Access modes. */
    fd = open("a.txt", O_RDONLY);
    check("write on O_RDONLY", write(fd, "x", 1));
    check("pwrite on O_RDONLY", pwrite(fd, "x", 1, 0));
    close(fd);
    fd = open("a.txt", O_WRONLY);
    check("read on O_WRONLY", read(fd, buffer, 1));
    close(fd);

    /* Directories cannot be written or read like files. */
    check("mkdir d", mkdir("d", 0755));
    check("open dir O_WRONLY", open("d", O_WRONLY));
    check("open dir O_RDWR", open("d", O_RDWR));
    fd = open("d", O_RDONLY | O_DIRECTORY);
    check("open dir O_DIRECTORY", fd >= 0 ? 0 : -1);
    check("read dir", read(fd, buffer, sizeof buffer));
    check("pread dir", pread(fd, buffer, sizeof buffer, 0));
    close(fd);

    /* O_TRUNC and O_APPEND. */
    fd = open("a.txt", O_WRONLY | O_TRUNC);
    show_stat("after O_TRUNC", fd);
    close(fd);
    fd = open("a.txt", O_WRONLY | O_APPEND);
    write(fd, "one\n", 4);
    lseek(fd, 0, SEEK_SET);
    write(fd, "two\n", 4);
    check("pwrite O_APPEND at 0", pwrite(fd, "three\n", 6, 0));
    close(fd);
    fd = open("a.txt", O_RDONLY);
    memset(buffer, 0, sizeof buffer);
    check("read appended", read(fd, buffer, sizeof buffer));
    printf("appended text: %s", buffer);
    close(fd);

    /* creat truncates. */
    fd = creat("a.txt", 0600);
    show_stat("after creat", fd);
    check("creat gives write-only: read", read(fd, buffer, 1));
    close(fd);

    /* Vectors and positioned I/O. */
    fd = open("v.bin", O_CREAT | O_RDWR, 0640);
    struct iovec out[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    check("writev", writev(fd, out, 3));
    check("pwrite at 10", pwrite(fd, "XY", 2, 10));
    show_stat("after pwrite past end", fd);
    check("position unchanged by pwrite", lseek(fd, 0, SEEK_CUR));
    char first[4] = {0}, second[16] = {0};
    struct iovec in[2] = {{first, 3}, {second, sizeof second}};
    check("preadv at 0", preadv(fd, in, 2, 0));
    printf("preadv parts: %s | %c%c%c%c%c zero=%s %c%c\n", first, second[0], second[1], second[2], second[3], second[4],
           yes(second[5] == 0 && second[6] == 0), second[7], second[8]);
    struct iovec again[1] = {{"Q", 1}};
    check("pwritev at 1", pwritev(fd, again, 1, 1));
    check("pread at 0", pread(fd, buffer, 3, 0));
    printf("pread text: %.3s\n", buffer);
    check("pread past end", pread(fd, buffer, 3, 100));
    check("pread negative", pread(fd, buffer, 3, -1));
    lseek(fd, 0, SEEK_SET);
    check("readv from 0", readv(fd, in, 2));

    /* dup shares the position; a second open does not. */
    int copy = dup(fd);
    lseek(fd, 4, SEEK_SET);
    check("dup sees position", lseek(copy, 0, SEEK_CUR));
    int other = open("v.bin", O_RDONLY | O_CLOEXEC);
    check("second open position", lseek(other, 0, SEEK_CUR));
    check("O_CLOEXEC F_GETFD", fcntl(other, F_GETFD));
    close(copy);
    close(other);
    close(fd);

    /* A file stays readable after its last name is gone. */
    fd = open("gone.txt", O_CREAT | O_RDWR, 0644);
    write(fd, "still here\n", 11);
    check("unlink open file", unlink("gone.txt"));
    struct stat st;
    check("stat unlinked", stat("gone.txt", &st));
    fstat(fd, &st);
    printf("unlinked nlink=%ld\n", (long)st.st_nlink);
    memset(buffer, 0, sizeof buffer);
    check("pread unlinked", pread(fd, buffer, sizeof buffer, 0));
    printf("unlinked text: %s", buffer);
    close(fd);

    /* A sparse file reads zeros in its hole. */
    fd = open("sparse.bin", O_CREAT | O_RDWR, 0644);
    check("pwrite at 1 MiB", pwrite(fd, "end", 3, 1 << 20));
    show_stat("sparse", fd);
    char zeros[4096];
    memset(zeros, 1, sizeof zeros);
    check("pread hole", pread(fd, zeros, sizeof zeros, 4096 * 10));
    int all_zero = 1;
    for (size_t i = 0; i < sizeof zeros; i++)
    {
        all_zero &= zeros[i] == 0;
    }
    printf("hole reads zeros: %s\n", yes(all_zero));
    close(fd);

    /* 1 MiB in odd-sized pieces, checksummed on the way back. */
    fd = open("big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    uint32_t sum_out = 0, sum_in = 0;
    static unsigned char chunk[7001];
    size_t total = 0;
    for (int round = 0; total < (1 << 20); round++)
    {
        for (size_t i = 0; i < sizeof chunk; i++)
        {
            chunk[i] = (unsigned char)(i * 31 + round * 7);
            sum_out = sum_out * 33 + chunk[i];
        }
        if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
        {
            printf("short write\n");
        }
        total += sizeof chunk;
    }
    lseek(fd, 0, SEEK_SET);
    static unsigned char back[65536];
    ssize_t n;
    size_t read_total = 0;
    while ((n = read(fd, back, sizeof back)) > 0)
    {
        for (ssize_t i = 0; i < n; i++)
        {
            sum_in = sum_in * 33 + back[i];
        }
        read_total += (size_t)n;
    }
    printf("big file: wrote %zu read %zu checksums match: %s\n", total, read_total, yes(sum_in == sum_out));
    close(fd);

    /* openat relative to a directory descriptor, and EBADF/ENOTDIR for bad ones. */
    int dirfd = open("d", O_RDONLY | O_DIRECTORY);
    fd = openat(dirfd, "inner.txt", O_CREAT | O_WRONLY, 0644);
    check("openat in d", fd >= 0 ? 0 : -1);
    close(fd);
    check("stat d/inner.txt", stat("d/inner.txt", &st));
    check("openat bad dirfd", openat(999, "x", O_RDONLY));
    int filefd = open("v.bin", O_RDONLY);
    check("openat file dirfd", openat(filefd, "x", O_RDONLY));
    check("openat absolute ignores dirfd", (fd = openat(999, fs_scratch, O_RDONLY | O_DIRECTORY)) >= 0 ? 0 : -1);
    close(fd);
    close(filefd);
    close(dirfd);

    /* The program's own file (where /proc/self/exe says): in Kiln it is in the initrd, read page by page on first
     * touch. */
    char self[4096] = {0};
    if (readlink("/proc/self/exe", self, sizeof self - 1) <= 0)
    {
        printf("readlink /proc/self/exe failed\n");
    }
    fd = open(self, O_RDONLY);
    unsigned char magic[4] = {0};
    check("read own program", read(fd, magic, 4));
    printf("own program is ELF: %s\n", yes(magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F'));
    fstat(fd, &st);
    off_t end = lseek(fd, 0, SEEK_END);
    printf("own program size agrees: %s\n", yes(end == st.st_size && end > 4096));
    check("write own program read-only fd", write(fd, "x", 1));
    close(fd);

    check("close twice", close(fd));
    leave_scratch();
    return 0;
}
