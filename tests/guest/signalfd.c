/* signalfd: signals read through a file. signalfd and signalfd4 (SFD_NONBLOCK, SFD_CLOEXEC, the mask size, bad flags,
 * SIGKILL and SIGSTOP left out, a new mask for an existing descriptor, EINVAL for another kind of file); reading
 * struct signalfd_siginfo for kill (SI_USER, pid, uid), tgkill (SI_TKILL) and a POSIX timer (SI_TIMER, its id and
 * value); several records in one read, real-time signals queued in order, a
 * standard signal coalesced; EAGAIN and EINVAL; poll and epoll readiness; a blocking read in one thread woken by a
 * signal sent to the process from another; a process signal a thread takes from its signalfd while blocked in
 * epoll_wait. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

static sigset_t set_of(int a, int b)
{
    sigset_t set;
    sigemptyset(&set);
    if (a) {
        sigaddset(&set, a);
    }

    if (b) {
        sigaddset(&set, b);
    }

    return set;
}

static int raw_signalfd4(int fd, const void *mask, size_t size, int flags)
{
    return (int)syscall(SYS_signalfd4, fd, mask, size, flags);
}

static int raw_signalfd(int fd, const void *mask, size_t size)
{
    return (int)syscall(SYS_signalfd, fd, mask, size);
}

static void creation(void)
{
    sigset_t mask = set_of(SIGUSR1, 0);
    uint64_t raw = 1u << (SIGUSR1 - 1);
    printf("mask size 4 -> EINVAL: %s\n", yes(raw_signalfd4(-1, &raw, 4, 0) == -1 && errno == EINVAL));
    printf("mask size 16 -> EINVAL: %s\n", yes(raw_signalfd4(-1, &raw, 16, 0) == -1 && errno == EINVAL));
    printf("bad mask pointer -> EFAULT: %s\n", yes(raw_signalfd4(-1, (void *)8, 8, 0) == -1 && errno == EFAULT));
    printf("unknown flag -> EINVAL: %s\n", yes(raw_signalfd4(-1, &raw, 8, 1) == -1 && errno == EINVAL));
    printf("closed descriptor -> EBADF: %s\n", yes(raw_signalfd4(900, &raw, 8, 0) == -1 && errno == EBADF));
    int other = eventfd(0, 0);
    printf("an eventfd -> EINVAL: %s\n", yes(raw_signalfd4(other, &raw, 8, 0) == -1 && errno == EINVAL));
    close(other);

    int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    int status = fcntl(fd, F_GETFL);
    printf("SFD_NONBLOCK sets O_NONBLOCK, O_RDWR: %s\n", yes(fd >= 0 && (status & O_NONBLOCK) && (status & O_ACCMODE) == O_RDWR));
    printf("SFD_CLOEXEC sets FD_CLOEXEC: %s\n", yes(fcntl(fd, F_GETFD) == FD_CLOEXEC));
    char link[64] = {0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    printf("/proc/self/fd names it anon_inode:[signalfd]: %s\n",
           yes(readlink(path, link, sizeof link - 1) > 0 && strcmp(link, "anon_inode:[signalfd]") == 0));
    struct signalfd_siginfo info;
    printf("nothing pending -> EAGAIN: %s\n", yes(read(fd, &info, sizeof info) == -1 && errno == EAGAIN));
    printf("read into 127 bytes -> EINVAL: %s\n", yes(read(fd, &info, sizeof info - 1) == -1 && errno == EINVAL));
    printf("write -> EINVAL: %s\n", yes(write(fd, &info, sizeof info) == -1 && errno == EINVAL));

    /* Updating the mask of the existing descriptor returns that descriptor. */
    sigset_t wider = set_of(SIGUSR1, SIGUSR2);
    printf("signalfd on the existing fd returns it: %s\n", yes(signalfd(fd, &wider, 0) == fd));
    printf("... and keeps its flags: %s\n", yes(fcntl(fd, F_GETFL) & O_NONBLOCK));
    raise(SIGUSR2);
    printf("the new mask takes SIGUSR2: %s\n",
           yes(read(fd, &info, sizeof info) == sizeof info && info.ssi_signo == SIGUSR2));

    /* The old signalfd system call has no flags. */
    int plain = raw_signalfd(-1, &raw, 8);
    printf("signalfd (no flags) blocks by default: %s\n", yes(plain >= 0 && !(fcntl(plain, F_GETFL) & O_NONBLOCK)));
    close(plain);
    close(fd);

    /* SIGKILL and SIGSTOP are dropped from the mask silently. */
    sigset_t strong = set_of(SIGKILL, SIGSTOP);
    fd = signalfd(-1, &strong, SFD_NONBLOCK);
    printf("a mask of SIGKILL and SIGSTOP is accepted: %s\n", yes(fd >= 0));
    close(fd);
}

