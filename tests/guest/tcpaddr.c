/* tcpaddr: the bookkeeping around TCP sockets on 127.0.0.1. getsockname/getpeername on both ends (the client's
 * local port is the server's peer port and the other way round, compared, never printed), socket options
 * (SO_TYPE, SO_ERROR, SO_REUSEADDR, SO_KEEPALIVE, SO_RCVBUF/SO_SNDBUF non-zero, SO_ACCEPTCONN), accept4 with
 * SOCK_NONBLOCK and SOCK_CLOEXEC (checked with fcntl), SOCK_NONBLOCK|SOCK_CLOEXEC on socket(), a listener with an
 * implicit bind, address-length handling (a short buffer truncates, the length says the full size), and errors:
 * EADDRINUSE, ENOTCONN, EINVAL (accept on a non-listener, a short sockaddr), EAFNOSUPPORT, EPIPE after
 * shutdown, EISCONN, ECONNREFUSED, EBADF/ENOTSOCK. Prints derived facts only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static const char *err_name(int e)
{
    switch (e) {
    case 0: return "0";
    case EADDRINUSE: return "EADDRINUSE";
    case ENOTCONN: return "ENOTCONN";
    case EINVAL: return "EINVAL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPIPE: return "EPIPE";
    case EISCONN: return "EISCONN";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EBADF: return "EBADF";
    case ENOTSOCK: return "ENOTSOCK";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAGAIN: return "EAGAIN";
    case EFAULT: return "EFAULT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    default: return "other";
    }
}

/* "ok" for success, else the errno's name. */
static const char *result(long r)
{
    return r >= 0 ? "ok" : err_name(errno);
}

static struct sockaddr_in loopback(uint16_t port)
{
    return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
}

static uint16_t local_port(int fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    return ntohs(a.sin_port);
}

static int int_option(int fd, int level, int name)
{
    int value = -12345;
    socklen_t len = sizeof value;
    if (getsockopt(fd, level, name, &value, &len) != 0) {
        return -1;
    }
    return value;
}

