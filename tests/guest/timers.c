/* timers: time that interrupts. alarm() ends a blocking pause() with EINTR; a signal without SA_RESTART ends a
 * nanosleep early with EINTR and the time left; setitimer(ITIMER_REAL) fires periodically and getitimer reads it
 * back; timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL) + timer_settime (relative, periodic, absolute) deliver a
 * real-time signal with SI_TIMER and the timer's value; sigsuspend waits for a timer signal; clock_nanosleep with
 * TIMER_ABSTIME; the CPU-time clocks, getrusage, times and sysinfo are sane. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long long now_ns(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static volatile int alarms;

static void on_alarm(int signo)
{
    (void)signo;
    alarms++;
}

static void install(int signo, void (*handler)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, NULL);
}

/* Burns CPU time for about the given wall time, so the CPU clocks have something to count. */
static void spin(long long ns)
{
    long long end = now_ns(CLOCK_MONOTONIC) + ns;
    volatile unsigned long sink = 0;
    while (now_ns(CLOCK_MONOTONIC) < end)
        for (int i = 0; i < 1000; i++)
            sink += i;
}

static void alarm_and_pause(void)
{
    install(SIGALRM, on_alarm, 0);
    alarm(5);
    unsigned left = alarm(0);
    printf("alarm(0) returns the seconds left: %s\n", yes(left == 5 || left == 4));
    printf("alarm(0) with none set returns 0: %s\n", yes(alarm(0) == 0));

    alarms = 0;
    long long before = now_ns(CLOCK_MONOTONIC);
    alarm(1);
    int rc = pause();
    int err = errno;
    long long waited = now_ns(CLOCK_MONOTONIC) - before;
    printf("alarm interrupts pause with EINTR: %s\n", yes(rc == -1 && err == EINTR && alarms == 1));
    printf("pause lasted about a second: %s\n", yes(waited >= 990 * MS && waited < 3000 * MS));
}

static void interrupted_sleep(void)
{
    install(SIGALRM, on_alarm, 0);
    alarms = 0;
    struct itimerval once = {.it_interval = {0, 0}, .it_value = {0, 50 * 1000}};
    setitimer(ITIMER_REAL, &once, NULL);
    struct timespec request = {2, 0}, left = {0, 0};
    long long before = now_ns(CLOCK_MONOTONIC);
    int rc = nanosleep(&request, &left);
    int err = errno;
    long long slept = now_ns(CLOCK_MONOTONIC) - before;
    long long left_ns = left.tv_sec * 1000000000LL + left.tv_nsec;
    printf("nanosleep interrupted with EINTR: %s\n", yes(rc == -1 && err == EINTR && alarms == 1));
    printf("nanosleep ended early: %s\n", yes(slept >= 40 * MS && slept < 1500 * MS));
    /* The timer was armed just before the sleep began, so at least ~50 ms of the 2 s were slept (40 ms leaves room for the gap). */
    printf("nanosleep reports the time left: %s\n", yes(left_ns > 0 && left_ns <= 2000 * MS - 40 * MS));

    /* nanosleep is never restarted, SA_RESTART or not (signal(7)). */
    install(SIGALRM, on_alarm, SA_RESTART);
    alarms = 0;
    setitimer(ITIMER_REAL, &once, NULL);
    rc = nanosleep(&request, NULL);
    err = errno;
    printf("nanosleep returns EINTR even with SA_RESTART: %s\n", yes(rc == -1 && err == EINTR && alarms == 1));
}

