/* time: the clocks as a program sees them. CLOCK_REALTIME is a plausible date (after 2020-01-01), CLOCK_MONOTONIC
 * never goes backwards over many reads, a 50 ms nanosleep (and clock_nanosleep) takes at least 50 ms and well under
 * 5 s, gettimeofday and time() agree with CLOCK_REALTIME within a second. Prints only derived yes/no facts. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t)
{
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long long elapsed_ns_of_sleep(int use_clock_nanosleep)
{
    struct timespec before, after, request = {0, 50 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &before);
    int rc = use_clock_nanosleep ? clock_nanosleep(CLOCK_MONOTONIC, 0, &request, NULL) : nanosleep(&request, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    return rc == 0 ? ns(after) - ns(before) : -1;
}

int main(void)
{
    struct timespec real, mono;
    printf("clock_gettime(REALTIME) ok: %s\n", yes(clock_gettime(CLOCK_REALTIME, &real) == 0));
    printf("realtime after 2020-01-01: %s\n", yes(real.tv_sec > 1577836800));
    printf("realtime before 2100-01-01: %s\n", yes(real.tv_sec < 4102444800LL));
    printf("realtime nanoseconds in range: %s\n", yes(real.tv_nsec >= 0 && real.tv_nsec < 1000000000));

    printf("clock_gettime(MONOTONIC) ok: %s\n", yes(clock_gettime(CLOCK_MONOTONIC, &mono) == 0));
    long long previous = ns(mono);
    int backwards = 0;
    for (int i = 0; i < 100000; i++)
    {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (ns(t) < previous)
            backwards++;
        previous = ns(t);
    }
    printf("monotonic never went backwards in 100000 reads: %s\n", yes(backwards == 0));
    printf("monotonic advanced: %s\n", yes(previous > ns(mono)));

    long long slept = elapsed_ns_of_sleep(0);
    printf("nanosleep 50ms took >= 50ms: %s\n", yes(slept >= 50000000LL));
    printf("nanosleep 50ms took < 5s: %s\n", yes(slept >= 0 && slept < 5000000000LL));
    slept = elapsed_ns_of_sleep(1);
    printf("clock_nanosleep 50ms took >= 50ms: %s\n", yes(slept >= 50000000LL));
    printf("clock_nanosleep 50ms took < 5s: %s\n", yes(slept >= 0 && slept < 5000000000LL));

    struct timeval tv;
    struct timespec again;
    printf("gettimeofday ok: %s\n", yes(gettimeofday(&tv, NULL) == 0));
    clock_gettime(CLOCK_REALTIME, &again);
    long long tv_ns = (long long)tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
    long long diff = ns(again) - tv_ns;
    printf("gettimeofday agrees with REALTIME within 1s: %s\n", yes(diff > -1000000000LL && diff < 1000000000LL));
    printf("gettimeofday microseconds in range: %s\n", yes(tv.tv_usec >= 0 && tv.tv_usec < 1000000));

    time_t now = time(NULL);
    time_t stored = 0;
    time_t returned = time(&stored);
    printf("time() agrees with REALTIME within 1s: %s\n", yes(now - again.tv_sec >= -1 && now - again.tv_sec <= 1));
    printf("time(&t) stores what it returns: %s\n", yes(stored == returned));

    struct timespec cpu;
    printf("clock_gettime(MONOTONIC_COARSE) ok: %s\n", yes(clock_gettime(CLOCK_MONOTONIC_COARSE, &cpu) == 0));
    return 0;
}
