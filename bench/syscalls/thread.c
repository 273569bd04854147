/* thread: pthread_create followed at once by pthread_join of a thread that does nothing, N times. */
#include <pthread.h>

#include "bench.h"

static void *nothing(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    long n = bench_iterations(argc, argv, 500);
    pthread_t t;
    for (long i = 0; i < 10; i++) {
        pthread_create(&t, NULL, nothing, NULL);
        pthread_join(t, NULL);
    }
    long long start = bench_now_ns();
    for (long i = 0; i < n; i++) {
        pthread_create(&t, NULL, nothing, NULL);
        pthread_join(t, NULL);
    }
    bench_report("thread_create_join", bench_now_ns() - start, n);
    return 0;
}