static void records(void)
{
    sigset_t mask = set_of(SIGUSR1, SIGALRM);
    sigaddset(&mask, SIGRTMIN + 1);
    int fd = signalfd(-1, &mask, SFD_NONBLOCK);
    struct signalfd_siginfo info[4];

    kill(getpid(), SIGUSR1);
    memset(info, 0xff, sizeof info);
    ssize_t got = read(fd, info, sizeof info);
    printf("kill: one record of 128 bytes: %s\n", yes(got == 128 && sizeof info[0] == 128));
    printf("kill: signo, SI_USER, our pid and uid: %s\n",
           yes(info[0].ssi_signo == SIGUSR1 && info[0].ssi_code == SI_USER && info[0].ssi_pid == (uint32_t)getpid()
               && info[0].ssi_uid == (uint32_t)getuid()));
    printf("kill: other fields zero: %s\n",
           yes(info[0].ssi_errno == 0 && info[0].ssi_fd == 0 && info[0].ssi_tid == 0 && info[0].ssi_overrun == 0
               && info[0].ssi_int == 0 && info[0].ssi_ptr == 0 && info[0].ssi_addr == 0 && info[0].ssi_status == 0));

    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    got = read(fd, info, sizeof info);
    printf("tgkill: SI_TKILL, our pid: %s\n",
           yes(got == 128 && info[0].ssi_code == SI_TKILL && info[0].ssi_pid == (uint32_t)getpid()));

    /* A standard signal sent twice is pending once; real-time signals queue, each with its value. */
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGRTMIN + 1);
    kill(getpid(), SIGRTMIN + 1);
    got = read(fd, info, sizeof info);
    printf("one read takes three records (SIGUSR1 once, two real-time): %s\n", yes(got == 3 * 128));
    printf("lowest first: SIGUSR1 then SIGRTMIN+1 twice: %s\n",
           yes(info[0].ssi_signo == SIGUSR1 && info[1].ssi_signo == (uint32_t)SIGRTMIN + 1 && info[2].ssi_signo == (uint32_t)SIGRTMIN + 1));
    printf("real-time by kill: SI_USER, our pid: %s\n",
           yes(info[1].ssi_code == SI_USER && info[2].ssi_pid == (uint32_t)getpid()));
    printf("nothing left: %s\n", yes(read(fd, info, sizeof info) == -1 && errno == EAGAIN));

    /* A POSIX timer's signal: SI_TIMER, the timer id and the value. */
    timer_t timer;
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGALRM;
    event.sigev_value.sival_int = 1234;
    timer_create(CLOCK_MONOTONIC, &event, &timer);
    struct itimerspec spec = {.it_value = {0, 20 * 1000000}};
    timer_settime(timer, 0, &spec, NULL);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    printf("poll sees the timer's signal: %s\n", yes(poll(&p, 1, 2000) == 1 && p.revents == POLLIN));
    got = read(fd, info, sizeof info);
    printf("timer: SI_TIMER, value 1234, overrun 0: %s\n",
           yes(got == 128 && info[0].ssi_signo == SIGALRM && info[0].ssi_code == SI_TIMER && info[0].ssi_int == 1234
               && info[0].ssi_overrun == 0 && info[0].ssi_pid == 0));
    printf("timer: ssi_tid is the timer id: %s\n", yes(info[0].ssi_tid == (uint32_t)(intptr_t)timer));
    timer_delete(timer);
    p.revents = 0;
    printf("not readable when nothing is pending: %s\n", yes(poll(&p, 1, 0) == 0));

    /* A signal outside the mask is not taken; it stays pending. */
    raise(SIGUSR2);
    printf("SIGUSR2 is not in the mask: EAGAIN: %s\n", yes(read(fd, info, sizeof info) == -1 && errno == EAGAIN));
    sigset_t pending;
    sigpending(&pending);
    printf("... and stays pending: %s\n", yes(sigismember(&pending, SIGUSR2)));
    sigset_t usr2 = set_of(SIGUSR2, 0);
    int taken = 0;
    sigwait(&usr2, &taken);
    close(fd);
}

