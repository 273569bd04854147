/* seqio: sequential file throughput. `seqio DIR [MIB]` writes DIR/seqio.dat (MIB MiB, default 64) in 1 MiB writes,
 * fsyncs and closes it, then opens it again and reads it back in 1 MiB reads, checking every byte; it prints
 * `seq_write_mb_s` (the writes and the fsync) and `seq_read_mb_s` (after the close, so possibly from the page cache).
 * `seqio --read DIR` only reads and checks the file the first form left, for a cold read in a fresh boot or after
 * dropping caches, prints `seq_read_cold_mb_s` and removes the file, so that a volume is left as it was found.
 * MB is 10^6 bytes. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsbench.h"

#define CHUNK (1024 * 1024)

/* Every 8-byte word holds its own offset in the file mixed with a constant, so a block read from the wrong place,
 * a stale block or a zeroed hole all fail the check. */
static void fill(uint64_t *words, long chunk)
{
    for (long i = 0; i < CHUNK / 8; i++)
        words[i] = ((uint64_t)chunk * CHUNK + (uint64_t)i * 8) ^ 0x9e3779b97f4a7c15ULL;
}

static int check(const uint64_t *words, long chunk)
{
    for (long i = 0; i < CHUNK / 8; i++)
        if (words[i] != (((uint64_t)chunk * CHUNK + (uint64_t)i * 8) ^ 0x9e3779b97f4a7c15ULL))
            return 0;
    return 1;
}

static double mb_per_s(long chunks, long long ns)
{
    return (double)chunks * CHUNK / 1e6 / ((double)ns / 1e9);
}

static void write_file(const char *path, long chunks, uint64_t *buffer)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fsbench_fail("open for writing", path);
    long long elapsed = 0;
    for (long c = 0; c < chunks; c++) {
        /* The pattern is made outside the timed part: only the write system calls count. */
        fill(buffer, c);
        long long start = fsbench_now_ns();
        ssize_t n = write(fd, buffer, CHUNK);
        elapsed += fsbench_now_ns() - start;
        if (n != CHUNK) {
            if (n >= 0)
                errno = EIO;
            fsbench_fail("write", path);
        }
    }
    long long start = fsbench_now_ns();
    if (fsync(fd) != 0)
        fsbench_fail("fsync", path);
    elapsed += fsbench_now_ns() - start;
    if (close(fd) != 0)
        fsbench_fail("close", path);
    fsbench_report("seq_write_mb_s", mb_per_s(chunks, elapsed));
}

static void read_file(const char *path, const char *name, uint64_t *buffer)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        fsbench_fail("open for reading", path);
    long chunks = 0;
    long long elapsed = 0;
    for (;;) {
        long long start = fsbench_now_ns();
        ssize_t n = read(fd, buffer, CHUNK);
        elapsed += fsbench_now_ns() - start;
        if (n < 0)
            fsbench_fail("read", path);
        if (n == 0)
            break;
        /* Every read of a regular file that is not at its end returns the whole request here (1 MiB from a
         * 1 MiB-aligned offset); a short read is worth reporting, not papering over. */
        if (n != CHUNK || !check(buffer, chunks)) {
            fprintf(stderr, "read %s: chunk %ld: %s\n", path, chunks, n != CHUNK ? "short read" : "wrong data");
            exit(1);
        }
        chunks++;
    }
    close(fd);
    if (chunks == 0) {
        fprintf(stderr, "read %s: empty file\n", path);
        exit(1);
    }
    fsbench_report(name, mb_per_s(chunks, elapsed));
}

int main(int argc, char **argv)
{
    int read_only = argc > 1 && strcmp(argv[1], "--read") == 0;
    int first = read_only ? 2 : 1;
    if (argc <= first || argc > first + 1 + !read_only) {
        fprintf(stderr, "usage: seqio DIR [MIB] | seqio --read DIR\n");
        return 2;
    }
    long chunks = !read_only && argc > first + 1 ? strtol(argv[first + 1], NULL, 10) : 64;
    if (chunks <= 0) {
        fprintf(stderr, "seqio: MIB must be a positive number\n");
        return 2;
    }
    char path[4096];
    fsbench_join(path, sizeof path, argv[first], "seqio.dat");
    uint64_t *buffer = malloc(CHUNK);
    if (buffer == NULL)
        fsbench_fail("malloc", "1 MiB");
    if (!read_only)
        write_file(path, chunks, buffer);
    read_file(path, read_only ? "seq_read_cold_mb_s" : "seq_read_mb_s", buffer);
    if (read_only && unlink(path) != 0)
        fsbench_fail("unlink", path);
    free(buffer);
    return 0;
}
