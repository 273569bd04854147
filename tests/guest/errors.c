/* errors: system calls that must fail cleanly instead of crashing the program or the kernel. An unknown system
 * call number (1000) returns -1/ENOSYS; write from a bad pointer and read into an unmapped buffer return EFAULT;
 * a file descriptor that is not open gives EBADF. Expects data waiting on stdin (the host test feeds a line),
 * because Linux returns 0 without touching the buffer at end of input. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *errno_name(int err)
{
    /* strerrorname_np is glibc-only and strerror's wording differs between libcs: name the few we expect. */
    switch (err)
    {
    case ENOSYS: return "ENOSYS";
    case EFAULT: return "EFAULT";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    default: return "other";
    }
}

static void *opaque(uintptr_t address)
{
    /* Through a volatile so the compiler neither warns about nor reasons about the bad pointers below. */
    volatile uintptr_t laundered = address;
    return (void *)laundered;
}

static void report(const char *what, long rc, int err)
{
    printf("%s: rc=%ld errno=%s\n", what, rc, rc == -1 ? errno_name(err) : "-");
}

int main(void)
{
    errno = 0;
    long rc = syscall(1000);
    report("syscall(1000)", rc, errno);

    errno = 0;
    rc = syscall(500, 1, 2, 3);
    report("syscall(500)", rc, errno);

    errno = 0;
    rc = write(1, opaque(1), 10);
    report("write(1, (void *)1, 10)", rc, errno);

    /* An address that certainly is not mapped: map a page, then unmap it. */
    void *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    errno = 0;
    rc = write(1, gone, 10);
    report("write(1, unmapped, 10)", rc, errno);

    errno = 0;
    rc = read(0, gone, 10);
    report("read(0, unmapped, 10)", rc, errno);

    errno = 0;
    rc = write(1, opaque(0xffffffff80000000UL), 10);
    report("write(1, kernel address, 10)", rc, errno);

    errno = 0;
    rc = write(99, "x", 1);
    report("write(99, ...)", rc, errno);

    errno = 0;
    rc = read(99, &rc, 1);
    report("read(99, ...)", rc, errno);

    printf("still running after all of them: yes\n");
    return 0;
}
