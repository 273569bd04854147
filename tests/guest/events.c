/* events: the readiness plumbing the Go runtime sets up at start-up. eventfd counter semantics (sum on read,
 * EFD_SEMAPHORE one at a time, EAGAIN when empty and non-blocking, EINVAL for short buffers and the maximum value);
 * pipe2 with O_NONBLOCK (EAGAIN both ways, a full pipe), O_CLOEXEC, EOF and EPIPE; epoll_create1, epoll_ctl
 * ADD/MOD/DEL with their errors, epoll_wait with a zero and a real timeout, level- and edge-triggered readiness,
 * the caller's data returned; a thread writing a pipe and an eventfd wakes an epoll_wait in another, and 256 KiB
 * cross a pipe between threads intact. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL
#define STREAM_BYTES (256 * 1024)

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
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

static void eventfds(void)
{
    uint64_t value = 0;
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    printf("eventfd created: %s\n", yes(fd >= 0));
    printf("empty eventfd read -> EAGAIN: %s\n", yes(read(fd, &value, 8) == -1 && errno == EAGAIN));
    value = 3;
    write(fd, &value, 8);
    value = 4;
    write(fd, &value, 8);
    value = 0;
    printf("read returns the sum of writes (7): %s\n", yes(read(fd, &value, 8) == 8 && value == 7));
    printf("read resets the counter: %s\n", yes(read(fd, &value, 8) == -1 && errno == EAGAIN));
    printf("4-byte read -> EINVAL: %s\n", yes(read(fd, &value, 4) == -1 && errno == EINVAL));
    printf("4-byte write -> EINVAL: %s\n", yes(write(fd, &value, 4) == -1 && errno == EINVAL));
    value = UINT64_MAX;
    printf("writing 2^64-1 -> EINVAL: %s\n", yes(write(fd, &value, 8) == -1 && errno == EINVAL));
    value = UINT64_MAX - 1;
    printf("writing the maximum counter value ok: %s\n", yes(write(fd, &value, 8) == 8));
    value = 1;
    printf("overflowing a non-blocking eventfd -> EAGAIN: %s\n", yes(write(fd, &value, 8) == -1 && errno == EAGAIN));
    printf("eventfd has FD_CLOEXEC: %s\n", yes(fcntl(fd, F_GETFD) & FD_CLOEXEC));
    close(fd);

    fd = eventfd(5, EFD_NONBLOCK | EFD_SEMAPHORE);
    int ones = 0;
    while (read(fd, &value, 8) == 8 && value == 1)
        ones++;
    printf("EFD_SEMAPHORE: initial 5 read back as five 1s: %s\n", yes(ones == 5 && errno == EAGAIN));
    close(fd);
    printf("eventfd with a bad flag -> EINVAL: %s\n", yes(eventfd(0, 0x4000000) == -1 && errno == EINVAL));
}

static void pipes(void)
{
    int p[2];
    char buf[4096];
    printf("pipe2(O_NONBLOCK|O_CLOEXEC) ok: %s\n", yes(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0));
    printf("both ends non-blocking: %s\n", yes((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK)));
    printf("both ends close-on-exec: %s\n", yes((fcntl(p[0], F_GETFD) & FD_CLOEXEC) && (fcntl(p[1], F_GETFD) & FD_CLOEXEC)));
    printf("read end is read-only: %s\n", yes((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY));
    printf("write end is write-only: %s\n", yes((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY));
    printf("empty pipe read -> EAGAIN: %s\n", yes(read(p[0], buf, sizeof buf) == -1 && errno == EAGAIN));
    printf("write 5, read 5: %s\n", yes(write(p[1], "hello", 5) == 5 && read(p[0], buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0));

    memset(buf, 'x', sizeof buf);
    long total = 0;
    ssize_t n;
    while ((n = write(p[1], buf, sizeof buf)) > 0)
        total += n;
    printf("full pipe write -> EAGAIN: %s\n", yes(n == -1 && errno == EAGAIN));
    printf("pipe holds at least 4 KiB: %s\n", yes(total >= 4096));
    long drained = 0;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        drained += n;
    printf("everything written is read back: %s\n", yes(drained == total));

    close(p[1]);
    printf("read after the writer closed -> EOF: %s\n", yes(read(p[0], buf, sizeof buf) == 0));
    close(p[0]);

    signal(SIGPIPE, SIG_IGN);
    pipe2(p, 0);
    close(p[0]);
    printf("write with no reader -> EPIPE: %s\n", yes(write(p[1], "x", 1) == -1 && errno == EPIPE));
    close(p[1]);
    printf("pipe2 with a bad flag -> EINVAL: %s\n", yes(pipe2(p, 0x10) == -1 && errno == EINVAL));
}

static void epolls(void)
{
    struct epoll_event got[4];
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll_create1 ok: %s\n", yes(ep >= 0));
    printf("epoll fd has FD_CLOEXEC: %s\n", yes(fcntl(ep, F_GETFD) & FD_CLOEXEC));
    printf("epoll_create1(bad flag) -> EINVAL: %s\n", yes(epoll_create1(1) == -1 && errno == EINVAL));

    int efd = eventfd(0, EFD_NONBLOCK);
    int p[2];
    pipe2(p, O_NONBLOCK);

    printf("ADD eventfd: %s\n", yes(add(ep, efd, EPOLLIN, 0xfeedULL) == 0));
    printf("ADD again -> EEXIST: %s\n", yes(add(ep, efd, EPOLLIN, 0) == -1 && errno == EEXIST));
    struct epoll_event ev = {.events = EPOLLIN};
    printf("MOD an fd not added -> ENOENT: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == ENOENT));
    printf("DEL an fd not added -> ENOENT: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == -1 && errno == ENOENT));
    printf("ADD the epoll fd to itself -> EINVAL: %s\n", yes(add(ep, ep, EPOLLIN, 0) == -1 && errno == EINVAL));
    printf("ADD a bad fd -> EBADF: %s\n", yes(add(ep, 999, EPOLLIN, 0) == -1 && errno == EBADF));

    printf("nothing ready: epoll_wait(0) returns 0: %s\n", yes(epoll_wait(ep, got, 4, 0) == 0));
    long long before = now_ns();
    int n = epoll_wait(ep, got, 4, 50);
    long long took = now_ns() - before;
    printf("epoll_wait(50 ms) with nothing ready times out: %s\n", yes(n == 0 && took >= 49 * MS));

    uint64_t one = 1;
    write(efd, &one, 8);
    n = epoll_wait(ep, got, 4, 0);
    printf("eventfd written: EPOLLIN with our data: %s\n", yes(n == 1 && got[0].events == EPOLLIN && got[0].data.u64 == 0xfeedULL));
    printf("level-triggered: still ready: %s\n", yes(epoll_wait(ep, got, 4, 0) == 1));
    uint64_t sink;
    read(efd, &sink, 8);
    printf("drained: not ready: %s\n", yes(epoll_wait(ep, got, 4, 0) == 0));

    printf("ADD pipe write end for EPOLLOUT: %s\n", yes(add(ep, p[1], EPOLLOUT, 2) == 0));
    n = epoll_wait(ep, got, 4, 0);
    printf("empty pipe is writable: %s\n", yes(n == 1 && got[0].events == EPOLLOUT && got[0].data.u64 == 2));
    ev.events = EPOLLIN;
    ev.data.u64 = 3;
    printf("MOD write end to EPOLLIN: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev) == 0));
    printf("write end never readable: %s\n", yes(epoll_wait(ep, got, 4, 0) == 0));
    printf("DEL write end: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0));

    printf("ADD pipe read end edge-triggered: %s\n", yes(add(ep, p[0], EPOLLIN | EPOLLET, 4) == 0));
    printf("empty pipe not readable: %s\n", yes(epoll_wait(ep, got, 4, 0) == 0));
    write(p[1], "ab", 2);
    n = epoll_wait(ep, got, 4, 0);
    printf("edge-triggered: reported once: %s\n", yes(n == 1 && got[0].data.u64 == 4 && epoll_wait(ep, got, 4, 0) == 0));
    write(p[1], "c", 1);
    printf("edge-triggered: reported again after new data: %s\n", yes(epoll_wait(ep, got, 4, 0) == 1));
    char buf[8];
    read(p[0], buf, sizeof buf);

    close(p[1]);
    n = epoll_wait(ep, got, 4, 0);
    printf("writer closed: read end reports EPOLLHUP: %s\n", yes(n == 1 && (got[0].events & EPOLLHUP)));

    /* epoll_pwait with a signal mask behaves as epoll_wait when nothing arrives. */
    sigset_t mask;
    sigemptyset(&mask);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    printf("epoll_pwait(0) with a mask: %s\n", yes(epoll_pwait(ep, got, 4, 0, &mask) == 0));
    close(p[0]);
    close(efd);
    close(ep);
}

