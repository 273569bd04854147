/* getpid: the cost of a system call round trip, syscall(SYS_getpid) (no libc caching) N times. */
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_iterations(argc, argv, 20000);
    for (long i = 0; i < n / 10; i++)
        syscall(SYS_getpid);
    long long start = bench_now_ns();
    for (long i = 0; i < n; i++)
        syscall(SYS_getpid);
    bench_report("getpid", bench_now_ns() - start, n);
    return 0;
}
