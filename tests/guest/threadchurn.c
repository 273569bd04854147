/* threadchurn: creates and joins N threads one after another (N from argv[1], default 1000), each doing a little
 * work, and prints how many ran and their checksum. KernelMemoryTests runs it with N=100 and N=10000 and requires
 * the kernel heap in use at exit to be the same within a small slack: thread exit must free what create took. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *work(void *arg)
{
    uintptr_t x = (uintptr_t)arg;
    /* A little arithmetic and some stack, so the thread is more than a create/exit pair. */
    volatile unsigned char scratch[512];
    for (int i = 0; i < (int)sizeof scratch; i++)
        scratch[i] = (unsigned char)(x + i);
    uintptr_t sum = 0;
    for (int i = 0; i < (int)sizeof scratch; i++)
        sum += scratch[i];
    return (void *)(sum ^ x);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    uintptr_t checksum = 0, expected = 0;
    long joined = 0;
    for (long i = 0; i < n; i++) {
        pthread_t t;
        void *result;
        if (pthread_create(&t, NULL, work, (void *)(uintptr_t)i) != 0 || pthread_join(t, &result) != 0) {
            printf("thread %ld FAILED\n", i);
            return 1;
        }
        joined++;
        checksum += (uintptr_t)result;
        uintptr_t sum = 0;
        for (int b = 0; b < 512; b++)
            sum += (unsigned char)(i + b);
        expected += sum ^ (uintptr_t)i;
    }
    printf("threads created and joined: %ld\n", joined);
    printf("checksum matches: %s\n", checksum == expected ? "yes" : "no");
    return 0;
}
