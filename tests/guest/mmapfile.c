/* mmapfile: file-backed mmap on a file in /tmp. MAP_PRIVATE reads the file, zeros the tail of the last page, and keeps
 * the program's writes to itself; MAP_SHARED writes reach the file (pread sees them) and write(2) reaches the mapping;
 * msync; a mapping at a page offset; a page past the end of the file raises SIGBUS (BUS_ADRERR) while the last partial
 * page reads; mprotect of private and shared mappings (EACCES for a writable shared mapping of a read-only open);
 * munmap of a middle page keeps the neighbours' file offsets; mremap growth continues the file; mincore for anonymous
 * and file pages; a mapping outlives the descriptor and the file's name; EBADF, EACCES, ENODEV, EINVAL as Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096L
#define FILE_SIZE (3 * PAGE + 100)

static sigjmp_buf jump;
static volatile int caught_signal;
static volatile int caught_code;
static volatile void *caught_address;

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void on_fault(int signal, siginfo_t *info, void *context)
{
    (void)context;
    caught_signal = signal;
    caught_code = info->si_code;
    caught_address = info->si_addr;
    siglongjmp(jump, 1);
}

/* Reads one byte at p, or reports the signal it raised: the byte, or -signal. */
static int probe(volatile const unsigned char *p)
{
    caught_signal = 0;
    if (sigsetjmp(jump, 1) == 0)
        return *p;
    return -caught_signal;
}

static unsigned char pattern(long offset)
{
    return (unsigned char)(offset * 7 + offset / PAGE + 1);
}

static int matches_file(const unsigned char *p, long file_offset, long length)
{
    for (long i = 0; i < length; i++)
        if (p[i] != pattern(file_offset + i))
            return 0;
    return 1;
}

