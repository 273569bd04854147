/* memory: the address-space system calls directly. brk grows, shrinks and regrows (regrown memory reads zero) and
 * refuses an absurd request; anonymous mmap is zeroed, munmap of a middle page leaves its neighbours usable, MAP_FIXED
 * maps where asked, length 0 is EINVAL; mprotect to read-only and back; the reserve-then-commit pattern (a large
 * PROT_NONE reservation made usable piece by piece, as Go and .NET runtimes do); a large mapping touched only
 * sparsely (demand paging); mremap growth preserves contents and zero-fills; madvise(MADV_DONTNEED) zeroes private
 * anonymous pages. No signal handlers: Kiln does not deliver signals yet. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char value)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != value)
            return 0;
    return 1;
}

static uintptr_t raw_brk(uintptr_t address)
{
    /* The raw system call: musl's brk() and sbrk(n) refuse to work, and glibc's wrappers hide the kernel's answer. */
    return (uintptr_t)syscall(SYS_brk, address);
}

int main(void)
{
    /* brk experiments come first and restore the break, before stdio or malloc take their own memory from it. */
    uintptr_t start = raw_brk(0);
    uintptr_t grown = raw_brk(start + (1UL << 20));
    int brk_grew = grown == start + (1UL << 20);
    if (brk_grew)
        memset((void *)start, 0x5a, 1UL << 20);
    uintptr_t shrunk = raw_brk(start + PAGE);
    uintptr_t regrown = raw_brk(start + 16 * PAGE);
    int regrown_zero = regrown == start + 16 * PAGE && all_bytes((unsigned char *)start + PAGE, 15 * PAGE, 0);
    int kept = all_bytes((unsigned char *)start, PAGE, 0x5a);
    uintptr_t absurd = raw_brk(start + (1UL << 46));
    uintptr_t restored = raw_brk(start);

    printf("brk(0) non-zero: %s\n", yes(start != 0));
    printf("brk grew by 1 MiB: %s\n", yes(brk_grew));
    printf("brk shrank: %s\n", yes(shrunk == start + PAGE));
    printf("brk kept the bytes below the break: %s\n", yes(kept));
    printf("brk regrown memory is zero: %s\n", yes(regrown_zero));
    printf("brk refused 64 TiB and kept the old break: %s\n", yes(absurd == start + 16 * PAGE));
    printf("brk restored: %s\n", yes(restored == start));

    /* Anonymous mappings are zeroed and writable. */
    size_t size = 1UL << 20;
    unsigned char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 1 MiB: %s\n", yes(m != MAP_FAILED));
    printf("mmap page-aligned: %s\n", yes(((uintptr_t)m & (PAGE - 1)) == 0));
    printf("mmap zeroed: %s\n", yes(all_bytes(m, size, 0)));
    memset(m, 0x11, size);
    printf("mmap writable: %s\n", yes(all_bytes(m, size, 0x11)));

    /* Unmapping the middle page leaves both neighbours mapped. */
    printf("munmap middle page: %s\n", yes(munmap(m + PAGE, PAGE) == 0));
    m[0] = 1;
    m[2 * PAGE] = 2;
    printf("neighbours still usable: %s\n", yes(m[0] == 1 && m[2 * PAGE] == 2 && m[size - 1] == 0x11));

    /* MAP_FIXED over the hole puts a fresh zeroed page exactly there. */
    unsigned char *fixed = mmap(m + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at the hole: %s\n", yes(fixed == m + PAGE));
    printf("MAP_FIXED page zeroed: %s\n", yes(fixed != MAP_FAILED && all_bytes(fixed, PAGE, 0)));
    /* MAP_FIXED over existing pages replaces them. */
    unsigned char *over = mmap(m, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED over a used page replaces it: %s\n", yes(over == m && m[0] == 0));
    printf("munmap whole range: %s\n", yes(munmap(m, size) == 0));

    errno = 0;
    void *empty = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap length 0 is EINVAL: %s\n", yes(empty == MAP_FAILED && errno == EINVAL));
    errno = 0;
    printf("munmap unaligned is EINVAL: %s\n", yes(munmap((void *)(PAGE + 1), PAGE) == -1 && errno == EINVAL));

    /* mprotect: read-only still reads, back to read-write writes again. */
    unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x22, 4 * PAGE);
    printf("mprotect read-only: %s\n", yes(mprotect(p, 4 * PAGE, PROT_READ) == 0));
    printf("read-only pages still read: %s\n", yes(all_bytes(p, 4 * PAGE, 0x22)));
    printf("mprotect read-write again: %s\n", yes(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0));
    p[PAGE] = 0x33;
    printf("written after mprotect: %s\n", yes(p[PAGE] == 0x33));
    errno = 0;
    /* Raw system call: musl's mprotect wrapper rounds the address down to a page itself. */
    printf("mprotect unaligned is EINVAL: %s\n", yes(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ) == -1 && errno == EINVAL));
    munmap(p, 4 * PAGE);

    /* Reserve 8 GiB without backing, then commit 1 MiB in its middle. */
    size_t reserve = 8UL << 30;
    unsigned char *r = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("reserve 8 GiB PROT_NONE: %s\n", yes(r != MAP_FAILED));
    if (r != MAP_FAILED)
    {
        unsigned char *commit = r + (4UL << 30);
        int ok = mprotect(commit, 1UL << 20, PROT_READ | PROT_WRITE) == 0;
        if (ok)
        {
            memset(commit, 0x44, 1UL << 20);
            ok = all_bytes(commit, 1UL << 20, 0x44);
        }
        printf("commit 1 MiB inside it: %s\n", yes(ok));
        printf("munmap the reservation: %s\n", yes(munmap(r, reserve) == 0));
    }

    /* A 128 MiB read-write mapping touched once every 4 MiB: only the touched pages need memory. (Not more: Linux
     * refuses a single private mapping larger than the machine's RAM, and guests may have as little as 256 MiB.) */
    size_t sparse_size = 128UL << 20;
    unsigned char *sparse = mmap(NULL, sparse_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int sparse_ok = sparse != MAP_FAILED;
    for (size_t off = 0; sparse_ok && off < sparse_size; off += 4UL << 20)
    {
        sparse[off] = (unsigned char)(off >> 20);
        sparse_ok = sparse[off] == (unsigned char)(off >> 20) && sparse[off + 1] == 0;
    }
    printf("128 MiB mapping touched sparsely: %s\n", yes(sparse_ok));
    if (sparse != MAP_FAILED)
        munmap(sparse, sparse_size);

    /* mremap growth with MREMAP_MAYMOVE keeps the contents and zero-fills the new part; shrinking works too. */
    unsigned char *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(q, 0x55, PAGE);
    unsigned char *q2 = mremap(q, PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    printf("mremap grow: %s\n", yes(q2 != MAP_FAILED));
    printf("mremap kept contents: %s\n", yes(q2 != MAP_FAILED && all_bytes(q2, PAGE, 0x55)));
    printf("mremap new part zeroed: %s\n", yes(q2 != MAP_FAILED && all_bytes(q2 + PAGE, 63 * PAGE, 0)));
    memset(q2, 0x66, 64 * PAGE);
    unsigned char *q3 = mremap(q2, 64 * PAGE, 2 * PAGE, 0);
    printf("mremap shrink in place: %s\n", yes(q3 == q2 && all_bytes(q3, 2 * PAGE, 0x66)));
    errno = 0;
    printf("mremap to size 0 is EINVAL: %s\n", yes(mremap(q3, 2 * PAGE, 0, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL));

    /* madvise(MADV_DONTNEED) drops private anonymous pages: they read as zero afterwards. */
    printf("madvise DONTNEED: %s\n", yes(madvise(q3, 2 * PAGE, MADV_DONTNEED) == 0));
    printf("pages zero after DONTNEED: %s\n", yes(all_bytes(q3, 2 * PAGE, 0)));
    printf("madvise WILLNEED: %s\n", yes(madvise(q3, 2 * PAGE, MADV_WILLNEED) == 0));
    errno = 0;
    printf("madvise unknown advice is EINVAL: %s\n", yes(madvise(q3, PAGE, 12345) == -1 && errno == EINVAL));
    munmap(q3, 2 * PAGE);
    return 0;
}
