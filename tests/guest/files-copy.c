/* files-copy: copies inside the kernel and anonymous files. sendfile from a file to a pipe, to another file, with
 * and without an offset pointer (the file position moves only without one), at the end of the input, EINVAL for a
 * pipe as input, EBADF for a write-only input; copy_file_range between files (offsets, positions, short at the end,
 * overlapping ranges of one file, flags, a directory); memfd_create (an unnamed regular file that grows, shrinks,
 * reads back, is freed when closed; MFD_CLOEXEC; bad flags; a name too long). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>

static void show(const char *what, int fd, off_t offset, size_t length)
{
    char buffer[128] = {0};
    ssize_t n = pread(fd, buffer, length < sizeof buffer ? length : sizeof buffer - 1, offset);
    printf("%s: '%.*s'\n", what, (int)(n > 0 ? n : 0), buffer);
}

int main(void)
{
    enter_scratch("copy");
    int in = open("in", O_CREAT | O_RDWR, 0644);
    write(in, "The quick brown fox jumps over the lazy dog", 43);
    lseek(in, 4, SEEK_SET);

    /* sendfile to a pipe, from the file position. */
    int p[2];
    pipe(p);
    check("sendfile to pipe", sendfile(p[1], in, NULL, 5));
    check("input position moved", lseek(in, 0, SEEK_CUR));
    char buffer[128] = {0};
    read(p[0], buffer, sizeof buffer);
    printf("pipe got: %s\n", buffer);

    /* With an offset pointer the position stays. */
    off_t offset = 16;
    check("sendfile with offset", sendfile(p[1], in, &offset, 3));
    printf("offset now %ld, position still %ld\n", (long)offset, (long)lseek(in, 0, SEEK_CUR));
    memset(buffer, 0, sizeof buffer);
    read(p[0], buffer, sizeof buffer);
    printf("pipe got: %s\n", buffer);

    /* To a file, past the end of the input. */
    int out = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
    offset = 35;
    check("sendfile to file past end", sendfile(out, in, &offset, 100));
    show("out", out, 0, 100);
    check("sendfile at end", sendfile(out, in, &offset, 100));
    check("sendfile from a pipe", sendfile(out, p[0], NULL, 10));
    int wronly = open("in", O_WRONLY);
    check("sendfile from write-only", sendfile(out, wronly, NULL, 10));
    int rdonly = open("out", O_RDONLY);
    check("sendfile to read-only", sendfile(rdonly, in, NULL, 10));
    close(rdonly);
    check("sendfile bad fd", sendfile(out, 999, NULL, 10));
    close(wronly);

    /* A bigger copy through several kernel pages. */
    int big = open("big", O_CREAT | O_RDWR, 0644);
    static char data[100000];
    for (size_t i = 0; i < sizeof data; i++)
    {
        data[i] = (char)(i * 7 + 3);
    }
    write(big, data, sizeof data);
    int bigcopy = open("bigcopy", O_CREAT | O_RDWR | O_TRUNC, 0644);
    offset = 0;
    check("sendfile 100000 bytes", sendfile(bigcopy, big, &offset, sizeof data));
    static char back[100000];
    pread(bigcopy, back, sizeof back, 0);
    printf("big copy identical: %s\n", yes(memcmp(data, back, sizeof data) == 0));

    /* copy_file_range. */
    int dst = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(dst, "----------", 10);
    loff_t from = 4, to = 2;
    check("copy_file_range with offsets", copy_file_range(in, &from, dst, &to, 5, 0));
    printf("offsets now %ld %ld\n", (long)from, (long)to);
    show("dst", dst, 0, 20);
    lseek(in, 10, SEEK_SET);
    lseek(dst, 8, SEEK_SET);
    check("copy_file_range positions", copy_file_range(in, NULL, dst, NULL, 5, 0));
    printf("positions now %ld %ld\n", (long)lseek(in, 0, SEEK_CUR), (long)lseek(dst, 0, SEEK_CUR));
    show("dst", dst, 0, 20);
    from = 40;
    check("copy_file_range short at end", copy_file_range(in, &from, dst, NULL, 100, 0));
    from = 0;
    to = 5;
    check("copy_file_range overlapping", copy_file_range(in, &from, in, &to, 10, 0));
    check("copy_file_range flags", copy_file_range(in, NULL, dst, NULL, 5, 1));
    int dirfd = open(".", O_RDONLY | O_DIRECTORY);
    check("copy_file_range from a directory", copy_file_range(dirfd, NULL, dst, NULL, 5, 0));
    close(dirfd);
    check("copy_file_range from a pipe", copy_file_range(p[0], NULL, dst, NULL, 5, 0));
    int append = open("dst", O_WRONLY | O_APPEND);
    check("copy_file_range to O_APPEND", copy_file_range(in, NULL, append, NULL, 5, 0));
    close(append);

    /* memfd_create. */
    int m = memfd_create("kiln-test", MFD_CLOEXEC);
    check("memfd_create", m >= 0 ? 0 : -1);
    check("memfd F_GETFD", fcntl(m, F_GETFD));
    struct stat st;
    fstat(m, &st);
    printf("memfd regular: %s size=%ld nlink=%ld\n", yes(S_ISREG(st.st_mode)), (long)st.st_size, (long)st.st_nlink);
    int flags = fcntl(m, F_GETFL);
    printf("memfd accmode=%d\n", flags & O_ACCMODE);
    check("memfd write", write(m, "memory file", 11));
    check("memfd ftruncate grow", ftruncate(m, 8192));
    fstat(m, &st);
    printf("memfd size=%ld\n", (long)st.st_size);
    show("memfd", m, 0, 11);
    check("memfd ftruncate shrink", ftruncate(m, 6));
    show("memfd", m, 0, 20);
    check("sendfile from memfd", sendfile(p[1], m, &(off_t){0}, 6));
    memset(buffer, 0, sizeof buffer);
    read(p[0], buffer, sizeof buffer);
    printf("pipe got: %s\n", buffer);
    close(m);
    int plain = memfd_create("plain", 0);
    check("memfd without cloexec F_GETFD", fcntl(plain, F_GETFD));
    close(plain);
    check("memfd bad flags", memfd_create("x", 0x100));
    char name[300];
    memset(name, 'm', sizeof name - 1);
    name[sizeof name - 1] = 0;
    check("memfd long name", memfd_create(name, 0));

    close(p[0]);
    close(p[1]);
    close(in);
    close(out);
    close(big);
    close(bigcopy);
    close(dst);
    leave_scratch();
    return 0;
}
