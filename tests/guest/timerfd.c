/* timerfd: timers read through a file. timerfd_create's clocks and flags (the _ALARM clocks need CAP_WAKE_ALARM),
 * EAGAIN and EINVAL on read, one-shot and periodic timers (a late read counts the periods it missed), disarming with
 * the old value written back, TFD_TIMER_ABSTIME on CLOCK_MONOTONIC (a start in the past) and CLOCK_REALTIME,
 * TFD_TIMER_CANCEL_ON_SET, a blocking read (woken by the expiry, ended by a signal without SA_RESTART), poll and
 * epoll readiness, the errors of timerfd_settime and timerfd_gettime, and 500 armed timers closed. Counts that depend
 * on timing are compared with the time that really passed and printed as booleans. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL
#define SEC 1000000000LL

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long long clock_ns(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (long long)t.tv_sec * SEC + t.tv_nsec;
}

static long long now_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static struct timespec ts(long long ns)
{
    struct timespec t = {ns / SEC, ns % SEC};
    return t;
}

static long long ns_of(struct timespec t)
{
    return (long long)t.tv_sec * SEC + t.tv_nsec;
}

static int arm(int fd, int flags, long long value, long long interval, struct itimerspec *old)
{
    struct itimerspec spec = {.it_interval = ts(interval), .it_value = ts(value)};
    return timerfd_settime(fd, flags, &spec, old);
}

static int errno_of(int result)
{
    return result == -1 ? errno : 0;
}

/* A count of expirations of a timer started at `start` with period `interval`, read at `end`, is right when it is
 * the number of expiries in between (one more or less for the instants of the reads themselves). */
static int count_fits(uint64_t count, long long start, long long end, long long interval)
{
    long long expected = (end - start) / interval + 1;
    return (long long)count >= expected - 1 && (long long)count <= expected + 1;
}

static void creation(void)
{
    errno = 0;
    printf("unknown clock (PROCESS_CPUTIME_ID) -> EINVAL: %s\n", yes(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0) == -1 && errno == EINVAL));
    printf("clock 42 -> EINVAL: %s\n", yes(timerfd_create(42, 0) == -1 && errno == EINVAL));
    printf("unknown flag -> EINVAL: %s\n", yes(timerfd_create(CLOCK_MONOTONIC, 1) == -1 && errno == EINVAL));
    int alarm_fd = timerfd_create(CLOCK_REALTIME_ALARM, 0);
    printf("REALTIME_ALARM: EPERM without CAP_WAKE_ALARM: %s\n", yes(alarm_fd >= 0 || errno == EPERM));
    if (alarm_fd >= 0) {
        close(alarm_fd);
    }

    int boot_alarm_fd = timerfd_create(CLOCK_BOOTTIME_ALARM, 0);
    printf("BOOTTIME_ALARM: EPERM without CAP_WAKE_ALARM: %s\n", yes(boot_alarm_fd >= 0 || errno == EPERM));
    if (boot_alarm_fd >= 0) {
        close(boot_alarm_fd);
    }

    int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME};
    const char *names[] = {"REALTIME", "MONOTONIC", "BOOTTIME"};
    for (int i = 0; i < 3; i++) {
        int fd = timerfd_create(clocks[i], 0);
        printf("%s timerfd created: %s\n", names[i], yes(fd >= 0));
        close(fd);
    }

    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    int status = fcntl(fd, F_GETFL);
    printf("TFD_NONBLOCK sets O_NONBLOCK, O_RDWR: %s\n", yes((status & O_NONBLOCK) && (status & O_ACCMODE) == O_RDWR));
    printf("TFD_CLOEXEC sets FD_CLOEXEC: %s\n", yes(fcntl(fd, F_GETFD) == FD_CLOEXEC));
    char link[64] = {0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    printf("/proc/self/fd names it anon_inode:[timerfd]: %s\n",
           yes(readlink(path, link, sizeof link - 1) > 0 && strcmp(link, "anon_inode:[timerfd]") == 0));
    uint64_t count = 0;
    printf("read before arming -> EAGAIN: %s\n", yes(read(fd, &count, 8) == -1 && errno == EAGAIN));
    printf("read into 4 bytes -> EINVAL: %s\n", yes(read(fd, &count, 4) == -1 && errno == EINVAL));
    printf("write -> EINVAL: %s\n", yes(write(fd, &count, 8) == -1 && errno == EINVAL));
    struct itimerspec current;
    memset(&current, 0xff, sizeof current);
    printf("gettime of a new timer: zero: %s\n",
           yes(timerfd_gettime(fd, &current) == 0 && ns_of(current.it_value) == 0 && ns_of(current.it_interval) == 0));
    close(fd);
}

