/* threads: POSIX threads as a program uses them. A mutex guards a counter four threads increment, a condition
 * variable carries items from a producer to a consumer through a bounded queue, a barrier keeps four threads in
 * step, 1,000 create/join cycles return their values, detached threads run and exit on their own, threads have
 * their own tid (not the pid) and name (prctl PR_SET_NAME). With argv[1] "exit-from-thread" a thread calls exit(7)
 * while the main thread waits (the whole process ends, status 7); with "main-exits-first" the main thread calls
 * pthread_exit and the process lives on until its last thread ends (status 0). Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define COUNTER_THREADS 4
#define INCREMENTS 20000
#define ITEMS 2000
#define QUEUE_SLOTS 4
#define BARRIER_THREADS 4
#define BARRIER_ROUNDS 5
#define CYCLES 1000
#define DETACHED 10

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void check(int rc, const char *what)
{
    if (rc != 0) {
        printf("%s FAILED: %s\n", what, strerror(rc));
        exit(1);
    }
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* Mutex: every increment of the shared counter happens under the lock, so none is lost. */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *increment(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

/* Condition variable: a bounded queue between one producer and one consumer. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE_SLOTS];
static int queue_head, queue_count, queue_max_seen;

static void *produce(void *arg)
{
    (void)arg;
    for (int item = 1; item <= ITEMS; item++) {
        pthread_mutex_lock(&queue_lock);
        while (queue_count == QUEUE_SLOTS)
            pthread_cond_wait(&not_full, &queue_lock);
        queue[(queue_head + queue_count) % QUEUE_SLOTS] = item;
        queue_count++;
        if (queue_count > queue_max_seen)
            queue_max_seen = queue_count;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

static void *consume(void *arg)
{
    long *sum = arg;
    int expected = 1, in_order = 1;
    for (int n = 0; n < ITEMS; n++) {
        pthread_mutex_lock(&queue_lock);
        while (queue_count == 0)
            pthread_cond_wait(&not_empty, &queue_lock);
        int item = queue[queue_head];
        queue_head = (queue_head + 1) % QUEUE_SLOTS;
        queue_count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&queue_lock);
        in_order &= item == expected++;
        *sum += item;
    }
    return (void *)(intptr_t)in_order;
}

/* Barrier: in every round each thread adds one to the round's tally, then waits; after the wait all must see the
 * full tally, and exactly one thread per round gets PTHREAD_BARRIER_SERIAL_THREAD. */
static pthread_barrier_t barrier;
static int tally[BARRIER_ROUNDS];
static int serial_count[BARRIER_ROUNDS];
static int barrier_saw_partial;

static void *barrier_worker(void *arg)
{
    (void)arg;
    for (int round = 0; round < BARRIER_ROUNDS; round++) {
        __atomic_add_fetch(&tally[round], 1, __ATOMIC_SEQ_CST);
        int rc = pthread_barrier_wait(&barrier);
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&serial_count[round], 1, __ATOMIC_SEQ_CST);
        else if (rc != 0)
            printf("pthread_barrier_wait FAILED: %d\n", rc);
        if (__atomic_load_n(&tally[round], __ATOMIC_SEQ_CST) != BARRIER_THREADS)
            __atomic_store_n(&barrier_saw_partial, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static void *plus_one(void *arg)
{
    return (void *)((intptr_t)arg + 1);
}

static void *exits_with_42(void *arg)
{
    (void)arg;
    pthread_exit((void *)42);
}

/* Detached threads: nobody joins them; each counts itself and posts a semaphore before exiting. */
static sem_t detached_done;
static int detached_ran;

static void *detached_worker(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&detached_ran, 1, __ATOMIC_SEQ_CST);
    sem_post(&detached_done);
    pthread_exit(NULL);
}

struct identity {
    pid_t pid;
    long tid;
    char name[16];
    int set_name_rc;
};

static void *who_am_i(void *arg)
{
    struct identity *id = arg;
    id->pid = getpid();
    id->tid = syscall(SYS_gettid);
    id->set_name_rc = prctl(PR_SET_NAME, "kiln-worker");
    prctl(PR_GET_NAME, id->name);
    return NULL;
}

static void *exit_seven_soon(void *arg)
{
    (void)arg;
    sleep_ms(20);
    printf("thread calls exit(7)\n");
    exit(7);
}

static void *outlive_main(void *arg)
{
    (void)arg;
    sleep_ms(50);
    printf("last thread still running after main's pthread_exit: yes\n");
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t threads[COUNTER_THREADS > BARRIER_THREADS ? COUNTER_THREADS : BARRIER_THREADS];

    if (argc > 1 && strcmp(argv[1], "exit-from-thread") == 0) {
        pthread_t t;
        check(pthread_create(&t, NULL, exit_seven_soon, NULL), "pthread_create");
        for (;;)
            pause();
    }
    if (argc > 1 && strcmp(argv[1], "main-exits-first") == 0) {
        pthread_t t;
        check(pthread_create(&t, NULL, outlive_main, NULL), "pthread_create");
        printf("main thread calls pthread_exit\n");
        fflush(stdout);
        pthread_exit(NULL);
    }

    for (int i = 0; i < COUNTER_THREADS; i++)
        check(pthread_create(&threads[i], NULL, increment, NULL), "pthread_create");
    for (int i = 0; i < COUNTER_THREADS; i++)
        check(pthread_join(threads[i], NULL), "pthread_join");
    printf("mutex counter: %ld (expected %d)\n", counter, COUNTER_THREADS * INCREMENTS);

    pthread_t producer, consumer;
    long sum = 0;
    void *in_order;
    check(pthread_create(&consumer, NULL, consume, &sum), "pthread_create");
    check(pthread_create(&producer, NULL, produce, NULL), "pthread_create");
    check(pthread_join(producer, NULL), "pthread_join");
    check(pthread_join(consumer, &in_order), "pthread_join");
    printf("condvar items sum: %ld (expected %d)\n", sum, ITEMS * (ITEMS + 1) / 2);
    printf("condvar items in order: %s\n", yes(in_order != NULL));
    printf("queue never overfilled: %s\n", yes(queue_max_seen <= QUEUE_SLOTS));

    check(pthread_barrier_init(&barrier, NULL, BARRIER_THREADS), "pthread_barrier_init");
    for (int i = 0; i < BARRIER_THREADS; i++)
        check(pthread_create(&threads[i], NULL, barrier_worker, NULL), "pthread_create");
    for (int i = 0; i < BARRIER_THREADS; i++)
        check(pthread_join(threads[i], NULL), "pthread_join");
    int one_serial_each = 1;
    for (int round = 0; round < BARRIER_ROUNDS; round++)
        one_serial_each &= serial_count[round] == 1;
    printf("barrier: every thread saw every round complete: %s\n", yes(!barrier_saw_partial));
    printf("barrier: one serial thread per round: %s\n", yes(one_serial_each));
    pthread_barrier_destroy(&barrier);

    long joined = 0, values_ok = 1;
    for (int i = 0; i < CYCLES; i++) {
        pthread_t t;
        void *value;
        check(pthread_create(&t, NULL, plus_one, (void *)(intptr_t)i), "pthread_create");
        check(pthread_join(t, &value), "pthread_join");
        joined++;
        values_ok &= (intptr_t)value == i + 1;
    }
    printf("create/join cycles: %ld, each returned its value: %s\n", joined, yes(values_ok));

    pthread_t t;
    void *value;
    check(pthread_create(&t, NULL, exits_with_42, NULL), "pthread_create");
    check(pthread_join(t, &value), "pthread_join");
    printf("pthread_exit value reaches join: %s\n", yes((intptr_t)value == 42));

    sem_init(&detached_done, 0, 0);
    pthread_attr_t detached_attr;
    pthread_attr_init(&detached_attr);
    pthread_attr_setdetachstate(&detached_attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < DETACHED; i++) {
        check(pthread_create(&t, i % 2 ? &detached_attr : NULL, detached_worker, NULL), "pthread_create");
        if (i % 2 == 0)
            check(pthread_detach(t), "pthread_detach");
    }
    for (int i = 0; i < DETACHED; i++)
        while (sem_wait(&detached_done) != 0 && errno == EINTR) {
        }
    printf("detached threads ran: %d\n", __atomic_load_n(&detached_ran, __ATOMIC_SEQ_CST));

    char main_name_before[16] = "", main_name_after[16] = "";
    prctl(PR_GET_NAME, main_name_before);
    struct identity id = {0};
    check(pthread_create(&t, NULL, who_am_i, &id), "pthread_create");
    check(pthread_join(t, NULL), "pthread_join");
    prctl(PR_GET_NAME, main_name_after);
    printf("tid differs: %s\n", yes(id.tid != id.pid && id.tid > 0));
    printf("thread's getpid is the process's: %s\n", yes(id.pid == getpid()));
    printf("main tid is the pid: %s\n", yes(syscall(SYS_gettid) == getpid()));
    printf("thread name set and read back: %s\n", yes(id.set_name_rc == 0 && strcmp(id.name, "kiln-worker") == 0));
    printf("main name unchanged: %s\n", yes(strcmp(main_name_before, main_name_after) == 0));
    printf("main name not empty: %s\n", yes(main_name_before[0] != 0));
    char too_long[16];
    prctl(PR_SET_NAME, "a-name-longer-than-fifteen-bytes");
    prctl(PR_GET_NAME, too_long);
    printf("long name truncated to 15 bytes: %s\n", yes(strcmp(too_long, "a-name-longer-t") == 0));
    return 0;
}
