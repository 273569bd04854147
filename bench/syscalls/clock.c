/* clock: clock_gettime(CLOCK_MONOTONIC) N times, which libc serves from the vDSO when the kernel offers one. */
#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_iterations(argc, argv, 200000);
    struct timespec t;
    for (long i = 0; i < n / 10; i++)
        clock_gettime(CLOCK_MONOTONIC, &t);
    long long start = bench_now_ns();
    for (long i = 0; i < n; i++)
        clock_gettime(CLOCK_MONOTONIC, &t);
    bench_report("clock_gettime", bench_now_ns() - start, n);
    return 0;
}
