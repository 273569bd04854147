// The guest half of the crash-consistency test (tests/Kiln.Guest.Tests/CrashConsistencyTests.cs). Usage:
//   journal DIR SYNCED MAX
// First it checks what DIR holds from earlier runs: numbered, checksummed records spread over three files in
// DIR/logs (record k goes to log(k % 3); sizes vary from 1 to 5000 bytes), and side files renamed, created and
// unlinked every fifth record. Every record up to the last one a run reported as synced (SYNCED, which the host saw
// before it killed the VM) must be there and intact, no record may follow a missing one, no file may hold bytes past
// its last whole record, and the side files must match the last record. It prints "checked N" (N records intact), or
// "FAIL: ..." and exits 1. Then it appends records N+1 .. MAX, printing "synced k" only after fsync returned.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC 0x4A524E4Cu
#define FILES 3
#define SIDE_EVERY 5
#define MAX_PAYLOAD 5000

struct header {
    uint32_t magic;
    uint32_t number;
    uint32_t length;
    uint32_t hash;
};

static const char *dir;

static void fail(const char *what, long a, long b)
{
    printf("FAIL: %s (%ld, %ld)\n", what, a, b);
    exit(1);
}

static uint32_t payload_length(uint32_t k) { return 1 + ((k * 2654435761u) >> 7) % MAX_PAYLOAD; }

static void payload(uint32_t k, unsigned char *out, uint32_t length)
{
    uint64_t state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)k << 17) ^ k;
    for (uint32_t i = 0; i < length; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out[i] = (unsigned char)(state >> 24);
    }
}

// FNV-1a over the payload.
static uint32_t hash(const unsigned char *data, uint32_t length)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < length; i++) {
        h = (h ^ data[i]) * 16777619u;
    }
    return h;
}

static void path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static int exists(const char *name)
{
    char p[512];
    struct stat st;
    path(p, sizeof p, name);
    return stat(p, &st) == 0;
}

// Reads log j's records in order; returns how many are intact, with the first number missing in *next.
static long check_log(int j, uint32_t *next)
{
    char name[64], p[512];
    static unsigned char expected[MAX_PAYLOAD], got[MAX_PAYLOAD];
    snprintf(name, sizeof name, "logs/log%d", j);
    path(p, sizeof p, name);
    uint32_t k = j == 0 ? FILES : (uint32_t)j;
    *next = k;
    int fd = open(p, O_RDONLY);
    if (fd < 0) {
        if (errno != ENOENT) {
            fail("open log", j, errno);
        }
        return 0;
    }

    long count = 0;
    off_t offset = 0;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        fail("fstat log", j, errno);
    }

    for (;; k += FILES) {
        struct header h;
        if (pread(fd, &h, sizeof h, offset) != (ssize_t)sizeof h || h.magic != MAGIC || h.number != k ||
            h.length != payload_length(k)) {
            break;
        }
        if (pread(fd, got, h.length, offset + (off_t)sizeof h) != (ssize_t)h.length) {
            break;
        }
        payload(k, expected, h.length);
        if (hash(got, h.length) != h.hash || memcmp(got, expected, h.length) != 0) {
            fail("record damaged", k, j);
        }
        offset += (off_t)sizeof h + h.length;
        count++;
    }
    *next = k;
    if (st.st_size != offset) {
        fail("bytes past the last whole record: file size, end of records", (long)st.st_size, (long)offset);
    }
    close(fd);
    return count;
}

