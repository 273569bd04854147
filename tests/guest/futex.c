/* futex: the raw futex(2) operations across threads. WAIT/WAKE (private and shared), EAGAIN when the value
 * differs, relative timeouts (ETIMEDOUT), WAIT_BITSET with an absolute CLOCK_MONOTONIC and FUTEX_CLOCK_REALTIME
 * deadline, WAKE_BITSET that only wakes matching waiters, REQUEUE and CMP_REQUEUE (including EAGAIN on a stale
 * value), WAKE_OP (the operation on the second word and the conditional wake), EINVAL for an unaligned address
 * and ENOSYS for an unknown operation. Waiters announce themselves and the waker waits a moment, so the counts of
 * woken threads are deterministic. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc cannot see. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

#define MS 1000000LL

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *timeout, uint32_t *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

/* futex(2) passes val2 (a count) in the timeout argument's place for REQUEUE, CMP_REQUEUE and WAKE_OP. */
static long futex_val2(uint32_t *uaddr, int op, uint32_t val, uint32_t val2, uint32_t *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, (unsigned long)val2, uaddr2, val3);
}

static long long now_ns(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

struct waiter {
    uint32_t *word;
    int op;
    uint32_t bitset;
    volatile int *release;
    volatile int ready;
    long last_rc;
    int woken;
};

/* Waits on *word (while it holds 0) until *release is set; counts the wakes that returned 0. */
static void *wait_loop(void *arg)
{
    struct waiter *w = arg;
    while (!*w->release) {
        __atomic_store_n(&w->ready, 1, __ATOMIC_SEQ_CST);
        long rc = futex(w->word, w->op, 0, NULL, NULL, w->bitset);
        w->last_rc = rc == 0 ? 0 : -errno;
        if (rc == 0)
            w->woken++;
    }
    return NULL;
}

static void start(pthread_t *t, struct waiter *w, uint32_t *word, int op, uint32_t bitset, volatile int *release)
{
    memset(w, 0, sizeof *w);
    w->word = word;
    w->op = op;
    w->bitset = bitset;
    w->release = release;
    pthread_create(t, NULL, wait_loop, w);
    while (!__atomic_load_n(&w->ready, __ATOMIC_SEQ_CST))
        sched_yield();
}

/* Once a waiter has announced itself, 100 ms is ample for it to be asleep in the kernel, even under emulation. */
static void let_them_sleep(void)
{
    sleep_ms(100);
}

static void wait_and_wake(int private_flag, const char *kind)
{
    static uint32_t word;
    volatile int release = 0;
    struct waiter w;
    pthread_t t;
    word = 0;
    start(&t, &w, &word, FUTEX_WAIT | private_flag, 0, &release);
    let_them_sleep();
    release = 1;
    long woke = futex(&word, FUTEX_WAKE | private_flag, INT_MAX, NULL, NULL, 0);
    pthread_join(t, NULL);
    printf("%s WAKE woke the one waiter: %s\n", kind, yes(woke == 1 && w.woken == 1));
    printf("%s WAKE with nobody waiting wakes none: %s\n", kind, yes(futex(&word, FUTEX_WAKE | private_flag, 1, NULL, NULL, 0) == 0));
}

static void timeouts(void)
{
    uint32_t word = 7;
    errno = 0;
    printf("WAIT on a different value -> EAGAIN: %s\n",
           yes(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 8, NULL, NULL, 0) == -1 && errno == EAGAIN));

    struct timespec relative = {0, 30 * MS};
    long long before = now_ns(CLOCK_MONOTONIC);
    long rc = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 7, &relative, NULL, 0);
    int err = errno;
    long long took = now_ns(CLOCK_MONOTONIC) - before;
    printf("WAIT with a relative timeout -> ETIMEDOUT: %s\n", yes(rc == -1 && err == ETIMEDOUT));
    printf("WAIT waited at least its timeout: %s\n", yes(took >= 30 * MS));

    long long deadline = now_ns(CLOCK_MONOTONIC) + 30 * MS;
    struct timespec absolute = {deadline / 1000000000LL, deadline % 1000000000LL};
    rc = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 7, &absolute, NULL, 0xffffffff);
    err = errno;
    printf("WAIT_BITSET absolute MONOTONIC deadline -> ETIMEDOUT: %s\n", yes(rc == -1 && err == ETIMEDOUT));
    printf("WAIT_BITSET returned at or after the deadline: %s\n", yes(now_ns(CLOCK_MONOTONIC) >= deadline));

    deadline = now_ns(CLOCK_REALTIME) + 30 * MS;
    absolute.tv_sec = deadline / 1000000000LL;
    absolute.tv_nsec = deadline % 1000000000LL;
    rc = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 7, &absolute, NULL, 0xffffffff);
    err = errno;
    printf("WAIT_BITSET|CLOCK_REALTIME absolute deadline -> ETIMEDOUT: %s\n", yes(rc == -1 && err == ETIMEDOUT));
    printf("returned at or after the REALTIME deadline: %s\n", yes(now_ns(CLOCK_REALTIME) >= deadline));

    struct timespec past = {0, 0};
    printf("WAIT_BITSET with a deadline in the past -> ETIMEDOUT at once: %s\n",
           yes(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 7, &past, NULL, 0xffffffff) == -1 && errno == ETIMEDOUT));
    printf("WAIT_BITSET with bitset 0 -> EINVAL: %s\n",
           yes(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 7, &past, NULL, 0) == -1 && errno == EINVAL));
    struct timespec bad = {0, 1000000000L};
    printf("WAIT with tv_nsec of a second -> EINVAL: %s\n",
           yes(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 7, &bad, NULL, 0) == -1 && errno == EINVAL));
}