static void describe(const char *what, const struct sockaddr_in *a, socklen_t len)
{
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    printf("%s: length %u, family AF_INET: %s, address %s, port %s\n", what, (unsigned)len,
        yes(a->sin_family == AF_INET), text, a->sin_port != 0 ? "chosen" : "zero");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    printf("SO_TYPE is SOCK_STREAM: %s\n", yes(int_option(listener, SOL_SOCKET, SO_TYPE) == SOCK_STREAM));
    printf("SO_REUSEADDR starts off: %s\n", yes(int_option(listener, SOL_SOCKET, SO_REUSEADDR) == 0));
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    printf("SO_REUSEADDR reads back on: %s\n", yes(int_option(listener, SOL_SOCKET, SO_REUSEADDR) != 0));
    printf("SO_RCVBUF and SO_SNDBUF positive: %s\n",
        yes(int_option(listener, SOL_SOCKET, SO_RCVBUF) > 0 && int_option(listener, SOL_SOCKET, SO_SNDBUF) > 0));

    struct sockaddr_in unbound;
    socklen_t len = sizeof unbound;
    getsockname(listener, (struct sockaddr *)&unbound, &len);
    describe("getsockname before bind", &unbound, len);
    errno = 0;
    printf("getpeername before connect: %s\n", result(getpeername(listener, (struct sockaddr *)&unbound, &len)));

    struct sockaddr_in any = loopback(0);
    printf("bind with a short length: %s\n", result(bind(listener, (struct sockaddr *)&any, 4)));
    printf("bind 127.0.0.1:0: %s\n", result(bind(listener, (struct sockaddr *)&any, sizeof any)));
    printf("bind again: %s\n", result(bind(listener, (struct sockaddr *)&any, sizeof any)));
    printf("accept before listen: %s\n", result(accept(listener, NULL, NULL)));
    printf("SO_ACCEPTCONN before listen: %d\n", int_option(listener, SOL_SOCKET, SO_ACCEPTCONN));
    printf("listen: %s\n", result(listen(listener, 8)));
    printf("SO_ACCEPTCONN after listen: %d\n", int_option(listener, SOL_SOCKET, SO_ACCEPTCONN));
    uint16_t port = local_port(listener);

    int other = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in same = loopback(port);
    printf("bind a second socket to the listening port: %s\n", result(bind(other, (struct sockaddr *)&same, sizeof same)));
    close(other);

    int unsupported = socket(AF_INET, SOCK_STREAM, IPPROTO_UDP);
    printf("socket(AF_INET, SOCK_STREAM, IPPROTO_UDP): %s\n", result(unsupported));
    printf("socket(12345, SOCK_STREAM, 0): %s\n", result(socket(12345, SOCK_STREAM, 0)));

    /* Connect; compare both ends' views. */
    int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    printf("socket SOCK_CLOEXEC sets FD_CLOEXEC: %s\n", yes(fcntl(client, F_GETFD) & FD_CLOEXEC));
    printf("socket without SOCK_NONBLOCK is blocking: %s\n", yes(!(fcntl(client, F_GETFL) & O_NONBLOCK)));
    printf("connect: %s\n", result(connect(client, (struct sockaddr *)&same, sizeof same)));
    printf("connect again: %s\n", result(connect(client, (struct sockaddr *)&same, sizeof same)));

    struct sockaddr_in peer;
    socklen_t peer_len = sizeof peer;
    int server = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    printf("accept4: %s\n", result(server));
    printf("accept4 SOCK_NONBLOCK sets O_NONBLOCK: %s\n", yes(fcntl(server, F_GETFL) & O_NONBLOCK));
    printf("accept4 SOCK_CLOEXEC sets FD_CLOEXEC: %s\n", yes(fcntl(server, F_GETFD) & FD_CLOEXEC));
    describe("accept4's peer address", &peer, peer_len);
    printf("accepted peer port is the client's local port: %s\n", yes(ntohs(peer.sin_port) == local_port(client)));

    struct sockaddr_in a;
    socklen_t a_len = sizeof a;
    getpeername(client, (struct sockaddr *)&a, &a_len);
    describe("client getpeername", &a, a_len);
    printf("client's peer port is the listening port: %s\n", yes(ntohs(a.sin_port) == port));
    a_len = sizeof a;
    getsockname(server, (struct sockaddr *)&a, &a_len);
    describe("server getsockname", &a, a_len);
    printf("accepted socket's local port is the listening port: %s\n", yes(ntohs(a.sin_port) == port));
    a_len = sizeof a;
    getsockname(client, (struct sockaddr *)&a, &a_len);
    describe("client getsockname", &a, a_len);

    /* A short address buffer is filled as far as it goes; the length says the full size. */
    unsigned char small[4];
    memset(small, 0xee, sizeof small);
    socklen_t small_len = sizeof small;
    getpeername(client, (struct sockaddr *)small, &small_len);
    printf("getpeername into 4 bytes: length %u, family bytes AF_INET: %s, port filled: %s\n", (unsigned)small_len,
        yes(small[0] == AF_INET && small[1] == 0), yes(small[2] != 0xee || small[3] != 0xee));
    socklen_t bad_len = (socklen_t)-1;
    printf("getsockname with a negative length: %s\n", result(getsockname(client, (struct sockaddr *)&a, &bad_len)));

    /* accept4 flags. */
    /* The raw call: musl's accept4 falls back to accept() when the kernel says EINVAL. */
    printf("accept4 with an unknown flag: %s\n", result(syscall(SYS_accept4, listener, NULL, NULL, 0x40000000)));
    int blocking = socket(AF_INET, SOCK_STREAM, 0);
    connect(blocking, (struct sockaddr *)&same, sizeof same);
    int plain = accept4(listener, NULL, NULL, 0);
    printf("accept4 with no flags: neither O_NONBLOCK nor FD_CLOEXEC: %s\n",
        yes(plain >= 0 && !(fcntl(plain, F_GETFL) & O_NONBLOCK) && !(fcntl(plain, F_GETFD) & FD_CLOEXEC)));
    close(blocking);
    close(plain);

    /* The non-blocking accepted socket: nothing to read yet. */
    char buf[32];
    printf("read on the empty non-blocking socket: %s\n", result(read(server, buf, sizeof buf)));
    printf("SO_ERROR on a healthy socket: %d\n", int_option(server, SOL_SOCKET, SO_ERROR));
    printf("SO_KEEPALIVE off, then on: %d ", int_option(server, SOL_SOCKET, SO_KEEPALIVE));
    setsockopt(server, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    printf("%s\n", yes(int_option(server, SOL_SOCKET, SO_KEEPALIVE) != 0));

    /* Shutdown: writing after SHUT_WR is EPIPE; the peer reads end of stream. */
    printf("shutdown SHUT_WR: %s\n", result(shutdown(client, SHUT_WR)));
    printf("write after SHUT_WR: %s\n", result(write(client, "x", 1)));
    printf("send MSG_NOSIGNAL after SHUT_WR: %s\n", result(send(client, "x", 1, MSG_NOSIGNAL)));
    int flags = fcntl(server, F_GETFL);
    fcntl(server, F_SETFL, flags & ~O_NONBLOCK);
    printf("peer reads end of stream: %s\n", yes(read(server, buf, sizeof buf) == 0));
    printf("the other direction still works: %s\n",
        yes(write(server, "back", 4) == 4 && read(client, buf, sizeof buf) == 4 && memcmp(buf, "back", 4) == 0));
    printf("shutdown with a bad how: %s\n", result(shutdown(client, 7)));
    close(server);
    close(client);

    /* Errors on sockets that are not connected. */
    int fresh = socket(AF_INET, SOCK_STREAM, 0);
    printf("recv on an unconnected socket: %s\n", result(recv(fresh, buf, sizeof buf, 0)));
    printf("send on an unconnected socket: %s\n", result(send(fresh, "x", 1, MSG_NOSIGNAL)));
    printf("shutdown on an unconnected socket: %s\n", result(shutdown(fresh, SHUT_RDWR)));
    printf("accept on an unconnected socket: %s\n", result(accept(fresh, NULL, NULL)));
    struct sockaddr_in6 six = {.sin6_family = AF_INET6};
    printf("connect an AF_INET socket to an AF_INET6 address: %s\n",
        result(connect(fresh, (struct sockaddr *)&six, sizeof six)));
    struct sockaddr_in nowhere = loopback(port);
    close(listener);
    printf("connect to a closed port: %s\n", result(connect(fresh, (struct sockaddr *)&nowhere, sizeof nowhere)));
    close(fresh);

    /* Listen without bind picks an address and port. */
    int implicit = socket(AF_INET, SOCK_STREAM, 0);
    printf("listen without bind: %s\n", result(listen(implicit, 4)));
    printf("it got a port: %s\n", yes(local_port(implicit) != 0));
    close(implicit);

    printf("getsockname on a pipe: %s\n", result(getsockname(0, (struct sockaddr *)&a, &a_len)));
    printf("getsockname on a closed descriptor: %s\n", result(getsockname(1000, (struct sockaddr *)&a, &a_len)));
    return 0;
}