static void one_shot(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    long long start = now_ns();
    printf("arm one-shot 80 ms: %s\n", yes(arm(fd, 0, 80 * MS, 0, NULL) == 0));
    struct itimerspec current;
    timerfd_gettime(fd, &current);
    long long looked = now_ns();
    printf("gettime: value in (0, 80 ms] (0 once fired), no interval: %s\n",
           yes((ns_of(current.it_value) > 0 || looked - start >= 80 * MS) && ns_of(current.it_value) <= 80 * MS
               && ns_of(current.it_interval) == 0));
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int early = poll(&p, 1, 0);
    long long polled_at = now_ns();
    printf("not readable before it fires: %s\n", yes(early == 0 || polled_at - start >= 80 * MS));
    p.revents = 0;
    printf("poll sees POLLIN once it fires: %s\n", yes(poll(&p, 1, 2000) == 1 && p.revents == POLLIN));
    printf("fired no earlier than 80 ms: %s\n", yes(now_ns() - start >= 80 * MS));
    uint64_t count = 0;
    printf("read -> 8 bytes, count 1: %s\n", yes(read(fd, &count, 8) == 8 && count == 1));
    printf("read again -> EAGAIN: %s\n", yes(read(fd, &count, 8) == -1 && errno == EAGAIN));
    timerfd_gettime(fd, &current);
    printf("gettime after it fired: zero: %s\n", yes(ns_of(current.it_value) == 0 && ns_of(current.it_interval) == 0));
    p.revents = 0;
    printf("no longer readable: %s\n", yes(poll(&p, 1, 0) == 0));
    close(fd);

    /* A blocking read waits for the expiry. */
    fd = timerfd_create(CLOCK_MONOTONIC, 0);
    start = now_ns();
    arm(fd, 0, 50 * MS, 0, NULL);
    count = 0;
    ssize_t got = read(fd, &count, sizeof count);
    printf("blocking read waits for the expiry: %s\n", yes(got == 8 && count == 1 && now_ns() - start >= 50 * MS));
    close(fd);
}

static void periodic(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    long long interval = 20 * MS;
    long long start = now_ns();
    arm(fd, 0, interval, interval, NULL);
    sleep_ms(150);
    uint64_t count = 0;
    ssize_t got = read(fd, &count, 8);
    long long end = now_ns();
    printf("periodic 20 ms read after 150 ms: count fits the time passed: %s\n",
           yes(got == 8 && count >= 5 && count_fits(count, start + interval, end, interval)));
    struct itimerspec current;
    timerfd_gettime(fd, &current);
    printf("gettime: next expiry within one interval, interval kept: %s\n",
           yes(ns_of(current.it_value) > 0 && ns_of(current.it_value) <= interval && ns_of(current.it_interval) == interval));

    /* Disarming returns the old setting and stops the count. */
    struct itimerspec old;
    memset(&old, 0, sizeof old);
    printf("disarm: %s\n", yes(arm(fd, 0, 0, 0, &old) == 0));
    printf("old value within one interval, old interval 20 ms: %s\n",
           yes(ns_of(old.it_value) > 0 && ns_of(old.it_value) <= interval && ns_of(old.it_interval) == interval));
    timerfd_gettime(fd, &current);
    printf("gettime after disarming: zero: %s\n", yes(ns_of(current.it_value) == 0 && ns_of(current.it_interval) == 0));
    sleep_ms(60);
    printf("nothing to read after disarming: %s\n", yes(read(fd, &count, 8) == -1 && errno == EAGAIN));

    /* Expirations not read when the timer is set again are forgotten. */
    arm(fd, 0, 10 * MS, 0, NULL);
    sleep_ms(40);
    arm(fd, 0, 10 * SEC, 0, NULL);
    printf("setting again forgets unread expirations: %s\n", yes(read(fd, &count, 8) == -1 && errno == EAGAIN));
    close(fd);
}

static void absolute(void)
{
    /* A monotonic start 300 ms in the past with a 30 ms period: every period since counts at the first read. (A
     * Kiln VM's monotonic clock starts at boot, so make sure it has gone past 300 ms.) */
    if (now_ns() < 400 * MS) {
        sleep_ms((400 * MS - now_ns()) / MS + 1);
    }

    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    long long start = now_ns() - 300 * MS;
    long long interval = 30 * MS;
    printf("ABSTIME monotonic in the past: %s\n", yes(arm(fd, TFD_TIMER_ABSTIME, start, interval, NULL) == 0));
    uint64_t count = 0;
    ssize_t got = read(fd, &count, 8);
    long long end = now_ns();
    printf("first read counts the missed periods (about 11): %s\n",
           yes(got == 8 && count >= 10 && count_fits(count, start, end, interval)));
    close(fd);

    /* A realtime deadline 60 ms ahead, with CANCEL_ON_SET: nobody sets the clock, so it simply fires. */
    fd = timerfd_create(CLOCK_REALTIME, 0);
    long long wall = clock_ns(CLOCK_REALTIME);
    long long began = now_ns();
    printf("ABSTIME|CANCEL_ON_SET realtime: %s\n",
           yes(arm(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, wall + 60 * MS, 0, NULL) == 0));
    got = read(fd, &count, 8);
    printf("fires at the wall-clock time: %s\n", yes(got == 8 && count == 1 && now_ns() - began >= 55 * MS));
    close(fd);

    /* Relative on CLOCK_REALTIME and CLOCK_BOOTTIME. */
    int clocks[] = {CLOCK_REALTIME, CLOCK_BOOTTIME};
    const char *names[] = {"REALTIME", "BOOTTIME"};
    for (int i = 0; i < 2; i++) {
        fd = timerfd_create(clocks[i], 0);
        began = now_ns();
        arm(fd, 0, 30 * MS, 0, NULL);
        got = read(fd, &count, 8);
        printf("%s relative 30 ms: %s\n", names[i], yes(got == 8 && count == 1 && now_ns() - began >= 30 * MS));
        close(fd);
    }
}

