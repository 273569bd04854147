/* sockopts: SOL_SOCKET options on AF_UNIX sockets as Linux answers them: SO_SNDBUF/SO_RCVBUF doubled and clamped,
 * SO_REUSEADDR, SO_KEEPALIVE, SO_LINGER, SO_PASSCRED, SO_PRIORITY read back, SO_ERROR, SO_TYPE/DOMAIN/PROTOCOL,
 * short option lengths (EINVAL) and truncated answers, unknown options (ENOPROTOOPT), a bad pointer (EFAULT);
 * SO_RCVTIMEO/SO_SNDTIMEO: a receive times out with EAGAIN, a bad timeval is EDOM; a signal interrupts a timed
 * receive with EINTR even under SA_RESTART, and an untimed one is restarted. Then TCP's options (TCP_NODELAY,
 * keep-alive, TCP_CORK, TCP_INFO of a listener) and IPV6_V6ONLY on a dual-stack socket binding ::ffff:127.0.0.1.
 * Prints derived facts only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static int get_int(int fd, int level, int name)
{
    int value = -12345;
    socklen_t length = sizeof value;
    if (getsockopt(fd, level, name, &value, &length) != 0) {
        return -errno;
    }
    return value;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static volatile sig_atomic_t s_alarms;

static void on_alarm(int signal)
{
    (void)signal;
    s_alarms++;
}

static void *late_writer(void *argument)
{
    int fd = *(int *)argument;
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    write(fd, "x", 1);
    return NULL;
}

static void inet_options(void)
{
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    printf("TCP SO_TYPE %d SO_PROTOCOL %d SO_DOMAIN %d\n", get_int(tcp, SOL_SOCKET, SO_TYPE), get_int(tcp, SOL_SOCKET, SO_PROTOCOL), get_int(tcp, SOL_SOCKET, SO_DOMAIN));
    int value = 1;
    printf("TCP_NODELAY default %d", get_int(tcp, IPPROTO_TCP, TCP_NODELAY));
    setsockopt(tcp, IPPROTO_TCP, TCP_NODELAY, &value, sizeof value);
    printf(", set %d\n", get_int(tcp, IPPROTO_TCP, TCP_NODELAY));
    printf("keep-alive defaults: idle %d interval %d count %d\n", get_int(tcp, IPPROTO_TCP, TCP_KEEPIDLE), get_int(tcp, IPPROTO_TCP, TCP_KEEPINTVL), get_int(tcp, IPPROTO_TCP, TCP_KEEPCNT));
    value = 60;
    setsockopt(tcp, IPPROTO_TCP, TCP_KEEPIDLE, &value, sizeof value);
    value = 5;
    setsockopt(tcp, IPPROTO_TCP, TCP_KEEPINTVL, &value, sizeof value);
    value = 3;
    setsockopt(tcp, IPPROTO_TCP, TCP_KEEPCNT, &value, sizeof value);
    printf("keep-alive set: idle %d interval %d count %d\n", get_int(tcp, IPPROTO_TCP, TCP_KEEPIDLE), get_int(tcp, IPPROTO_TCP, TCP_KEEPINTVL), get_int(tcp, IPPROTO_TCP, TCP_KEEPCNT));
    value = 0;
    printf("TCP_KEEPIDLE 0 -> EINVAL: %s\n", yes(setsockopt(tcp, IPPROTO_TCP, TCP_KEEPIDLE, &value, sizeof value) == -1 && errno == EINVAL));
    value = 1;
    setsockopt(tcp, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
    printf("TCP_CORK reads back %d\n", get_int(tcp, IPPROTO_TCP, TCP_CORK));
    value = 10000;
    setsockopt(tcp, SOL_SOCKET, SO_RCVBUF, &value, sizeof value);
    printf("TCP SO_RCVBUF 10000 reads back %d\n", get_int(tcp, SOL_SOCKET, SO_RCVBUF));
    printf("getting IPV6_V6ONLY on an AF_INET socket -> EOPNOTSUPP: %s\n", yes(get_int(tcp, IPPROTO_IPV6, IPV6_V6ONLY) == -EOPNOTSUPP));
    printf("setting it -> ENOPROTOOPT: %s\n", yes(setsockopt(tcp, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value) == -1 && errno == ENOPROTOOPT));
    struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(tcp, (struct sockaddr *)&any, sizeof any);
    listen(tcp, 4);
    struct tcp_info info;
    socklen_t length = sizeof info;
    memset(&info, 0, sizeof info);
    int ok = getsockopt(tcp, IPPROTO_TCP, TCP_INFO, &info, &length) == 0;
    printf("TCP_INFO of a listener: %s state %d\n", yes(ok), info.tcpi_state);
    printf("listener SO_ACCEPTCONN %d\n", get_int(tcp, SOL_SOCKET, SO_ACCEPTCONN));
    close(tcp);

    int six = socket(AF_INET6, SOCK_STREAM, 0);
    printf("IPV6_V6ONLY default %d", get_int(six, IPPROTO_IPV6, IPV6_V6ONLY));
    value = 1;
    setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value);
    printf(", set %d\n", get_int(six, IPPROTO_IPV6, IPV6_V6ONLY));
    struct sockaddr_in6 mapped = {.sin6_family = AF_INET6};
    mapped.sin6_addr.s6_addr[10] = 0xFF;
    mapped.sin6_addr.s6_addr[11] = 0xFF;
    mapped.sin6_addr.s6_addr[12] = 127;
    mapped.sin6_addr.s6_addr[15] = 1;
    printf("V6ONLY socket binding a mapped address -> EINVAL: %s\n", yes(bind(six, (struct sockaddr *)&mapped, sizeof mapped) == -1 && errno == EINVAL));
    value = 0;
    setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value);
    printf("dual-stack socket binds ::ffff:127.0.0.1: %s\n", yes(bind(six, (struct sockaddr *)&mapped, sizeof mapped) == 0));
    struct sockaddr_in6 name;
    length = sizeof name;
    getsockname(six, (struct sockaddr *)&name, &length);
    printf("its name is mapped: %s (length %d)\n", yes(name.sin6_family == AF_INET6 && name.sin6_addr.s6_addr[10] == 0xFF && name.sin6_addr.s6_addr[12] == 127 && name.sin6_port != 0), (int)length);
    value = 1;
    printf("V6ONLY after bind -> EINVAL: %s\n", yes(setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value) == -1 && errno == EINVAL));
    struct sockaddr_in plain = {.sin_family = AF_INET};
    int other = socket(AF_INET6, SOCK_DGRAM, 0);
    printf("an AF_INET6 socket refuses a sockaddr_in -> EINVAL or EAFNOSUPPORT: %s\n", yes(bind(other, (struct sockaddr *)&plain, sizeof plain) == -1 && (errno == EINVAL || errno == EAFNOSUPPORT)));
    close(other);
    close(six);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    int fd = pair[0];
    printf("default SO_SNDBUF %d SO_RCVBUF %d\n", get_int(fd, SOL_SOCKET, SO_SNDBUF), get_int(fd, SOL_SOCKET, SO_RCVBUF));
    int value = 10000;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, sizeof value);
    printf("SO_SNDBUF 10000 reads back %d\n", get_int(fd, SOL_SOCKET, SO_SNDBUF));
    value = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, sizeof value);
    printf("SO_RCVBUF 1 reads back the minimum %d\n", get_int(fd, SOL_SOCKET, SO_RCVBUF));
    value = 1 << 30;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, sizeof value);
    /* The cap is net.core.wmem_max, which hosts tune; only that it was capped is the same everywhere. */
    int capped = get_int(fd, SOL_SOCKET, SO_SNDBUF);
    printf("SO_SNDBUF 1 GiB is capped: %s\n", yes(capped >= 2 * 212992 && capped < (1 << 30)));

    int options[] = {SO_REUSEADDR, SO_KEEPALIVE, SO_PASSCRED, SO_BROADCAST};
    const char *names[] = {"SO_REUSEADDR", "SO_KEEPALIVE", "SO_PASSCRED", "SO_BROADCAST"};
    for (int i = 0; i < 4; i++) {
        int before = get_int(fd, SOL_SOCKET, options[i]);
        value = 5;
        setsockopt(fd, SOL_SOCKET, options[i], &value, sizeof value);
        printf("%s: %d then %d\n", names[i], before, get_int(fd, SOL_SOCKET, options[i]));
    }
    value = 6;
    setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &value, sizeof value);
    printf("SO_PRIORITY reads back %d\n", get_int(fd, SOL_SOCKET, SO_PRIORITY));
    printf("SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d SO_ERROR %d SO_ACCEPTCONN %d\n", get_int(fd, SOL_SOCKET, SO_TYPE), get_int(fd, SOL_SOCKET, SO_DOMAIN),
           get_int(fd, SOL_SOCKET, SO_PROTOCOL), get_int(fd, SOL_SOCKET, SO_ERROR), get_int(fd, SOL_SOCKET, SO_ACCEPTCONN));

    struct linger linger = {1, 5};
    socklen_t length = sizeof linger;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    memset(&linger, 0, sizeof linger);
    getsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, &length);
    printf("SO_LINGER reads back on=%d linger=%d length %d\n", linger.l_onoff, linger.l_linger, (int)length);
    printf("SO_LINGER with a short length -> EINVAL: %s\n", yes(setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, 4) == -1 && errno == EINVAL));
    short shortValue = 1;
    printf("an int option with 2 bytes -> EINVAL: %s\n", yes(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &shortValue, 2) == -1 && errno == EINVAL));
    printf("setting SO_TYPE -> ENOPROTOOPT: %s\n", yes(setsockopt(fd, SOL_SOCKET, SO_TYPE, &value, sizeof value) == -1 && errno == ENOPROTOOPT));
    printf("an unknown option -> ENOPROTOOPT: %s\n", yes(setsockopt(fd, SOL_SOCKET, 9999, &value, sizeof value) == -1 && errno == ENOPROTOOPT && get_int(fd, SOL_SOCKET, 9999) == -ENOPROTOOPT));
    char small = 0;
    length = 1;
    printf("a one-byte answer is cut to one byte: %s\n", yes(getsockopt(fd, SOL_SOCKET, SO_TYPE, &small, &length) == 0 && length == 1 && small == SOCK_STREAM));
    length = sizeof value;
    printf("a bad value pointer -> EFAULT: %s\n", yes(getsockopt(fd, SOL_SOCKET, SO_TYPE, (void *)8, &length) == -1 && errno == EFAULT));
    length = (socklen_t)-1;
    printf("a negative length -> EINVAL: %s\n", yes(getsockopt(fd, SOL_SOCKET, SO_TYPE, &value, &length) == -1 && errno == EINVAL));

    struct timeval timeout = {0, 150000};
    printf("SO_RCVTIMEO: %s\n", yes(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0));
    memset(&timeout, 0, sizeof timeout);
    length = sizeof timeout;
    getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, &length);
    /* Linux keeps the timeout in jiffies, so it reads back rounded up to its tick (HZ differs between kernels). */
    printf("SO_RCVTIMEO reads back 150 ms (to a tick): %s\n", yes(timeout.tv_sec == 0 && timeout.tv_usec >= 150000 && timeout.tv_usec < 160000));
    struct timeval bad = {0, 2000000};
    printf("microseconds past a second -> EDOM: %s\n", yes(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bad, sizeof bad) == -1 && errno == EDOM));
    char buffer[8];
    long long start = now_ms();
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    long long waited = now_ms() - start;
    printf("a timed receive gives EAGAIN after its timeout: %s\n", yes(got == -1 && errno == EAGAIN && waited >= 140 && waited < 5000));

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    action.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &action, NULL);
    timeout.tv_sec = 5;
    timeout.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct itimerval timer = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &timer, NULL);
    got = recv(fd, buffer, sizeof buffer, 0);
    printf("a signal interrupts a timed receive with EINTR under SA_RESTART: %s\n", yes(got == -1 && errno == EINTR && s_alarms == 1));

    timeout.tv_sec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    pthread_t thread;
    pthread_create(&thread, NULL, late_writer, &pair[1]);
    setitimer(ITIMER_REAL, &timer, NULL);
    got = recv(fd, buffer, sizeof buffer, 0);
    printf("an untimed receive is restarted after the handler: %s\n", yes(got == 1 && s_alarms == 2));
    pthread_join(thread, NULL);

    close(pair[0]);
    close(pair[1]);
    inet_options();
    printf("done\n");
    return 0;
}
