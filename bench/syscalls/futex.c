/* futex: a ping-pong between two threads over one futex word. Each side waits (FUTEX_WAIT) until the word holds
 * its turn, then flips it and wakes the other (FUTEX_WAKE): one round trip is two waits and two wakes, and on one
 * vCPU two context switches. Reports nanoseconds per round trip. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static uint32_t turn; /* 0: main's turn, 1: the partner's */
static long rounds;

static void wait_for(uint32_t mine)
{
    uint32_t seen;
    while ((seen = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) != mine)
        syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void hand_over(uint32_t to)
{
    __atomic_store_n(&turn, to, __ATOMIC_RELEASE);
    syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *partner(void *arg)
{
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        wait_for(1);
        hand_over(0);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = bench_iterations(argc, argv, 2000);
    pthread_t t;
    pthread_create(&t, NULL, partner, NULL);
    long long start = bench_now_ns();
    for (long i = 0; i < rounds; i++) {
        hand_over(1);
        wait_for(0);
    }
    long long elapsed = bench_now_ns() - start;
    pthread_join(t, NULL);
    bench_report("futex_pingpong", elapsed, rounds);
    return 0;
}
