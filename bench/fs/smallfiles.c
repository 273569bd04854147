/* smallfiles: metadata rates. `smallfiles DIR [COUNT]` makes the directory DIR (which must not exist yet), creates
 * COUNT (default 2000) files of 100 bytes in it (open O_CREAT|O_EXCL, write, close), stats each (checking the size),
 * unlinks each, and removes DIR. It prints `create_files_s`, `stat_files_s` and `unlink_files_s`: files per second of each phase. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsbench.h"

#define FILE_BYTES 100

static void name_of(char *out, size_t size, const char *dir, long i)
{
    char name[32];
    snprintf(name, sizeof name, "f%05ld", i);
    fsbench_join(out, size, dir, name);
}

static double per_s(long count, long long ns)
{
    return (double)count / ((double)ns / 1e9);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: smallfiles DIR [COUNT]\n");
        return 2;
    }
    long count = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    if (count <= 0 || count > 99999) {
        fprintf(stderr, "smallfiles: COUNT must be 1..99999\n");
        return 2;
    }
    const char *dir = argv[1];
    char path[4096], content[FILE_BYTES];
    if (mkdir(dir, 0755) != 0)
        fsbench_fail("mkdir", dir);
    for (int i = 0; i < FILE_BYTES; i++)
        content[i] = (char)('a' + i % 26);

    long long start = fsbench_now_ns();
    for (long i = 0; i < count; i++) {
        name_of(path, sizeof path, dir, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            fsbench_fail("create", path);
        if (write(fd, content, FILE_BYTES) != FILE_BYTES)
            fsbench_fail("write", path);
        if (close(fd) != 0)
            fsbench_fail("close", path);
    }
    fsbench_report("create_files_s", per_s(count, fsbench_now_ns() - start));

    start = fsbench_now_ns();
    for (long i = 0; i < count; i++) {
        struct stat st;
        name_of(path, sizeof path, dir, i);
        if (stat(path, &st) != 0)
            fsbench_fail("stat", path);
        if (st.st_size != FILE_BYTES || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "stat %s: size %lld mode %o, expected a %d-byte regular file\n", path,
                    (long long)st.st_size, (unsigned)st.st_mode, FILE_BYTES);
            return 1;
        }
    }
    fsbench_report("stat_files_s", per_s(count, fsbench_now_ns() - start));

    start = fsbench_now_ns();
    for (long i = 0; i < count; i++) {
        name_of(path, sizeof path, dir, i);
        if (unlink(path) != 0)
            fsbench_fail("unlink", path);
    }
    fsbench_report("unlink_files_s", per_s(count, fsbench_now_ns() - start));

    if (rmdir(dir) != 0)
        fsbench_fail("rmdir", dir);
    return 0;
}