struct delayed {
    int fd;
    int is_eventfd;
};

static void *write_later(void *arg)
{
    struct delayed *d = arg;
    sleep_ms(50);
    if (d->is_eventfd) {
        uint64_t v = 9;
        write(d->fd, &v, 8);
    } else {
        write(d->fd, "from a thread", 13);
    }
    return NULL;
}

static void *stream(void *arg)
{
    int fd = *(int *)arg;
    unsigned char chunk[1000];
    long sent = 0;
    while (sent < STREAM_BYTES) {
        size_t n = sizeof chunk;
        if (n > (size_t)(STREAM_BYTES - sent))
            n = STREAM_BYTES - sent;
        for (size_t i = 0; i < n; i++)
            chunk[i] = (unsigned char)((sent + i) * 7);
        ssize_t w = write(fd, chunk, n);
        if (w <= 0)
            break;
        sent += w;
    }
    close(fd);
    return NULL;
}

static void across_threads(void)
{
    int ep = epoll_create1(0);
    int p[2];
    pipe2(p, 0);
    add(ep, p[0], EPOLLIN, 10);
    struct delayed d = {.fd = p[1], .is_eventfd = 0};
    pthread_t t;
    pthread_create(&t, NULL, write_later, &d);
    struct epoll_event got[2];
    int n = epoll_wait(ep, got, 2, 10000);
    char buf[32] = "";
    ssize_t r = read(p[0], buf, sizeof buf - 1);
    pthread_join(t, NULL);
    printf("epoll_wait wakes when a thread writes the pipe: %s\n", yes(n == 1 && got[0].data.u64 == 10));
    printf("the thread's bytes arrive: %s\n", yes(r == 13 && strcmp(buf, "from a thread") == 0));
    close(p[0]);
    close(p[1]);

    int efd = eventfd(0, 0);
    add(ep, efd, EPOLLIN, 11);
    d.fd = efd;
    d.is_eventfd = 1;
    pthread_create(&t, NULL, write_later, &d);
    n = epoll_wait(ep, got, 2, 10000);
    uint64_t v = 0;
    read(efd, &v, 8);
    pthread_join(t, NULL);
    printf("epoll_wait wakes when a thread writes the eventfd: %s\n", yes(n == 1 && got[0].data.u64 == 11 && v == 9));
    close(efd);
    close(ep);

    /* A blocking reader and writer: the writer blocks whenever the pipe is full and the reader wakes it. */
    pipe2(p, 0);
    pthread_create(&t, NULL, stream, &p[1]);
    unsigned char in[777];
    long received = 0;
    int intact = 1;
    ssize_t got_bytes;
    while ((got_bytes = read(p[0], in, sizeof in)) > 0) {
        for (ssize_t i = 0; i < got_bytes; i++)
            intact &= in[i] == (unsigned char)((received + i) * 7);
        received += got_bytes;
    }
    pthread_join(t, NULL);
    close(p[0]);
    printf("256 KiB across a pipe between threads: %s\n", yes(received == STREAM_BYTES));
    printf("bytes intact and in order: %s\n", yes(intact));
}

int main(void)
{
    eventfds();
    pipes();
    epolls();
    across_threads();
    return 0;
}
