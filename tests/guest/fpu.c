/* fpu: each thread's x87 and SSE state survives system calls, blocking, preemption and other threads' use. Four
 * threads, each with its own rounding mode (x87 control word and MXCSR both), repeat long double and double
 * divisions whose rounding shows the mode, across sched_yield, getpid, futex waits and preemption; values held in
 * xmm registers across a raw syscall must come back unchanged. */
#define _GNU_SOURCE
#include <fenv.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const int modes[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *names[4] = {"to nearest", "upward", "downward", "toward zero"};
static pthread_barrier_t barrier;

/* xmm6 and xmm7 carry a pattern through a getpid system call; the kernel must hand them back untouched. */
static int xmm_survives_syscall(unsigned seed)
{
    unsigned in[8], out[8];
    for (int i = 0; i < 8; i++)
        in[i] = seed * 2654435761u + (unsigned)i;
    long nr = SYS_getpid;
    __asm__ volatile("movdqu 0(%2), %%xmm6\n\t"
                     "movdqu 16(%2), %%xmm7\n\t"
                     "syscall\n\t"
                     "movdqu %%xmm6, 0(%1)\n\t"
                     "movdqu %%xmm7, 16(%1)\n\t"
                     : "+a"(nr)
                     : "r"(out), "r"(in)
                     : "rcx", "r11", "xmm6", "xmm7", "memory");
    return memcmp(in, out, sizeof in) == 0;
}

static void *worker(void *arg)
{
    int index = (int)(long)arg;
    fesetround(modes[index]);
    volatile long double one = 1.0L, three = 3.0L;
    volatile double done = 1.0, dthree = 3.0;
    long double x87 = one / three;
    double sse = done / dthree;
    pthread_barrier_wait(&barrier);
    int ok = 1;
    for (int i = 0; i < 3000; i++) {
        if (i % 3 == 0)
            sched_yield();
        else if (i % 3 == 1)
            syscall(SYS_getpid);
        if (one / three != x87 || done / dthree != sse || fegetround() != modes[index])
            ok = 0;
        if (!xmm_survives_syscall((unsigned)(i * 4 + index)))
            ok = 0;
        for (volatile int spin = 0; spin < 200; spin++) {
        }
    }
    pthread_barrier_wait(&barrier);
    return (void *)(long)ok;
}

int main(void)
{
    pthread_t threads[4];
    pthread_barrier_init(&barrier, NULL, 4);
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, worker, (void *)(long)i);
    for (int i = 0; i < 4; i++) {
        void *ok;
        pthread_join(threads[i], &ok);
        printf("thread rounding %s kept its x87 and SSE state: %s\n", names[i], ok ? "yes" : "no");
    }
    printf("main thread still rounds to nearest: %s\n", fegetround() == FE_TONEAREST ? "yes" : "no");
    return 0;
}