static int g_blocking_fd;

static void *reader(void *arg)
{
    (void)arg;
    struct signalfd_siginfo info;
    ssize_t got = read(g_blocking_fd, &info, sizeof info);
    return (void *)(intptr_t)(got == sizeof info ? (int)info.ssi_signo : -1);
}

static void blocking(void)
{
    /* A thread blocks in read; the main thread sends a signal to the process. */
    sigset_t mask = set_of(SIGUSR1, 0);
    g_blocking_fd = signalfd(-1, &mask, 0);
    pthread_t thread;
    pthread_create(&thread, NULL, reader, NULL);
    sleep_ms(100);
    kill(getpid(), SIGUSR1);
    void *result = NULL;
    pthread_join(thread, &result);
    printf("a blocking read in a thread takes a signal sent to the process: %s\n", yes((intptr_t)result == SIGUSR1));
    close(g_blocking_fd);
}

static int g_epoll;
static int g_epoll_signalfd;

static void *epoll_waiter(void *arg)
{
    (void)arg;
    struct epoll_event event;
    int n = epoll_wait(g_epoll, &event, 1, 5000);
    if (n != 1 || event.data.u64 != 9 || event.events != EPOLLIN) {
        return (void *)(intptr_t)-1;
    }

    struct signalfd_siginfo info;
    ssize_t got = read(g_epoll_signalfd, &info, sizeof info);
    return (void *)(intptr_t)(got == sizeof info ? (int)info.ssi_signo : -2);
}

static void with_epoll(void)
{
    sigset_t mask = set_of(SIGUSR2, 0);
    g_epoll_signalfd = signalfd(-1, &mask, SFD_NONBLOCK);
    g_epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.u64 = 9};
    printf("epoll ADD signalfd: %s\n", yes(epoll_ctl(g_epoll, EPOLL_CTL_ADD, g_epoll_signalfd, &event) == 0));
    struct epoll_event out;
    printf("not ready while nothing is pending: %s\n", yes(epoll_wait(g_epoll, &out, 1, 0) == 0));
    pthread_t thread;
    pthread_create(&thread, NULL, epoll_waiter, NULL);
    sleep_ms(100);
    kill(getpid(), SIGUSR2);
    void *result = NULL;
    pthread_join(thread, &result);
    printf("a process signal wakes epoll_wait in a thread, which reads it: %s\n", yes((intptr_t)result == SIGUSR2));
    printf("not ready after the read: %s\n", yes(epoll_wait(g_epoll, &out, 1, 0) == 0));

    /* A new mask wakes the epoll when it covers a signal already pending. */
    raise(SIGUSR1);
    printf("SIGUSR1 pending, not in the mask: not ready: %s\n", yes(epoll_wait(g_epoll, &out, 1, 0) == 0));
    sigset_t both = set_of(SIGUSR1, SIGUSR2);
    signalfd(g_epoll_signalfd, &both, 0);
    printf("after widening the mask it is ready: %s\n", yes(epoll_wait(g_epoll, &out, 1, 0) == 1));
    struct signalfd_siginfo info;
    printf("and the read takes SIGUSR1: %s\n", yes(read(g_epoll_signalfd, &info, sizeof info) == sizeof info && info.ssi_signo == SIGUSR1));
    close(g_epoll);
    close(g_epoll_signalfd);
}

int main(void)
{
    /* signalfd users block the signals they read, in every thread (threads inherit the mask). */
    sigset_t blocked = set_of(SIGUSR1, SIGUSR2);
    sigaddset(&blocked, SIGALRM);
    sigaddset(&blocked, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &blocked, NULL);

    creation();
    records();
    blocking();
    with_epoll();
    return 0;
}