static void bitsets(void)
{
    static uint32_t word;
    volatile int release = 0;
    struct waiter w;
    pthread_t t;
    word = 0;
    start(&t, &w, &word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0x1, &release);
    let_them_sleep();
    long other = futex(&word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0x2);
    release = 1;
    long match = futex(&word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0x3);
    pthread_join(t, NULL);
    printf("WAKE_BITSET with a disjoint bitset wakes none: %s\n", yes(other == 0));
    printf("WAKE_BITSET with an overlapping bitset wakes the waiter: %s\n", yes(match == 1 && w.woken == 1));
}

static void requeue(int compare)
{
    static uint32_t from, to;
    volatile int release = 0;
    struct waiter w[3];
    pthread_t t[3];
    const char *name = compare ? "CMP_REQUEUE" : "REQUEUE";
    from = 0;
    to = 0;
    for (int i = 0; i < 3; i++)
        start(&t[i], &w[i], &from, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &release);
    let_them_sleep();
    release = 1;
    if (compare) {
        errno = 0;
        long stale = futex_val2(&from, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 1, INT_MAX, &to, 5);
        printf("CMP_REQUEUE with a stale value -> EAGAIN: %s\n", yes(stale == -1 && errno == EAGAIN));
    }
    /* Wake one, move the other two to the second word. */
    long moved = futex_val2(&from, (compare ? FUTEX_CMP_REQUEUE : FUTEX_REQUEUE) | FUTEX_PRIVATE_FLAG, 1, INT_MAX, &to, 0);
    long left_on_from = futex(&from, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0);
    long on_to = futex(&to, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%s returns woken plus requeued (3): %s\n", name, yes(moved == 3));
    printf("%s left nobody on the first word: %s\n", name, yes(left_on_from == 0));
    printf("%s moved two to the second word: %s\n", name, yes(on_to == 2));
}

static void wake_op(void)
{
    static uint32_t word1, word2;
    word1 = 0;
    word2 = 0;
    /* Nobody waiting: the operation still happens. SET 5 with the old value 0 compared EQ 0. */
    long rc = futex_val2(&word1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &word2, FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0));
    printf("WAKE_OP with no waiters returns 0 and sets the second word: %s\n", yes(rc == 0 && word2 == 5));
    rc = futex_val2(&word1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &word2, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 100));
    printf("WAKE_OP ADD adds to the second word: %s\n", yes(rc == 0 && word2 == 8));

    volatile int release = 0;
    struct waiter a, b;
    pthread_t ta, tb;
    word2 = 0;
    start(&ta, &a, &word1, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &release);
    start(&tb, &b, &word2, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &release);
    let_them_sleep();
    /* Released now, so each waiter leaves once woken. The old value of word2 (0) is not > 100: only the waiter on
     * word1 wakes, and the one on word2 sleeps on. */
    release = 1;
    rc = futex_val2(&word1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, INT_MAX, INT_MAX, &word2, FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_GT, 100));
    printf("WAKE_OP with a false condition wakes only the first word's waiter: %s\n", yes(rc == 1 && word2 == 1));
    /* Now the old value 1 is EQ 1: the second word's waiter is woken too (the first word has none left). */
    rc = futex_val2(&word1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, INT_MAX, INT_MAX, &word2, FUTEX_OP(FUTEX_OP_SET, 2, FUTEX_OP_CMP_EQ, 1));
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    printf("WAKE_OP with a true condition wakes the second word's waiter: %s\n", yes(rc == 1 && b.woken == 1 && word2 == 2));
}

static void errors(void)
{
    static uint32_t words[2];
    errno = 0;
    printf("unaligned address -> EINVAL: %s\n",
           yes(futex((uint32_t *)((char *)words + 1), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == -1 && errno == EINVAL));
    printf("unknown operation -> ENOSYS: %s\n", yes(futex(words, 99 | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == -1 && errno == ENOSYS));
    printf("WAIT on an unmapped address -> EFAULT: %s\n",
           yes(futex((uint32_t *)0x1000, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0) == -1 && errno == EFAULT));
}

int main(void)
{
    wait_and_wake(FUTEX_PRIVATE_FLAG, "private");
    wait_and_wake(0, "shared");
    timeouts();
    bitsets();
    requeue(0);
    requeue(1);
    wake_op();
    errors();
    return 0;
}