static void interval_timer(void)
{
    install(SIGALRM, on_alarm, SA_RESTART);
    sigset_t alrm, old;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &old);

    alarms = 0;
    struct itimerval every = {.it_interval = {0, 20 * 1000}, .it_value = {0, 20 * 1000}}, back;
    long long before = now_ns(CLOCK_MONOTONIC);
    setitimer(ITIMER_REAL, &every, NULL);
    getitimer(ITIMER_REAL, &back);
    printf("getitimer reads back the interval: %s\n", yes(back.it_interval.tv_sec == 0 && back.it_interval.tv_usec == 20000));
    printf("getitimer value within the first period: %s\n",
           yes(back.it_value.tv_sec == 0 && back.it_value.tv_usec > 0 && back.it_value.tv_usec <= 20000));
    /* Each sigsuspend opens the mask until one SIGALRM has been handled. */
    sigset_t open = old;
    sigdelset(&open, SIGALRM);
    while (alarms < 5)
        sigsuspend(&open);
    long long took = now_ns(CLOCK_MONOTONIC) - before;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, &back);
    printf("setitimer fired five times: %s\n", yes(alarms == 5));
    printf("five periods took at least 100 ms: %s\n", yes(took >= 100 * MS));
    printf("setitimer returns the old setting: %s\n", yes(back.it_interval.tv_usec == 20000));
    getitimer(ITIMER_REAL, &back);
    printf("disarmed timer reads zero: %s\n", yes(back.it_value.tv_sec == 0 && back.it_value.tv_usec == 0));
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void posix_timers(void)
{
    int signo = SIGRTMIN + 1;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_BLOCK, &set, NULL);

    timer_t timer;
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = signo;
    event.sigev_value.sival_int = 1234;
    printf("timer_create(CLOCK_MONOTONIC) ok: %s\n", yes(timer_create(CLOCK_MONOTONIC, &event, &timer) == 0));

    struct itimerspec once = {.it_interval = {0, 0}, .it_value = {0, 30 * MS}}, back;
    long long before = now_ns(CLOCK_MONOTONIC);
    timer_settime(timer, 0, &once, NULL);
    timer_gettime(timer, &back);
    printf("timer_gettime: armed, at most 30 ms left: %s\n",
           yes(back.it_value.tv_sec == 0 && back.it_value.tv_nsec > 0 && back.it_value.tv_nsec <= 30 * MS));
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int got = sigwaitinfo(&set, &info);
    long long took = now_ns(CLOCK_MONOTONIC) - before;
    printf("one-shot timer signal arrives: %s\n", yes(got == signo));
    printf("si_code is SI_TIMER: %s\n", yes(info.si_code == SI_TIMER));
    printf("si_value is the timer's: %s\n", yes(info.si_value.sival_int == 1234));
    printf("not before 30 ms: %s\n", yes(took >= 30 * MS));
    timer_gettime(timer, &back);
    printf("expired one-shot reads zero: %s\n", yes(back.it_value.tv_sec == 0 && back.it_value.tv_nsec == 0));

    struct itimerspec periodic = {.it_interval = {0, 10 * MS}, .it_value = {0, 10 * MS}};
    before = now_ns(CLOCK_MONOTONIC);
    timer_settime(timer, 0, &periodic, NULL);
    int ticks = 0;
    for (; ticks < 3; ticks++)
        if (sigwaitinfo(&set, &info) != signo)
            break;
    took = now_ns(CLOCK_MONOTONIC) - before;
    struct itimerspec off = {{0, 0}, {0, 0}};
    timer_settime(timer, 0, &off, &back);
    printf("periodic timer ticked three times: %s\n", yes(ticks == 3 && took >= 30 * MS));
    printf("timer_settime returns the old interval: %s\n", yes(back.it_interval.tv_nsec == 10 * MS));

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    long long deadline_ns = (long long)deadline.tv_sec * 1000000000LL + deadline.tv_nsec + 40 * MS;
    struct itimerspec absolute = {.it_interval = {0, 0},
                                  .it_value = {deadline_ns / 1000000000LL, deadline_ns % 1000000000LL}};
    timer_settime(timer, TIMER_ABSTIME, &absolute, NULL);
    got = sigwaitinfo(&set, &info);
    printf("TIMER_ABSTIME timer fires at the deadline: %s\n", yes(got == signo && now_ns(CLOCK_MONOTONIC) >= deadline_ns));

    printf("timer_delete ok: %s\n", yes(timer_delete(timer) == 0));

    /* A timer whose signal is handled (not waited for) interrupts sigsuspend. */
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    install(signo, on_alarm, 0);
    sigprocmask(SIG_BLOCK, &set, NULL);
    alarms = 0;
    timer_create(CLOCK_MONOTONIC, &event, &timer);
    timer_settime(timer, 0, &once, NULL);
    sigset_t open;
    sigprocmask(SIG_BLOCK, NULL, &open);
    sigdelset(&open, signo);
    int rc = sigsuspend(&open);
    printf("timer signal ends sigsuspend: %s\n", yes(rc == -1 && errno == EINTR && alarms == 1));
    timer_delete(timer);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    printf("timer_create(bad clock) -> EINVAL: %s\n", yes(timer_create((clockid_t)99, &event, &timer) == -1 && errno == EINVAL));
}

