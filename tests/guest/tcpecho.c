/* tcpecho: TCP over 127.0.0.1 between threads. A server thread accepts CLIENTS connections, one echo thread per
 * connection; the clients send messages of many sizes (1 byte to 300,000, the large ones filling the socket buffers
 * both ways) and check that every byte comes back in order; a half-close (shutdown SHUT_WR) lets the echo thread
 * see end of stream, echo what is left and close, and the client then reads 0. Also: a 2 MiB one-way transfer
 * with a running checksum, recv with MSG_PEEK and MSG_WAITALL, sendmsg/recvmsg with several iovecs, readv/writev,
 * and FIONREAD. Every socket has a 30 s receive timeout, so lost data fails the run instead of hanging it. Prints
 * derived facts only (no ports, no timings). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define CLIENTS 4
#define BULK_BYTES (2 * 1024 * 1024)

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static int listen_loopback(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0) {
        perror("bind/listen");
        exit(1);
    }
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

/* A lost byte must fail the run, not hang it. */
static int bounded(int fd)
{
    struct timeval limit = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    return fd;
}

static int connect_loopback(uint16_t port)
{
    int fd = bounded(socket(AF_INET, SOCK_STREAM, 0));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return r < 0 ? -1 : (ssize_t)got;
        }
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* ---- echo server ---- */

static void *echo_connection(void *arg)
{
    int fd = (int)(intptr_t)arg;
    unsigned char buf[16384];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        if (write_all(fd, buf, (size_t)r) != 0) {
            break;
        }
    }
    close(fd);
    return NULL;
}

struct server {
    int listener;
    int connections;
};

static void *serve(void *arg)
{
    struct server *s = arg;
    pthread_t echo[CLIENTS];
    for (int i = 0; i < s->connections; i++) {
        int fd = bounded(accept(s->listener, NULL, NULL));
        if (fd < 0) {
            perror("accept");
            exit(1);
        }
        pthread_create(&echo[i], NULL, echo_connection, (void *)(intptr_t)fd);
    }
    for (int i = 0; i < s->connections; i++) {
        pthread_join(echo[i], NULL);
    }
    return NULL;
}

/* ---- echo clients ---- */

struct client {
    uint16_t port;
    int index;
    int ok;
    int eof_after_shutdown;
};

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
}

/* Sends and reads back concurrently: a writer thread for messages larger than the socket buffers could hold. */
struct sender {
    int fd;
    const unsigned char *data;
    size_t n;
};

static void *send_all(void *arg)
{
    struct sender *s = arg;
    write_all(s->fd, s->data, s->n);
    return NULL;
}

static void *run_client(void *arg)
{
    struct client *c = arg;
    static const size_t sizes[] = {1, 2, 100, 1448, 1460, 4096, 65535, 65536, 100000, 300000};
    int fd = connect_loopback(c->port);
    size_t max = 300000;
    unsigned char *out = malloc(max), *in = malloc(max);
    c->ok = 1;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        fill(out, n, (unsigned)(c->index * 100 + k));
        memset(in, 0, n);
        struct sender s = {fd, out, n};
        pthread_t writer;
        pthread_create(&writer, NULL, send_all, &s);
        ssize_t got = read_full(fd, in, n);
        pthread_join(writer, NULL);
        if (got != (ssize_t)n || memcmp(in, out, n) != 0) {
            c->ok = 0;
        }
    }
    /* Half-close: the echo side sees end of stream, closes, and we read 0 after the last echo. */
    static const char tail[] = "last words";
    write_all(fd, (const unsigned char *)tail, sizeof tail);
    shutdown(fd, SHUT_WR);
    ssize_t got = read_full(fd, in, sizeof tail);
    if (got != (ssize_t)sizeof tail || memcmp(in, tail, sizeof tail) != 0) {
        c->ok = 0;
    }
    c->eof_after_shutdown = read(fd, in, 1) == 0;
    close(fd);
    free(out);
    free(in);
    return NULL;
}

static void echo_test(void)
{
    struct server s = {.connections = CLIENTS};
    uint16_t port;
    s.listener = listen_loopback(&port);
    pthread_t server;
    pthread_create(&server, NULL, serve, &s);

    pthread_t threads[CLIENTS];
    struct client clients[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients[i] = (struct client){.port = port, .index = i};
        pthread_create(&threads[i], NULL, run_client, &clients[i]);
    }
    int all_ok = 1, all_eof = 1;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(threads[i], NULL);
        all_ok &= clients[i].ok;
        all_eof &= clients[i].eof_after_shutdown;
    }
    pthread_join(server, NULL);
    close(s.listener);
    printf("echo: %d clients, 10 message sizes up to 300,000 bytes each, every byte back in order: %s\n", CLIENTS, yes(all_ok));
    printf("echo: read returns 0 after shutdown(SHUT_WR) and the last echo: %s\n", yes(all_eof));
}

/* ---- one-way bulk transfer ---- */

struct bulk {
    int fd;
    uint32_t sum;
    size_t bytes;
};

