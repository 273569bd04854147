/* epollsock: epoll over TCP sockets on 127.0.0.1. A listener reports EPOLLIN when a connection is pending;
 * a connected socket is EPOLLOUT at once; edge-triggered EPOLLIN fires once per arrival, the reader drains to
 * EAGAIN and sees nothing more until new data comes; level-triggered keeps reporting until drained; EPOLLRDHUP
 * (with EPOLLIN) after the peer's shutdown(SHUT_WR), and EPOLLHUP too once our side has shut down as well;
 * EPOLLONESHOT reports once, stays silent after more data, and reports again after EPOLL_CTL_MOD re-arms it;
 * EPOLLOUT comes back edge-triggered after a full send buffer drains; a thread blocked in epoll_wait is woken by
 * a connection and by data; UDP sockets under epoll. Prints derived facts only: event names, counts, yes/no. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static struct sockaddr_in loopback(uint16_t port)
{
    return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
}

static int listen_loopback(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = loopback(0);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 16);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

static int connect_loopback(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loopback(port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

static void set_nonblocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static int ctl(int ep, int op, int fd, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.fd = fd};
    return epoll_ctl(ep, op, fd, &ev);
}

/* One epoll_wait; prints the events of fd (or "none"); returns the number of ready descriptors. */
static int wait_print(const char *what, int ep, int fd, int timeout_ms)
{
    struct epoll_event evs[8];
    int n = epoll_wait(ep, evs, 8, timeout_ms);
    uint32_t e = 0;
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (evs[i].data.fd == fd) {
            e = evs[i].events;
            found = 1;
        }
    }
    printf("%s:", what);
    if (!found) {
        printf(" none");
    }
    if (e & EPOLLIN) printf(" IN");
    if (e & EPOLLOUT) printf(" OUT");
    if (e & EPOLLRDHUP) printf(" RDHUP");
    if (e & EPOLLHUP) printf(" HUP");
    if (e & EPOLLERR) printf(" ERR");
    printf("\n");
    return n;
}

/* Reads until EAGAIN; returns the bytes read, or -1 if the last error was not EAGAIN. */
static long drain(int fd, int chunk)
{
    char buf[4096];
    long total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, (size_t)chunk);
        if (r > 0) {
            total += r;
            continue;
        }
        return r < 0 && errno == EAGAIN ? total : -1;
    }
}

struct pair {
    int listener, client, server;
};

static struct pair connected_pair(void)
{
    struct pair p;
    uint16_t port;
    p.listener = listen_loopback(&port);
    p.client = connect_loopback(port);
    /* The listener is non-blocking; the connection may take a moment to be accepted. */
    for (int tries = 0; tries < 500; tries++) {
        p.server = accept4(p.listener, NULL, NULL, SOCK_NONBLOCK);
        if (p.server >= 0) {
            break;
        }
        usleep(10000);
    }
    return p;
}

static void close_pair(struct pair p)
{
    close(p.client);
    close(p.server);
    close(p.listener);
}

static void edge_triggered(void)
{
    struct pair p = connected_pair();
    int ep = epoll_create1(EPOLL_CLOEXEC);
    ctl(ep, EPOLL_CTL_ADD, p.server, EPOLLIN | EPOLLET);
    wait_print("ET, nothing sent yet", ep, p.server, 50);
    write(p.client, "0123456789", 10);
    write(p.client, "abcdefghij", 10);
    write(p.client, "ABCDEFGHIJ", 10);
    usleep(50000);
    wait_print("ET, after three writes", ep, p.server, 2000);
    wait_print("ET, again without reading", ep, p.server, 50);
    printf("ET drain in 7-byte reads until EAGAIN: %ld bytes\n", drain(p.server, 7));
    wait_print("ET, after the drain", ep, p.server, 50);
    write(p.client, "more", 4);
    wait_print("ET, new data", ep, p.server, 2000);
    printf("ET drain: %ld bytes\n", drain(p.server, 4096));
    close(ep);
    close_pair(p);
}

static void level_triggered(void)
{
    struct pair p = connected_pair();
    int ep = epoll_create1(0);
    ctl(ep, EPOLL_CTL_ADD, p.server, EPOLLIN);
    write(p.client, "level", 5);
    wait_print("LT, data waiting", ep, p.server, 2000);
    wait_print("LT, still waiting", ep, p.server, 50);
    char buf[2];
    read(p.server, buf, 2);
    wait_print("LT, part read", ep, p.server, 50);
    printf("LT drain: %ld bytes\n", drain(p.server, 4096));
    wait_print("LT, drained", ep, p.server, 50);
    close(ep);
    close_pair(p);
}

