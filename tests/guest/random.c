/* random: getrandom(2) fills the whole buffer (blocking and GRND_NONBLOCK), the bytes are not all zero, two draws
 * differ, and a large request (1 MiB) is served, possibly in parts as the man page allows above 256 bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

int main(void)
{
    unsigned char a[64] = {0}, b[64] = {0};
    printf("getrandom 64 bytes returned 64: %s\n", yes(getrandom(a, sizeof a, 0) == (ssize_t)sizeof a));
    printf("getrandom NONBLOCK returned 64: %s\n", yes(getrandom(b, sizeof b, GRND_NONBLOCK) == (ssize_t)sizeof b));
    printf("bytes not all zero: %s\n", yes(!all_zero(a, sizeof a) && !all_zero(b, sizeof b)));
    printf("two draws differ: %s\n", yes(memcmp(a, b, sizeof a) != 0));

    size_t big = 1 << 20, got = 0;
    unsigned char *buffer = calloc(big, 1);
    while (got < big)
    {
        ssize_t n = getrandom(buffer + got, big - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    printf("1 MiB filled: %s\n", yes(got == big));
    /* Every byte value should turn up in 1 MiB of random data. */
    int seen[256] = {0}, distinct = 0;
    for (size_t i = 0; i < got; i++)
        seen[buffer[i]] = 1;
    for (int i = 0; i < 256; i++)
        distinct += seen[i];
    printf("all 256 byte values present: %s\n", yes(distinct == 256));

    errno = 0;
    long rc = getrandom(buffer, 16, 0x1000);
    printf("unknown flag rejected with EINVAL: %s\n", yes(rc == -1 && errno == EINVAL));
    free(buffer);
    return 0;
}