static uint32_t adler_step(uint32_t sum, const unsigned char *p, size_t n)
{
    uint32_t a = sum & 0xffff, b = sum >> 16;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static void *bulk_receive(void *arg)
{
    struct bulk *b = arg;
    unsigned char buf[65536];
    b->sum = 1;
    for (;;) {
        ssize_t r = read(b->fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        b->sum = adler_step(b->sum, buf, (size_t)r);
        b->bytes += (size_t)r;
    }
    return NULL;
}

static void bulk_test(void)
{
    uint16_t port;
    int listener = listen_loopback(&port);
    int client = connect_loopback(port);
    struct bulk b = {.fd = bounded(accept(listener, NULL, NULL))};
    pthread_t receiver;
    pthread_create(&receiver, NULL, bulk_receive, &b);
    unsigned char *data = malloc(BULK_BYTES);
    fill(data, BULK_BYTES, 7);
    uint32_t sent_sum = 1;
    /* Uneven write sizes, so segment boundaries fall everywhere. */
    size_t off = 0, step = 1;
    while (off < BULK_BYTES) {
        size_t n = step < BULK_BYTES - off ? step : BULK_BYTES - off;
        write_all(client, data + off, n);
        sent_sum = adler_step(sent_sum, data + off, n);
        off += n;
        step = step * 3 + 1;
        if (step > 300000) {
            step = 7;
        }
    }
    close(client);
    pthread_join(receiver, NULL);
    close(b.fd);
    close(listener);
    free(data);
    printf("bulk: 2 MiB one way, %zu bytes received, checksum matches: %s\n", b.bytes, yes(b.sum == sent_sum));
}

/* ---- recv flags, scatter/gather, FIONREAD ---- */

static void flags_test(void)
{
    uint16_t port;
    int listener = listen_loopback(&port);
    int a = connect_loopback(port);
    int b = bounded(accept(listener, NULL, NULL));
    int one = 1;
    printf("TCP_NODELAY set: %s\n", yes(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0));
    int value = 0;
    socklen_t len = sizeof value;
    getsockopt(a, IPPROTO_TCP, TCP_NODELAY, &value, &len);
    printf("TCP_NODELAY reads back non-zero: %s\n", yes(value != 0));

    struct iovec out[3] = {{"alpha-", 6}, {"beta-", 5}, {"gamma", 5}};
    struct msghdr m = {.msg_iov = out, .msg_iovlen = 3};
    printf("sendmsg of 3 iovecs sends 16 bytes: %s\n", yes(sendmsg(a, &m, 0) == 16));

    char buf[64] = {0};
    /* Wait for all 16 to be there (the peek must not consume them). */
    ssize_t peeked = recv(b, buf, 16, MSG_PEEK | MSG_WAITALL);
    printf("MSG_PEEK|MSG_WAITALL sees 16 bytes: %s\n", yes(peeked == 16 && memcmp(buf, "alpha-beta-gamma", 16) == 0));
    int pending = -1;
    ioctl(b, FIONREAD, &pending);
    printf("FIONREAD after the peek: %d\n", pending);

    char x[7] = {0}, y[11] = {0};
    struct iovec in[2] = {{x, 6}, {y, 10}};
    struct msghdr r = {.msg_iov = in, .msg_iovlen = 2};
    ssize_t got = recvmsg(b, &r, 0);
    printf("recvmsg into 2 iovecs: %zd bytes, [%s] [%s]\n", got, x, y);

    struct iovec w[2] = {{"12345", 5}, {"67890", 5}};
    printf("writev 10 bytes: %s\n", yes(writev(b, w, 2) == 10));
    char p[6] = {0}, q[6] = {0};
    struct iovec rv[2] = {{p, 5}, {q, 5}};
    ssize_t rg = 0;
    while (rg < 10) {
        ssize_t n = readv(a, rv, 2);
        if (n <= 0) {
            break;
        }
        rg += n;
        /* A short readv on a slow path: finish with plain reads into the right places. */
        if (rg < 10) {
            char *dst = rg < 5 ? p + rg : q + (rg - 5);
            size_t room = rg < 5 ? (size_t)(5 - rg) : (size_t)(10 - rg);
            ssize_t more = read(a, dst, room);
            if (more <= 0) {
                break;
            }
            rg += more;
        }
    }
    printf("readv got [%s][%s]\n", p, q);

    /* MSG_WAITALL collects a message written in pieces. */
    write(a, "one", 3);
    usleep(20000);
    write(a, "two", 3);
    usleep(20000);
    write(a, "three", 5);
    memset(buf, 0, sizeof buf);
    got = recv(b, buf, 11, MSG_WAITALL);
    printf("MSG_WAITALL across three writes: %zd [%s]\n", got, buf);

    /* MSG_DONTWAIT on an empty socket. */
    got = recv(b, buf, sizeof buf, MSG_DONTWAIT);
    printf("MSG_DONTWAIT on an empty socket -> EAGAIN: %s\n", yes(got == -1 && errno == EAGAIN));

    close(a);
    got = recv(b, buf, sizeof buf, 0);
    printf("recv after the peer closed: %zd\n", got);
    close(b);
    close(listener);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    echo_test();
    bulk_test();
    flags_test();
    return 0;
}