static int all_zero(const unsigned char *p, long length)
{
    for (long i = 0; i < length; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

static int errno_of(void *result)
{
    return result == MAP_FAILED ? errno : 0;
}

/* Prints a call's result and, when it failed, its errno (read right after the call). */
static void report(const char *what, int result)
{
    int error = errno;
    if (result < 0)
        printf("%s: %d %s\n", what, result, strerror(error));
    else
        printf("%s: %d\n", what, result);
}

int main(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &action, NULL);
    sigaction(SIGSEGV, &action, NULL);

    char path[64];
    snprintf(path, sizeof path, "/tmp/kiln-mmapfile-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    printf("create: %s\n", yes(fd >= 0));
    static unsigned char contents[FILE_SIZE];
    for (long i = 0; i < FILE_SIZE; i++)
        contents[i] = pattern(i);
    printf("write: %s\n", yes(write(fd, contents, FILE_SIZE) == FILE_SIZE));

    /* Private, read-only: the file's bytes, zeros past the end in the last page. */
    unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("private map: %s\n", yes(p != MAP_FAILED));
    printf("private reads the file: %s\n", yes(matches_file(p, 0, FILE_SIZE)));
    printf("tail of the last page is zero: %s\n", yes(all_zero(p + FILE_SIZE, 4 * PAGE - FILE_SIZE)));
    munmap(p, 4 * PAGE);

    /* Private, writable: the program's writes stay in its copy. */
    p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
    printf("offset map reads page 1: %s\n", yes(p != MAP_FAILED && matches_file(p, PAGE, 2 * PAGE)));
    memset(p, 0xAA, 100);
    unsigned char back[100];
    pread(fd, back, sizeof back, PAGE);
    printf("private write stays private: %s\n", yes(matches_file(back, PAGE, 100) && p[0] == 0xAA));
    munmap(p, 2 * PAGE);

    /* Shared: writes reach the file, write(2) reaches the mapping, msync succeeds. */
    unsigned char *s = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("shared map: %s\n", yes(s != MAP_FAILED));
    memcpy(s + PAGE + 10, "shared write", 12);
    char text[16] = { 0 };
    pread(fd, text, 12, PAGE + 10);
    printf("pread sees the shared write: %s\n", yes(memcmp(text, "shared write", 12) == 0));
    pwrite(fd, "via pwrite", 10, 2 * PAGE + 5);
    printf("the mapping sees pwrite: %s\n", yes(memcmp(s + 2 * PAGE + 5, "via pwrite", 10) == 0));
    printf("msync MS_SYNC: %d\n", msync(s, 3 * PAGE, MS_SYNC));
    s[20] = 'x';  /* a write after msync must reach the file too */
    printf("msync MS_ASYNC: %d\n", msync(s, PAGE, MS_ASYNC));
    pread(fd, text, 1, 20);
    printf("write after msync reaches the file: %s\n", yes(text[0] == 'x'));
    report("msync unaligned", msync(s + 1, PAGE, MS_SYNC));
    report("msync both flags", msync(s, PAGE, MS_SYNC | MS_ASYNC));
    munmap(s, 3 * PAGE);
    pread(fd, text, 12, PAGE + 10);
    printf("the file keeps the shared write after munmap: %s\n", yes(memcmp(text, "shared write", 12) == 0));

    /* Past the end of the file: the partial last page reads, the next page is a SIGBUS. */
    p = mmap(NULL, 6 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
    int last = probe(p + FILE_SIZE - 1);
    printf("last byte of the file: %s\n", yes(last == pattern(FILE_SIZE - 1)));
    printf("zero past the end in the last page: %d\n", probe(p + FILE_SIZE + 5));
    int bus = probe(p + 4 * PAGE + 8);
    printf("page past the end: signal %d code %d address right %s\n", -bus, caught_code,
           yes(caught_address == p + 4 * PAGE + 8));
    munmap(p, 6 * PAGE);

    /* mprotect: a private read-only mapping made writable; a shared one of a read-only open cannot be. */
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mprotect private to RW: %d\n", mprotect(p, PAGE, PROT_READ | PROT_WRITE));
    p[0] = 0x55;
    printf("private written after mprotect: %s\n", yes(p[0] == 0x55));
    munmap(p, PAGE);
    int readonly = open(path, O_RDONLY);
    s = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, readonly, 0);
    printf("shared read-only map of O_RDONLY: %s\n", yes(s != MAP_FAILED));
    report("mprotect it writable", mprotect(s, PAGE, PROT_READ | PROT_WRITE));
    munmap(s, PAGE);
    s = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    printf("mprotect shared of O_RDWR writable: %d\n", mprotect(s, PAGE, PROT_READ | PROT_WRITE));
    s[1] = 'y';
    pread(fd, text, 1, 1);
    printf("write after mprotect reaches the file: %s\n", yes(text[0] == 'y'));
    munmap(s, PAGE);

    /* munmap of the middle page: the neighbours keep their own file pages; the hole faults. */
    p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    munmap(p + PAGE, PAGE);
    printf("first page after hole: %s\n", yes(matches_file(p + 100, 100, 100)));
    printf("third page after hole: %s\n", yes(matches_file(p + 2 * PAGE + 100, 2 * PAGE + 100, 100)));
    printf("the hole: signal %d\n", -probe(p + PAGE));

    /* mremap growth continues the file. */
    unsigned char *q = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    unsigned char *r = mremap(q, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
    printf("mremap grows: %s\n", yes(r != MAP_FAILED));
    printf("grown part maps the next file pages: %s\n", yes(matches_file(r + 2 * PAGE + 100, 2 * PAGE + 100, 100)));
    munmap(r, 3 * PAGE);
    munmap(p, 3 * PAGE);

    /* mincore: touched anonymous pages, file pages in the page cache. */
    unsigned char *anon = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    anon[0] = 1;
    anon[2 * PAGE] = 1;
    unsigned char vec[4];
    int rc = mincore(anon, 4 * PAGE, vec);
    printf("mincore anonymous: %d %d%d%d%d\n", rc, vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
    p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    rc = mincore(p, 3 * PAGE, vec);
    printf("mincore file: %d %d%d%d\n", rc, vec[0] & 1, vec[1] & 1, vec[2] & 1);
    report("mincore unaligned", mincore(anon + 1, PAGE, vec));
    munmap(anon + PAGE, PAGE);
    report("mincore over a hole", mincore(anon, 4 * PAGE, vec));
    report("mincore bad vector", mincore(anon, PAGE, (unsigned char *)16));
    munmap(anon, 4 * PAGE);

    /* The mapping holds the file: it outlives the descriptor and the name. */
    close(fd);
    unlink(path);
    printf("mapping outlives close and unlink: %s\n", yes(matches_file(p + 500, 500, 3000)));
    munmap(p, 3 * PAGE);

    /* Errors. */
    int pipes[2];
    pipe(pipes);
    printf("pipe: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, pipes[0], 0))));
    printf("closed fd: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 900, 0))));
    printf("negative fd: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0))));
    printf("shared writable of O_RDONLY: %s\n",
           strerror(errno_of(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, readonly, 0))));
    printf("private writable of O_RDONLY: %s\n",
           yes(errno_of(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, readonly, 0)) == 0));
    printf("unaligned offset: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, readonly, 100))));
    int directory = open("/tmp", O_RDONLY | O_DIRECTORY);
    printf("directory: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, directory, 0))));
    snprintf(path, sizeof path, "/tmp/kiln-mmapfile-w-%d", (int)getpid());
    int writeonly = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    printf("O_WRONLY: %s\n", strerror(errno_of(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, writeonly, 0))));
    unlink(path);
    return 0;
}