static void check_side(long n)
{
    long s = n / SIDE_EVERY * SIDE_EVERY;
    char p[512], name[64], text[32] = { 0 };
    if (exists("side.tmp")) {
        fail("side.tmp survived its rename", n, 0);
    }
    if (s == 0) {
        if (exists("side")) {
            fail("side exists before record 5", n, 0);
        }
        return;
    }
    path(p, sizeof p, "side");
    int fd = open(p, O_RDONLY);
    if (fd < 0 || read(fd, text, sizeof text - 1) <= 0) {
        fail("side missing", n, errno);
    }
    close(fd);
    if (atol(text) != s) {
        fail("side holds the wrong record", atol(text), s);
    }
    snprintf(name, sizeof name, "gone.%ld", s);
    if (!exists(name)) {
        fail("gone.S missing", s, 0);
    }
    snprintf(name, sizeof name, "gone.%ld", s - SIDE_EVERY);
    if (s > SIDE_EVERY && exists(name)) {
        fail("gone.(S-5) not unlinked", s - SIDE_EVERY, 0);
    }
}

static void write_all(int fd, const void *data, size_t length)
{
    if (write(fd, data, length) != (ssize_t)length) {
        fail("write", (long)length, errno);
    }
}

// The side-file changes of record k: a new "side" by rename over the old, a new gone.k, the previous gone.* unlinked.
static void update_side(uint32_t k)
{
    char tmp[512], side[512], name[64], p[512], text[32];
    path(tmp, sizeof tmp, "side.tmp");
    path(side, sizeof side, "side");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fail("create side.tmp", k, errno);
    }
    int length = snprintf(text, sizeof text, "%u\n", k);
    write_all(fd, text, (size_t)length);
    close(fd);
    if (rename(tmp, side) != 0) {
        fail("rename side.tmp", k, errno);
    }
    snprintf(name, sizeof name, "gone.%u", k);
    path(p, sizeof p, name);
    fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fail("create gone.k", k, errno);
    }
    close(fd);
    if (k > SIDE_EVERY) {
        snprintf(name, sizeof name, "gone.%u", k - SIDE_EVERY);
        path(p, sizeof p, name);
        if (unlink(p) != 0) {
            fail("unlink gone.(k-5)", k, errno);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: journal DIR SYNCED MAX\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    dir = argv[1];
    long synced = atol(argv[2]);
    long max = atol(argv[3]);

    long total = 0;
    uint32_t next[FILES];
    for (int j = 0; j < FILES; j++) {
        total += check_log(j, &next[j]);
    }
    uint32_t first_missing = next[0];
    for (int j = 1; j < FILES; j++) {
        if (next[j] < first_missing) {
            first_missing = next[j];
        }
    }
    long n = (long)first_missing - 1;
    if (total != n) {
        fail("records after a missing one: intact, prefix", total, n);
    }
    if (n < synced) {
        fail("synced records lost: found, synced", n, synced);
    }
    check_side(n);
    printf("checked %ld\n", n);

    char logs[512];
    path(logs, sizeof logs, "logs");
    if (mkdir(logs, 0755) != 0 && errno != EEXIST) {
        fail("mkdir logs", 0, errno);
    }
    int fds[FILES];
    for (int j = 0; j < FILES; j++) {
        char name[64], p[512];
        snprintf(name, sizeof name, "logs/log%d", j);
        path(p, sizeof p, name);
        fds[j] = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fds[j] < 0) {
            fail("open log for appending", j, errno);
        }
    }
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dirfd < 0) {
        fail("open dir", 0, errno);
    }

    static unsigned char record[sizeof(struct header) + MAX_PAYLOAD];
    for (long k = n + 1; k <= max; k++) {
        if (k % SIDE_EVERY == 0) {
            update_side((uint32_t)k);
        }
        struct header *h = (struct header *)record;
        h->magic = MAGIC;
        h->number = (uint32_t)k;
        h->length = payload_length((uint32_t)k);
        payload((uint32_t)k, record + sizeof *h, h->length);
        h->hash = hash(record + sizeof *h, h->length);
        int fd = fds[k % FILES];
        write_all(fd, record, sizeof *h + h->length);
        // Linux needs the directory synced for the renames; on KilnFS either fsync commits everything.
        if (fsync(fd) != 0 || fsync(dirfd) != 0) {
            fail("fsync", k, errno);
        }
        printf("synced %ld\n", k);
    }
    return 0;
}
