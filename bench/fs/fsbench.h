/* Shared by the bench/fs programs: a CLOCK_MONOTONIC reader, a path joiner that fails loudly, and the output line
 * `name value` that bench/fs.sh parses (rates and throughputs; larger is better). */
#ifndef KILN_FSBENCH_H
#define KILN_FSBENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline long long fsbench_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Prints what failed with errno's text and exits 1: a benchmark that lost an operation has no figure to report. */
static inline void fsbench_fail(const char *what, const char *path)
{
    fprintf(stderr, "%s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static inline void fsbench_join(char *out, size_t size, const char *dir, const char *name)
{
    if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size) {
        fprintf(stderr, "path too long: %s/%s\n", dir, name);
        exit(2);
    }
}

static inline void fsbench_report(const char *name, double value)
{
    printf("%s %.1f\n", name, value);
    fflush(stdout);
}

#endif
