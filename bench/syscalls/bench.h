/* Shared by the bench/syscalls programs: a CLOCK_MONOTONIC reader, the iteration count from argv[1], and the one
 * output line, `name ns_per_op`, that bench/syscalls.sh parses. */
#ifndef KILN_BENCH_H
#define KILN_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline long long bench_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline long bench_iterations(int argc, char **argv, long fallback)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : fallback;
    return n > 0 ? n : fallback;
}

static inline void bench_report(const char *name, long long elapsed_ns, long ops)
{
    printf("%s %.1f\n", name, (double)elapsed_ns / (double)ops);
    fflush(stdout);
}

#endif
