/* malloc: heavy malloc/free traffic. Sizes from 1 byte to 4 MiB, so glibc serves the small ones from brk and the
 * ones above 128 KiB (its mmap threshold) with mmap; musl uses brk and mmap too. Checks that every block keeps its
 * contents (a checksum over all of them), that realloc growth preserves data, that calloc memory is zero even
 * when it reuses freed, dirtied memory, and that memory freed is reusable (many rounds, far more than RAM if
 * nothing were returned). Output is a few deterministic lines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
    /* xorshift64: deterministic, so native and Kiln see the same sizes and bytes. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t random_size(void)
{
    uint64_t r = next_random();
    switch (r % 8)
    {
    case 0: return 1 + (r >> 8) % 16;
    case 1: case 2: case 3: return 1 + (r >> 8) % 512;
    case 4: case 5: return 1 + (r >> 8) % 16384;
    case 6: return 64 * 1024 + (r >> 8) % (256 * 1024);   /* around the 128 KiB mmap threshold */
    default: return 1 + (r >> 8) % 4096;
    }
}

static void fill(unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 31);
}

static int verify(const unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i * 31))
            return 0;
    return 1;
}

int main(void)
{
    unsigned char *block[SLOTS] = {0};
    size_t size[SLOTS] = {0};
    unsigned char seed[SLOTS] = {0};
    uint64_t checksum = 0;
    int bad = 0;

    /* Many rounds of random frees and allocations over a fixed set of slots. */
    for (int round = 0; round < 20000; round++)
    {
        int slot = (int)(next_random() % SLOTS);
        if (block[slot] != NULL)
        {
            if (!verify(block[slot], size[slot], seed[slot]))
                bad++;
            checksum = checksum * 1099511628211ULL + block[slot][size[slot] - 1];
            free(block[slot]);
        }
        size[slot] = random_size();
        seed[slot] = (unsigned char)round;
        block[slot] = malloc(size[slot]);
        if (block[slot] == NULL)
        {
            printf("malloc(%zu) failed in round %d\n", size[slot], round);
            return 1;
        }
        fill(block[slot], size[slot], seed[slot]);
    }
    for (int slot = 0; slot < SLOTS; slot++)
    {
        if (!verify(block[slot], size[slot], seed[slot]))
            bad++;
        free(block[slot]);
    }
    printf("random rounds: 20000, corrupted blocks: %d, checksum: %016llx\n", bad, (unsigned long long)checksum);

    /* Large blocks, well above the mmap threshold, allocated and freed many times over: 64 x 4 MiB = 256 MiB. */
    int large_ok = 1;
    for (int i = 0; i < 64; i++)
    {
        size_t n = 4u << 20;
        unsigned char *p = malloc(n);
        if (p == NULL)
        {
            large_ok = 0;
            break;
        }
        p[0] = 1;
        p[n / 2] = 2;
        p[n - 1] = 3;
        if (p[0] + p[n / 2] + p[n - 1] != 6)
            large_ok = 0;
        free(p);
    }
    printf("64 x 4 MiB allocate/free: %s\n", large_ok ? "ok" : "FAILED");

    /* realloc growth from 1 byte to 8 MiB, doubling, checking the old contents each time. */
    size_t n = 1;
    unsigned char *grown = malloc(n);
    grown[0] = 0xa5;
    int realloc_ok = 1;
    while (n < (8u << 20))
    {
        size_t bigger = n * 2;
        grown = realloc(grown, bigger);
        if (grown == NULL)
        {
            realloc_ok = 0;
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (grown[i] != (unsigned char)(0xa5 ^ (i & 0xff)))
                realloc_ok = 0;
        for (size_t i = n; i < bigger; i++)
            grown[i] = (unsigned char)(0xa5 ^ (i & 0xff));
        n = bigger;
    }
    free(grown);
    printf("realloc growth to %zu bytes: %s\n", n, realloc_ok ? "ok" : "FAILED");

    /* calloc must return zeroed memory even when malloc would hand back dirty, recycled memory. */
    int calloc_ok = 1;
    for (int i = 0; i < 200; i++)
    {
        size_t count = 1 + (size_t)(next_random() % 40000);
        unsigned char *dirty = malloc(count);
        memset(dirty, 0xff, count);
        free(dirty);
        unsigned char *clean = calloc(count, 1);
        for (size_t j = 0; j < count; j++)
            if (clean[j] != 0)
                calloc_ok = 0;
        free(clean);
    }
    unsigned char *huge = calloc(3 << 20, 1);
    for (size_t j = 0; j < (3u << 20); j += 4096)
        if (huge[j] != 0)
            calloc_ok = 0;
    free(huge);
    printf("calloc zeroed: %s\n", calloc_ok ? "ok" : "FAILED");
    return bad == 0 && large_ok && realloc_ok && calloc_ok ? 0 : 1;
}
