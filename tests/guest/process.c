/* process: identity and limits of the one process. pid/tid/ppid are consistent (tid == pid in a single-threaded
 * program), uid/gid calls agree with their effective twins, set_tid_address returns the tid, the stack rlimit and
 * prlimit64 agree, sched_getaffinity names at least one CPU, sched_yield succeeds, /proc/self/exe resolves to an
 * absolute path, and a single-threaded futex wait on a changed value returns EAGAIN at once. Values differ between
 * systems, so only relations are printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc cannot see: FUTEX_WAIT and FUTEX_WAKE with FUTEX_PRIVATE_FLAG (128). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

int main(void)
{
    pid_t pid = getpid();
    long tid = syscall(SYS_gettid);
    printf("pid positive: %s\n", yes(pid > 0));
    printf("tid equals pid: %s\n", yes(tid == pid));
    printf("ppid not negative: %s\n", yes(getppid() >= 0));
    printf("uid equals euid: %s\n", yes(getuid() == geteuid()));
    printf("gid equals egid: %s\n", yes(getgid() == getegid()));
    int dummy;
    printf("set_tid_address returns tid: %s\n", yes(syscall(SYS_set_tid_address, &dummy) == tid));

    struct rlimit stack, via_prlimit;
    printf("getrlimit(STACK) ok: %s\n", yes(getrlimit(RLIMIT_STACK, &stack) == 0));
    printf("stack soft limit >= 1 MiB: %s\n", yes(stack.rlim_cur >= (1u << 20)));
    printf("stack soft <= hard: %s\n", yes(stack.rlim_cur <= stack.rlim_max));
    printf("prlimit64 agrees: %s\n",
           yes(prlimit(0, RLIMIT_STACK, NULL, &via_prlimit) == 0 && via_prlimit.rlim_cur == stack.rlim_cur));

    cpu_set_t set;
    CPU_ZERO(&set);
    printf("sched_getaffinity ok: %s\n", yes(sched_getaffinity(0, sizeof set, &set) == 0));
    printf("at least one CPU: %s\n", yes(CPU_COUNT(&set) >= 1));
    printf("sched_yield ok: %s\n", yes(sched_yield() == 0));

    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    printf("readlink(/proc/self/exe) absolute: %s\n", yes(n > 0 && exe[0] == '/'));

    uint32_t word = 1;
    errno = 0;
    long rc = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
    printf("futex wait on a changed value is EAGAIN: %s\n", yes(rc == -1 && errno == EAGAIN));
    printf("futex wake with no waiters wakes 0: %s\n", yes(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0));
    return 0;
}