static void rdhup(void)
{
    struct pair p = connected_pair();
    int ep = epoll_create1(0);
    ctl(ep, EPOLL_CTL_ADD, p.server, EPOLLIN | EPOLLRDHUP | EPOLLET);
    write(p.client, "bye", 3);
    shutdown(p.client, SHUT_WR);
    usleep(50000);
    wait_print("peer wrote and shut down writing", ep, p.server, 2000);
    char buf[8] = {0};
    ssize_t first = read(p.server, buf, sizeof buf);
    ssize_t second = read(p.server, buf + 4, sizeof buf - 4);
    printf("read: %zd [%.3s], then end of stream: %zd\n", first, buf, second);
    /* Level-triggered view of the same socket: RDHUP stays. */
    ctl(ep, EPOLL_CTL_MOD, p.server, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
    wait_print("level-triggered, half-closed", ep, p.server, 2000);
    shutdown(p.server, SHUT_WR);
    usleep(50000);
    wait_print("both directions shut down", ep, p.server, 2000);
    close(ep);
    close_pair(p);
}

static void oneshot(void)
{
    struct pair p = connected_pair();
    int ep = epoll_create1(0);
    ctl(ep, EPOLL_CTL_ADD, p.server, EPOLLIN | EPOLLONESHOT);
    write(p.client, "one", 3);
    wait_print("ONESHOT, first data", ep, p.server, 2000);
    wait_print("ONESHOT, data still unread", ep, p.server, 50);
    write(p.client, "two", 3);
    wait_print("ONESHOT, more data", ep, p.server, 50);
    printf("re-arm with EPOLL_CTL_MOD: %s\n", yes(ctl(ep, EPOLL_CTL_MOD, p.server, EPOLLIN | EPOLLONESHOT) == 0));
    wait_print("ONESHOT, re-armed", ep, p.server, 2000);
    wait_print("ONESHOT, after it fired again", ep, p.server, 50);
    printf("drain: %ld bytes\n", drain(p.server, 4096));
    printf("EPOLL_CTL_ADD of a disarmed descriptor again: %s\n",
        yes(ctl(ep, EPOLL_CTL_ADD, p.server, EPOLLIN) == -1 && errno == EEXIST));
    close(ep);
    close_pair(p);
}

static void writable(void)
{
    struct pair p = connected_pair();
    int ep = epoll_create1(0);
    set_nonblocking(p.client);
    ctl(ep, EPOLL_CTL_ADD, p.client, EPOLLOUT | EPOLLET);
    wait_print("connected socket", ep, p.client, 2000);
    wait_print("connected socket, again (ET)", ep, p.client, 50);
    /* Fill the send buffer (and the peer's receive buffer) until EAGAIN. */
    static char chunk[65536];
    long sent = 0;
    for (;;) {
        ssize_t w = write(p.client, chunk, sizeof chunk);
        if (w < 0) {
            break;
        }
        sent += w;
    }
    printf("filled until EAGAIN: %s\n", yes(errno == EAGAIN && sent > 0));
    wait_print("full", ep, p.client, 50);
    /* The peer reads everything: the sender becomes writable again. */
    long got = 0;
    struct epoll_event ev;
    int sep = epoll_create1(0);
    ctl(sep, EPOLL_CTL_ADD, p.server, EPOLLIN);
    while (got < sent) {
        /* Bounded: ten seconds with nothing to read ends the loop (and the check fails). */
        if (epoll_wait(sep, &ev, 1, 10000) <= 0) {
            break;
        }
        long d = drain(p.server, 4096);
        if (d < 0) {
            break;
        }
        got += d;
    }
    printf("peer read all that was sent: %s\n", yes(got == sent));
    wait_print("after the peer drained", ep, p.client, 2000);
    close(sep);
    close(ep);
    close_pair(p);
}

struct waker {
    uint16_t port;
    int fd;
};

static void *connect_later(void *arg)
{
    struct waker *w = arg;
    usleep(100000);
    w->fd = connect_loopback(w->port);
    usleep(100000);
    write(w->fd, "late", 4);
    return NULL;
}

static void blocked_wait(void)
{
    uint16_t port;
    int listener = listen_loopback(&port);
    int ep = epoll_create1(0);
    ctl(ep, EPOLL_CTL_ADD, listener, EPOLLIN);
    wait_print("listener, nobody connecting", ep, listener, 50);
    struct waker w = {.port = port, .fd = -1};
    pthread_t t;
    pthread_create(&t, NULL, connect_later, &w);
    wait_print("listener, blocked until a connect", ep, listener, 5000);
    int s = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
    printf("accepted: %s\n", yes(s >= 0));
    wait_print("listener, after accept", ep, listener, 50);
    ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN);
    wait_print("accepted socket, blocked until data", ep, s, 5000);
    pthread_join(t, NULL);
    char buf[8] = {0};
    printf("read: %zd [%s]\n", read(s, buf, sizeof buf - 1), buf);
    close(w.fd);
    wait_print("accepted socket, peer closed", ep, s, 5000);
    close(s);
    close(ep);
    close(listener);
}

static void udp(void)
{
    int a = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = loopback(0);
    bind(a, (struct sockaddr *)&addr, sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(a, (struct sockaddr *)&addr, &len);
    int ep = epoll_create1(0);
    ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLOUT);
    wait_print("UDP, nothing received", ep, a, 50);
    sendto(b, "d1", 2, 0, (struct sockaddr *)&addr, sizeof addr);
    sendto(b, "d2", 2, 0, (struct sockaddr *)&addr, sizeof addr);
    usleep(50000);
    wait_print("UDP, two datagrams", ep, a, 2000);
    char buf[8];
    recv(a, buf, sizeof buf, 0);
    wait_print("UDP, one read", ep, a, 50);
    recv(a, buf, sizeof buf, 0);
    wait_print("UDP, both read", ep, a, 50);
    close(ep);
    close(a);
    close(b);
}

int main(void)
{
    edge_triggered();
    level_triggered();
    rdhup();
    oneshot();
    writable();
    blocked_wait();
    udp();
    return 0;
}
