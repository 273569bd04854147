/* tls: thread-local storage. __thread variables start from their initial image in every thread (initialized data
 * and a 16 KiB zeroed block), changes stay in the thread, errno is per thread, the %fs base is the thread pointer
 * (arch_prctl ARCH_GET_FS), and pthread_key_create destructors run at thread exit for non-NULL values only, again
 * when a destructor sets a value anew, and never for the main thread before exit. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARCH_GET_FS 0x1003
#define THREADS 4

static __thread int initialized = 5;
static __thread long long wide = 0x1122334455667788LL;
static __thread char zeroed[16384];

static pthread_key_t plain_key, again_key;
static int plain_destructor_runs, again_destructor_runs;

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void plain_destructor(void *value)
{
    __atomic_add_fetch(&plain_destructor_runs, 1, __ATOMIC_SEQ_CST);
    free(value);
}

/* Sets its value again the first time round, so POSIX requires a second call (up to
 * PTHREAD_DESTRUCTOR_ITERATIONS passes). */
static void again_destructor(void *value)
{
    __atomic_add_fetch(&again_destructor_runs, 1, __ATOMIC_SEQ_CST);
    if ((intptr_t)value == 1)
        pthread_setspecific(again_key, (void *)2);
}

struct report {
    int saw_initial_image;
    int zeroed_clean;
    int kept_own_value;
    int errno_own;
    int fs_is_thread_pointer;
    int key_started_null;
    uintptr_t address_of_initialized;
};

static int all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

static void *worker(void *arg)
{
    struct report *r = arg;
    r->saw_initial_image = initialized == 5 && wide == 0x1122334455667788LL;
    r->zeroed_clean = all_zero(zeroed, sizeof zeroed);
    r->address_of_initialized = (uintptr_t)&initialized;
    initialized = 100;
    memset(zeroed, 0xab, sizeof zeroed);
    r->key_started_null = pthread_getspecific(plain_key) == NULL;

    errno = 0;
    close(-1);
    int my_errno = errno;

    unsigned long fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
    r->fs_is_thread_pointer = fs == (unsigned long)pthread_self();

    /* Give the other threads a chance to run and scribble on their own copies. */
    for (int i = 0; i < 3; i++)
        sched_yield();
    r->kept_own_value = initialized == 100 && (unsigned char)zeroed[sizeof zeroed - 1] == 0xab;
    r->errno_own = my_errno == EBADF && errno == EBADF;

    pthread_setspecific(plain_key, malloc(32));
    pthread_setspecific(again_key, (void *)1);
    return NULL;
}

static void *sets_nothing(void *arg)
{
    (void)arg;
    pthread_setspecific(plain_key, NULL);
    return NULL;
}

static void *spawns_grandchild(void *arg)
{
    pthread_t t;
    initialized = 77;
    pthread_create(&t, NULL, worker, arg);
    pthread_join(t, NULL);
    return (void *)(intptr_t)(initialized == 77);
}

int main(void)
{
    if (pthread_key_create(&plain_key, plain_destructor) != 0 || pthread_key_create(&again_key, again_destructor) != 0) {
        printf("pthread_key_create FAILED\n");
        return 1;
    }

    initialized = 9;
    errno = 0;
    pthread_setspecific(plain_key, malloc(16));

    struct report reports[THREADS + 1];
    memset(reports, 0, sizeof reports);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, worker, &reports[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);

    int initial = 1, clean = 1, own = 1, errnos = 1, fs = 1, null_keys = 1, distinct = 1;
    for (int i = 0; i < THREADS; i++) {
        initial &= reports[i].saw_initial_image;
        clean &= reports[i].zeroed_clean;
        own &= reports[i].kept_own_value;
        errnos &= reports[i].errno_own;
        fs &= reports[i].fs_is_thread_pointer;
        null_keys &= reports[i].key_started_null;
        for (int j = 0; j < i; j++)
            distinct &= reports[i].address_of_initialized != reports[j].address_of_initialized;
    }
    distinct &= reports[0].address_of_initialized != (uintptr_t)&initialized;
    printf("threads start from the initial TLS image: %s\n", yes(initial));
    printf("16 KiB zeroed TLS block clean in each thread: %s\n", yes(clean));
    printf("each thread keeps its own values: %s\n", yes(own));
    printf("TLS addresses differ between threads: %s\n", yes(distinct));
    printf("errno is per thread: %s\n", yes(errnos && errno == 0));
    printf("fs base is the thread pointer: %s\n", yes(fs));
    printf("main's value untouched: %s\n", yes(initialized == 9 && zeroed[0] == 0));
    printf("key value starts NULL in a new thread: %s\n", yes(null_keys));
    printf("destructor ran once per thread with a value: %d\n", plain_destructor_runs);
    printf("destructor that sets a value runs twice per thread: %d\n", again_destructor_runs);

    unsigned long main_fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &main_fs);
    printf("main fs base is the thread pointer: %s\n", yes(main_fs == (unsigned long)pthread_self()));

    pthread_t t;
    pthread_create(&t, NULL, sets_nothing, NULL);
    pthread_join(t, NULL);
    printf("no destructor for a NULL value: %s\n", yes(plain_destructor_runs == THREADS));

    void *kept;
    pthread_create(&t, NULL, spawns_grandchild, &reports[THREADS]);
    pthread_join(t, &kept);
    printf("thread created by a thread starts from the initial image: %s\n", yes(reports[THREADS].saw_initial_image));
    printf("creating thread keeps its value: %s\n", yes(kept != NULL));
    printf("main's destructor has not run: %s\n", yes(pthread_getspecific(plain_key) != NULL));
    return 0;
}
