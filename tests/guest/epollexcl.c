/* epollexcl: epoll's edge cases. EPOLLEXCLUSIVE: four threads each blocked in epoll_wait on its own epoll, all
 * watching one eventfd exclusively: each write wakes exactly one of them (without the flag, one write wakes all
 * four); with nobody waiting, every exclusive epoll has the event; the flag's EINVAL cases (MOD, ONESHOT, RDHUP, an
 * epoll as the target). EPOLLONESHOT disarms after one report and EPOLL_CTL_MOD re-arms it; an edge-triggered item
 * reports no second time without a new edge, but MOD of a ready item reports it again. EPOLLRDHUP is accepted and a
 * pipe whose writer closed reports EPOLLHUP alone. `epollexcl rdhup`: a socketpair whose peer shuts down writing
 * reports EPOLLRDHUP (needs AF_UNIX sockets). Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static int add(int ep, int fd, uint32_t events, uint64_t tag)
{
    struct epoll_event ev = {.events = events, .data.u64 = tag};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int modify(int ep, int fd, uint32_t events, uint64_t tag)
{
    struct epoll_event ev = {.events = events, .data.u64 = tag};
    return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

static int ready(int ep)
{
    struct epoll_event out[4];
    return epoll_wait(ep, out, 4, 0);
}

static int g_event;
static int g_epolls[THREADS];
static atomic_int g_tids[THREADS];
static atomic_int g_waiting;
static atomic_int g_woken;

/* Waits once on its own epoll and counts itself woken. It leaves the eventfd readable: a thread that consumed it would
 * hide the others' wakeups (they would find nothing to report and wait on), and the test would not see them. */
static void *waiter(void *arg)
{
    int ep = g_epolls[(intptr_t)arg];
    struct epoll_event event;
    atomic_store(&g_tids[(intptr_t)arg], gettid());
    atomic_fetch_add(&g_waiting, 1);
    int n = epoll_wait(ep, &event, 1, 10000);
    if (n == 1) {
        atomic_fetch_add(&g_woken, 1);
    }

    return NULL;
}

/* Waits up to 5 s for at least `count` wakeups, then a little longer for any extra ones. */
static int woken_after(int count)
{
    for (int i = 0; i < 500 && atomic_load(&g_woken) < count; i++) {
        sleep_ms(10);
    }

    sleep_ms(150);
    return atomic_load(&g_woken);
}

/* Whether thread `tid` is asleep (state S in /proc/self/task/<tid>/stat, after the parenthesised name). */
static int is_asleep(int tid)
{
    char path[64];
    char text[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        return 0;
    }

    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = 0;
    char *end = strrchr(text, ')');
    return end != NULL && end[1] == ' ' && end[2] == 'S';
}

static void start_waiters(uint32_t events, pthread_t *threads)
{
    g_event = eventfd(0, EFD_NONBLOCK);
    atomic_store(&g_waiting, 0);
    atomic_store(&g_woken, 0);
    for (intptr_t i = 0; i < THREADS; i++) {
        g_epolls[i] = epoll_create1(0);
        add(g_epolls[i], g_event, events, (uint64_t)i);
        pthread_create(&threads[i], NULL, waiter, (void *)i);
    }

    while (atomic_load(&g_waiting) < THREADS) {
        sleep_ms(5);
    }

    /* Past the counter a thread only calls epoll_wait: once all four sleep, all four wait there. */
    for (int tries = 0; tries < 1000; tries++) {
        int asleep = 0;
        for (int i = 0; i < THREADS; i++) {
            asleep += is_asleep(atomic_load(&g_tids[i]));
        }

        if (asleep == THREADS) {
            break;
        }

        sleep_ms(5);
    }

    sleep_ms(20);
}

static void stop_waiters(pthread_t *threads)
{
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        close(g_epolls[i]);
    }

    close(g_event);
}

static void signal_event(void)
{
    uint64_t one = 1;
    (void)write(g_event, &one, 8);
}

static void exclusive_wakes_one(void)
{
    pthread_t threads[THREADS];
    start_waiters(EPOLLIN | EPOLLEXCLUSIVE, threads);
    int all_one_at_a_time = 1;
    for (int round = 1; round <= THREADS; round++) {
        signal_event();
        int woken = woken_after(round);
        printf("exclusive: write %d wakes one more thread (%d in all): %s\n", round, round, yes(woken == round));
        all_one_at_a_time &= woken == round;
    }

    stop_waiters(threads);
    printf("exclusive: every thread woke once: %s\n", yes(all_one_at_a_time));
}

static void shared_wakes_all(void)
{
    pthread_t threads[THREADS];
    start_waiters(EPOLLIN, threads);
    signal_event();
    printf("not exclusive: one write wakes all four threads: %s\n", yes(woken_after(THREADS) == THREADS));
    stop_waiters(threads);
}

static void exclusive_without_waiters(void)
{
    int event = eventfd(0, EFD_NONBLOCK);
    int epolls[3];
    for (int i = 0; i < 3; i++) {
        epolls[i] = epoll_create1(0);
        add(epolls[i], event, EPOLLIN | EPOLLEXCLUSIVE, (uint64_t)i);
    }

    uint64_t one = 1;
    (void)write(event, &one, 8);
    int all = 1;
    for (int i = 0; i < 3; i++) {
        all &= ready(epolls[i]) == 1;
    }

    printf("exclusive with nobody waiting: every epoll has the event: %s\n", yes(all));
    for (int i = 0; i < 3; i++) {
        close(epolls[i]);
    }

    close(event);
}

