/* devfiles: the /dev nodes programs use, as Linux's devtmpfs has them. null reads end of file and swallows writes,
 * zero reads zeros (at any offset too), full reads zeros and refuses writes with ENOSPC, random and urandom read
 * bytes that differ; each is a character device with Linux's major:minor; stdin/stdout/stderr and fd are symlinks
 * into /proc/self/fd; the directory lists them; poll says the memory devices are always ready. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void show_node(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: stat failed errno %d\n", path, errno);
        return;
    }
    printf("%s: char %s, rdev %u:%u\n", path, yes(S_ISCHR(st.st_mode)), major(st.st_rdev), minor(st.st_rdev));
}

static void show_link(const char *path)
{
    char target[256];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        printf("%s: readlink errno %d\n", path, errno);
        return;
    }
    target[n] = 0;
    printf("%s -> %s\n", path, target);
}

/* Through a volatile so the compiler neither warns about nor reasons about the bad pointer. */
static void *bad_pointer(void)
{
    volatile uintptr_t laundered = 8;
    return (void *)laundered;
}

static int all_equal(const unsigned char *p, size_t n, unsigned char value)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != value)
            return 0;
    return 1;
}

int main(void)
{
    static unsigned char buffer[65536];
    const char *nodes[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"};
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        show_node(nodes[i]);
    struct stat console;
    printf("/dev/console is a char device: %s\n", yes(stat("/dev/console", &console) == 0 && S_ISCHR(console.st_mode)));

    int null = open("/dev/null", O_RDWR);
    printf("null open: %s\n", yes(null >= 0));
    printf("null write 100: %zd\n", write(null, buffer, 100));
    printf("null write from a bad pointer: %zd\n", write(null, bad_pointer(), 100));
    printf("null read: %zd\n", read(null, buffer, sizeof buffer));
    printf("null lseek: %lld\n", (long long)lseek(null, 1234, SEEK_SET));
    struct stat st;
    fstat(null, &st);
    printf("null fstat rdev %u:%u\n", major(st.st_rdev), minor(st.st_rdev));
    printf("null F_GETFL O_RDWR: %s\n", yes((fcntl(null, F_GETFL) & O_ACCMODE) == O_RDWR));
    struct pollfd p = {.fd = null, .events = POLLIN | POLLOUT};
    int ready = poll(&p, 1, 0);
    printf("null poll: %d revents in+out: %s\n", ready, yes((p.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT)));
    close(null);

    int zero = open("/dev/zero", O_RDWR);
    memset(buffer, 0xAA, sizeof buffer);
    ssize_t got = read(zero, buffer, sizeof buffer);
    printf("zero read 65536: %zd all zero: %s\n", got, yes(all_equal(buffer, sizeof buffer, 0)));
    memset(buffer, 0xAA, 100);
    got = pread(zero, buffer, 100, 12345);
    printf("zero pread at 12345: %zd all zero: %s\n", got, yes(all_equal(buffer, 100, 0)));
    printf("zero write 10: %zd\n", write(zero, buffer, 10));
    errno = 0;
    got = read(zero, bad_pointer(), 10);
    printf("zero read into a bad pointer: %zd errno %d\n", got, errno);
    close(zero);

    int full = open("/dev/full", O_RDWR);
    errno = 0;
    ssize_t wrote = write(full, "x", 1);
    printf("full write: %zd errno ENOSPC: %s\n", wrote, yes(errno == ENOSPC));
    memset(buffer, 0xAA, 100);
    got = read(full, buffer, 100);
    printf("full read 100: %zd all zero: %s\n", got, yes(all_equal(buffer, 100, 0)));
    close(full);

    const char *randoms[] = {"/dev/random", "/dev/urandom"};
    for (int i = 0; i < 2; i++) {
        unsigned char a[64], b[64];
        int fd = open(randoms[i], O_RDONLY);
        ssize_t first = read(fd, a, sizeof a);
        ssize_t second = read(fd, b, sizeof b);
        printf("%s reads 64+64: %s, differ: %s\n", randoms[i], yes(first == 64 && second == 64), yes(memcmp(a, b, 64) != 0));
        printf("%s large read: %zd\n", randoms[i], read(fd, buffer, sizeof buffer));
        close(fd);
    }
    int urandom = open("/dev/urandom", O_WRONLY);
    printf("urandom write 16: %zd\n", write(urandom, "entropy for you!", 16));
    close(urandom);

    show_link("/dev/stdin");
    show_link("/dev/stdout");
    show_link("/dev/stderr");
    show_link("/dev/fd");
    struct stat link;
    printf("/dev/stdout lstat is a link of size 15: %s\n", yes(lstat("/dev/stdout", &link) == 0 && S_ISLNK(link.st_mode) && link.st_size == 15));

    int seen = 0;
    DIR *dir = opendir("/dev");
    struct dirent *entry;
    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        const char *wanted[] = {"null", "zero", "full", "random", "urandom", "tty", "console", "stdin", "stdout", "stderr", "fd"};
        for (int i = 0; i < 11; i++)
            if (strcmp(entry->d_name, wanted[i]) == 0)
                seen++;
    }
    if (dir != NULL)
        closedir(dir);
    printf("/dev lists the 11 names: %s\n", yes(seen == 11));

    struct statfs fs;
    printf("/dev statfs type 0x%lx\n", statfs("/dev", &fs) == 0 ? (unsigned long)fs.f_type : 0UL);
    errno = 0;
    int missing = open("/dev/nonexistent", O_RDONLY);
    printf("open /dev/nonexistent: %d errno ENOENT: %s\n", missing, yes(errno == ENOENT));
    return 0;
}