static void with_epoll(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 77};
    printf("epoll ADD timerfd: %s\n", yes(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0));
    struct epoll_event out[2];
    printf("idle timer not ready: %s\n", yes(epoll_wait(ep, out, 2, 0) == 0));
    arm(fd, 0, 30 * MS, 0, NULL);
    int n = epoll_wait(ep, out, 2, 2000);
    printf("epoll_wait wakes on the expiry with EPOLLIN and the data: %s\n", yes(n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 77));
    uint64_t count = 0;
    read(fd, &count, 8);
    printf("after the read it is not ready: %s\n", yes(epoll_wait(ep, out, 2, 0) == 0));

    /* Edge-triggered, periodic: each expiry after a read is a new edge. */
    ev.events = EPOLLIN | EPOLLET;
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    arm(fd, 0, 20 * MS, 20 * MS, NULL);
    int edges = 0;
    for (int i = 0; i < 3; i++) {
        if (epoll_wait(ep, out, 2, 2000) == 1) {
            edges++;
            read(fd, &count, 8);
        }
    }

    printf("three edges from a periodic timer: %s\n", yes(edges == 3));
    arm(fd, 0, 0, 0, NULL);
    close(fd);
    close(ep);
}

static void on_alarm(int signal)
{
    (void)signal;
}

static void interrupted(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigaction(SIGALRM, &action, NULL);
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    arm(fd, 0, 5 * SEC, 0, NULL);
    struct itimerval alarm_in = {.it_value = {0, 50000}};
    setitimer(ITIMER_REAL, &alarm_in, NULL);
    uint64_t count = 0;
    long long start = now_ns();
    ssize_t got = read(fd, &count, 8);
    printf("a signal without SA_RESTART ends a blocking read with EINTR: %s\n",
           yes(got == -1 && errno == EINTR && now_ns() - start < 4 * SEC));
    close(fd);
    signal(SIGALRM, SIG_DFL);
}

static void errors(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec spec = {.it_value = ts(SEC)};
    struct itimerspec current;
    printf("settime unknown flag -> EINVAL: %s\n", yes(errno_of(timerfd_settime(fd, 4, &spec, NULL)) == EINVAL));
    spec.it_value.tv_nsec = SEC;
    printf("settime nanoseconds >= 1 s -> EINVAL: %s\n", yes(errno_of(timerfd_settime(fd, 0, &spec, NULL)) == EINVAL));
    spec.it_value.tv_nsec = 0;
    spec.it_interval.tv_sec = -1;
    printf("settime negative interval -> EINVAL: %s\n", yes(errno_of(timerfd_settime(fd, 0, &spec, NULL)) == EINVAL));
    spec.it_interval.tv_sec = 0;
    printf("settime bad new pointer -> EFAULT: %s\n", yes(errno_of(timerfd_settime(fd, 0, (void *)8, NULL)) == EFAULT));
    printf("settime bad descriptor -> EBADF: %s\n", yes(errno_of(timerfd_settime(999, 0, &spec, NULL)) == EBADF));
    int other = eventfd(0, 0);
    printf("settime on an eventfd -> EINVAL: %s\n", yes(errno_of(timerfd_settime(other, 0, &spec, NULL)) == EINVAL));
    printf("gettime on an eventfd -> EINVAL: %s\n", yes(errno_of(timerfd_gettime(other, &current)) == EINVAL));
    printf("gettime bad descriptor -> EBADF: %s\n", yes(errno_of(timerfd_gettime(-1, &current)) == EBADF));
    printf("gettime bad pointer -> EFAULT: %s\n", yes(errno_of(timerfd_gettime(fd, (void *)8)) == EFAULT));
    printf("settime bad old pointer -> EFAULT: %s\n", yes(errno_of(timerfd_settime(fd, 0, &spec, (void *)8)) == EFAULT));
    timerfd_gettime(fd, &current);
    printf("... but the new setting took effect: %s\n", yes(ns_of(current.it_value) > 0));
    close(other);
    close(fd);
}

/* Armed timers closed with their files: the kernel must drop them (and reuse the files). */
static void churn(void)
{
    int ok = 1;
    for (int i = 0; i < 500; i++) {
        int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
        if (fd < 0 || arm(fd, 0, 1 * MS, 1 * MS, NULL) != 0) {
            ok = 0;
        }

        close(fd);
    }

    sleep_ms(20);
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    uint64_t count;
    printf("500 armed timerfds closed; a new one starts idle: %s\n", yes(ok && read(fd, &count, 8) == -1 && errno == EAGAIN));
    close(fd);
}

int main(void)
{
    creation();
    one_shot();
    periodic();
    absolute();
    with_epoll();
    interrupted();
    errors();
    churn();
    return 0;
}