static void exclusive_errors(void)
{
    int ep = epoll_create1(0);
    int inner = epoll_create1(0);
    int event = eventfd(0, EFD_NONBLOCK);
    errno = 0;
    printf("EXCLUSIVE|ONESHOT -> EINVAL: %s\n", yes(add(ep, event, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 1) == -1 && errno == EINVAL));
    printf("EXCLUSIVE|RDHUP -> EINVAL: %s\n", yes(add(ep, event, EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP, 1) == -1 && errno == EINVAL));
    printf("EXCLUSIVE on an epoll -> EINVAL: %s\n", yes(add(ep, inner, EPOLLIN | EPOLLEXCLUSIVE, 1) == -1 && errno == EINVAL));
    printf("EXCLUSIVE|ET|OUT is fine: %s\n", yes(add(ep, event, EPOLLIN | EPOLLOUT | EPOLLET | EPOLLEXCLUSIVE, 1) == 0));
    printf("MOD of an exclusive item -> EINVAL: %s\n", yes(modify(ep, event, EPOLLIN, 2) == -1 && errno == EINVAL));
    printf("MOD adding EXCLUSIVE -> EINVAL: %s\n", yes(modify(ep, event, EPOLLIN | EPOLLEXCLUSIVE, 2) == -1 && errno == EINVAL));
    printf("DEL of an exclusive item: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_DEL, event, NULL) == 0));
    close(event);
    close(inner);
    close(ep);
}

static void one_shot(void)
{
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    struct epoll_event out[2];
    add(ep, p[0], EPOLLIN | EPOLLONESHOT, 5);
    (void)write(p[1], "a", 1);
    printf("oneshot: first wait reports: %s\n", yes(epoll_wait(ep, out, 2, 0) == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 5));
    printf("oneshot: then disarmed, though still readable: %s\n", yes(ready(ep) == 0));
    (void)write(p[1], "b", 1);
    printf("oneshot: a new write does not re-arm it: %s\n", yes(ready(ep) == 0));
    printf("oneshot: MOD re-arms it, ready at once, new data: %s\n",
           yes(modify(ep, p[0], EPOLLIN | EPOLLONESHOT, 6) == 0 && epoll_wait(ep, out, 2, 0) == 1 && out[0].data.u64 == 6));
    printf("oneshot: disarmed again: %s\n", yes(ready(ep) == 0));
    printf("oneshot: MOD to level-triggered reports every time: %s\n",
           yes(modify(ep, p[0], EPOLLIN, 7) == 0 && ready(ep) == 1 && ready(ep) == 1));
    close(p[0]);
    close(p[1]);
    close(ep);
}

static void edge_triggered(void)
{
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    add(ep, p[0], EPOLLIN | EPOLLET, 1);
    printf("ET: nothing before a write: %s\n", yes(ready(ep) == 0));
    (void)write(p[1], "a", 1);
    printf("ET: the write is an edge: %s\n", yes(ready(ep) == 1));
    printf("ET: no second report without a new edge: %s\n", yes(ready(ep) == 0));
    printf("ET: MOD of a ready item reports it again: %s\n", yes(modify(ep, p[0], EPOLLIN | EPOLLET, 2) == 0 && ready(ep) == 1));
    printf("ET: and once only: %s\n", yes(ready(ep) == 0));
    (void)write(p[1], "b", 1);
    printf("ET: another write is another edge: %s\n", yes(ready(ep) == 1));
    char buffer[4];
    (void)read(p[0], buffer, sizeof buffer);
    printf("ET: MOD of a drained item reports nothing: %s\n", yes(modify(ep, p[0], EPOLLIN | EPOLLET, 3) == 0 && ready(ep) == 0));
    close(p[0]);
    close(p[1]);
    close(ep);
}

static void rdhup_on_pipe(void)
{
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    struct epoll_event out[2];
    printf("RDHUP accepted in the interest: %s\n", yes(add(ep, p[0], EPOLLIN | EPOLLRDHUP, 1) == 0));
    printf("open pipe: not ready: %s\n", yes(ready(ep) == 0));
    close(p[1]);
    printf("writer closed: EPOLLHUP alone (pipes report no RDHUP): %s\n", yes(epoll_wait(ep, out, 2, 0) == 1 && out[0].events == EPOLLHUP));
    close(p[0]);
    close(ep);
}

/* Needs AF_UNIX stream sockets: a peer's shutdown(SHUT_WR) is EPOLLIN|EPOLLRDHUP for the other end. */
static void rdhup_on_socket(void)
{
    int s[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0) {
        printf("socketpair: %s\n", strerror(errno));
        return;
    }

    int ep = epoll_create1(0);
    struct epoll_event out[2];
    add(ep, s[0], EPOLLIN | EPOLLRDHUP, 1);
    printf("socket: not ready while the peer is open: %s\n", yes(ready(ep) == 0));
    shutdown(s[1], SHUT_WR);
    printf("socket: peer's SHUT_WR reports EPOLLIN|EPOLLRDHUP: %s\n",
           yes(epoll_wait(ep, out, 2, 0) == 1 && out[0].events == (EPOLLIN | EPOLLRDHUP)));
    modify(ep, s[0], EPOLLIN, 2);
    printf("socket: without RDHUP in the interest only EPOLLIN: %s\n", yes(epoll_wait(ep, out, 2, 0) == 1 && out[0].events == EPOLLIN));
    close(s[0]);
    close(s[1]);
    close(ep);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "rdhup") == 0) {
        rdhup_on_socket();
        return 0;
    }

    exclusive_errors();
    exclusive_without_waiters();
    exclusive_wakes_one();
    shared_wakes_all();
    one_shot();
    edge_triggered();
    rdhup_on_pipe();
    return 0;
}