static void absolute_sleep(void)
{
    struct timespec target;
    clock_gettime(CLOCK_MONOTONIC, &target);
    long long target_ns = (long long)target.tv_sec * 1000000000LL + target.tv_nsec + 30 * MS;
    target.tv_sec = target_ns / 1000000000LL;
    target.tv_nsec = target_ns % 1000000000LL;
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL);
    printf("clock_nanosleep(TIMER_ABSTIME) wakes at the target: %s\n", yes(rc == 0 && now_ns(CLOCK_MONOTONIC) >= target_ns));
    clock_gettime(CLOCK_MONOTONIC, &target);
    target.tv_sec -= 1;
    printf("absolute target in the past returns at once: %s\n", yes(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL) == 0));
}

static void accounting(void)
{
    struct timespec res;
    printf("clock_getres(MONOTONIC) at most 1 ms: %s\n",
           yes(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000));
    printf("BOOTTIME not behind MONOTONIC: %s\n", yes(now_ns(CLOCK_BOOTTIME) >= now_ns(CLOCK_MONOTONIC) - MS));
    long long raw = now_ns(CLOCK_MONOTONIC_RAW);
    long long process = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long thread = now_ns(CLOCK_THREAD_CPUTIME_ID);
    struct tms before_tms;
    clock_t before_ticks = times(&before_tms);
    // Spin until this thread has had 200 ms of CPU (or 20 s have passed): on a loaded host a fixed wall-clock spin can
    // get too little CPU for the checks below, natively as in a VM.
    long long give_up = now_ns(CLOCK_MONOTONIC) + 20000 * MS;
    while (now_ns(CLOCK_THREAD_CPUTIME_ID) < thread + 200 * MS && now_ns(CLOCK_MONOTONIC) < give_up)
        spin(MS);
    struct tms after_tms;
    clock_t after_ticks = times(&after_tms);
    printf("MONOTONIC_RAW advances: %s\n", yes(now_ns(CLOCK_MONOTONIC_RAW) > raw));
    printf("PROCESS_CPUTIME advances while spinning: %s\n", yes(now_ns(CLOCK_PROCESS_CPUTIME_ID) > process + 50 * MS));
    printf("THREAD_CPUTIME advances while spinning: %s\n", yes(now_ns(CLOCK_THREAD_CPUTIME_ID) > thread + 50 * MS));
    printf("times() elapsed ticks advance: %s\n", yes(after_ticks > before_ticks));
    printf("times() user+system ticks advance: %s\n",
           yes(after_tms.tms_utime + after_tms.tms_stime > before_tms.tms_utime + before_tms.tms_stime));
    printf("sysconf(_SC_CLK_TCK) is 100: %s\n", yes(sysconf(_SC_CLK_TCK) == 100));

    struct rusage usage;
    printf("getrusage(SELF) ok: %s\n", yes(getrusage(RUSAGE_SELF, &usage) == 0));
    long long cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    printf("getrusage: at least 50 ms of CPU: %s\n", yes(cpu_us >= 50000));
    printf("getrusage: microseconds below a million: %s\n", yes(usage.ru_utime.tv_usec < 1000000 && usage.ru_stime.tv_usec < 1000000));
    printf("getrusage(THREAD) ok: %s\n", yes(getrusage(RUSAGE_THREAD, &usage) == 0));
    printf("getrusage(CHILDREN) ok: %s\n", yes(getrusage(RUSAGE_CHILDREN, &usage) == 0));
    printf("getrusage(bad who) -> EINVAL: %s\n", yes(getrusage(42, &usage) == -1 && errno == EINVAL));

    struct sysinfo si;
    printf("sysinfo ok: %s\n", yes(sysinfo(&si) == 0));
    printf("sysinfo: uptime positive: %s\n", yes(si.uptime > 0));
    printf("sysinfo: total RAM positive: %s\n", yes(si.totalram > 0 && si.mem_unit >= 1));
    printf("sysinfo: free RAM at most total: %s\n", yes(si.freeram <= si.totalram));
    printf("sysinfo: at least one process: %s\n", yes(si.procs >= 1));
}

int main(void)
{
    alarm_and_pause();
    interrupted_sleep();
    interval_timer();
    posix_timers();
    absolute_sleep();
    accounting();
    return 0;
}
