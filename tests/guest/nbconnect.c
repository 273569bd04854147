/* nbconnect: non-blocking TCP connect over 127.0.0.1. To a listening port: EINPROGRESS, then poll reports
 * POLLOUT, SO_ERROR is 0, a second connect returns 0 (as Linux does once it completed), a third EISCONN, and data
 * flows; the listener sees the connection through poll (POLLIN) before accept. To a closed port: EINPROGRESS,
 * then poll reports POLLIN, POLLOUT, POLLERR and POLLHUP, SO_ERROR is ECONNREFUSED (and reads 0 once consumed),
 * a send is EPIPE, and a blocking connect to the same port fails with ECONNREFUSED directly. A non-blocking
 * accept with nothing pending is EAGAIN; a blocking connect with SO_SNDTIMEO set still succeeds. Prints derived
 * facts only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static const char *err_name(int e)
{
    switch (e) {
    case 0: return "0";
    case EINPROGRESS: return "EINPROGRESS";
    case EISCONN: return "EISCONN";
    case EALREADY: return "EALREADY";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EAGAIN: return "EAGAIN";
    case ENOTCONN: return "ENOTCONN";
    case EPIPE: return "EPIPE";
    case ECONNRESET: return "ECONNRESET";
    default: return "other";
    }
}

static const char *result(long r)
{
    return r >= 0 ? "ok" : err_name(errno);
}

static struct sockaddr_in loopback(uint16_t port)
{
    return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
}

static int so_error(int fd)
{
    int value = -1;
    socklen_t len = sizeof value;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &len);
    return value;
}

static void print_events(const char *what, short revents)
{
    printf("%s:%s%s%s%s\n", what, revents & POLLIN ? " POLLIN" : "", revents & POLLOUT ? " POLLOUT" : "",
        revents & POLLERR ? " POLLERR" : "", revents & POLLHUP ? " POLLHUP" : "");
}

int main(void)
{
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = loopback(0);
    bind(listener, (struct sockaddr *)&a, sizeof a);
    listen(listener, 4);
    socklen_t len = sizeof a;
    getsockname(listener, (struct sockaddr *)&a, &len);
    uint16_t port = ntohs(a.sin_port);

    printf("non-blocking accept with nothing pending: %s\n", result(accept(listener, NULL, NULL)));
    struct pollfd lp = {.fd = listener, .events = POLLIN};
    printf("listener quiet before any connect: %s\n", yes(poll(&lp, 1, 0) == 0));

    /* To a listening port. */
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in to = loopback(port);
    printf("non-blocking connect: %s\n", result(connect(c, (struct sockaddr *)&to, sizeof to)));
    struct pollfd p = {.fd = c, .events = POLLOUT};
    int ready = poll(&p, 1, 5000);
    printf("poll for POLLOUT: %d\n", ready);
    print_events("events", p.revents);
    printf("SO_ERROR: %s\n", err_name(so_error(c)));
    /* Linux: the first connect after completion reports success, later ones EISCONN. */
    printf("connect again: %s\n", result(connect(c, (struct sockaddr *)&to, sizeof to)));
    printf("and once more: %s\n", result(connect(c, (struct sockaddr *)&to, sizeof to)));
    lp.revents = 0;
    printf("listener readable with a connection pending: %s\n", yes(poll(&lp, 1, 5000) == 1 && (lp.revents & POLLIN)));
    int s = accept(listener, NULL, NULL);
    printf("accept: %s\n", result(s));
    printf("data flows: %s\n", yes(write(c, "ping", 4) == 4));
    char buf[16] = {0};
    struct pollfd sp = {.fd = s, .events = POLLIN};
    poll(&sp, 1, 5000);
    printf("read: %zd [%s]\n", read(s, buf, sizeof buf - 1), buf);
    close(s);
    close(c);

    /* To a closed port: take a port, then free it. */
    int gone = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in g = loopback(0);
    bind(gone, (struct sockaddr *)&g, sizeof g);
    len = sizeof g;
    getsockname(gone, (struct sockaddr *)&g, &len);
    close(gone);

    c = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
    printf("non-blocking connect to a closed port: %s\n", result(connect(c, (struct sockaddr *)&g, sizeof g)));
    p = (struct pollfd){.fd = c, .events = POLLOUT | POLLIN};
    ready = poll(&p, 1, 5000);
    printf("poll: %d\n", ready);
    print_events("events", p.revents);
    printf("SO_ERROR: %s\n", err_name(so_error(c)));
    printf("SO_ERROR once read: %s\n", err_name(so_error(c)));
    printf("write after the refusal: %s\n", result(send(c, "x", 1, MSG_NOSIGNAL)));
    close(c);

    c = socket(AF_INET, SOCK_STREAM, 0);
    printf("blocking connect to a closed port: %s\n", result(connect(c, (struct sockaddr *)&g, sizeof g)));
    printf("SO_ERROR after it: %s\n", err_name(so_error(c)));
    close(c);

    /* A blocking connect with a send timeout set. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {2, 0};
    setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    printf("blocking connect with SO_SNDTIMEO: %s\n", result(connect(c, (struct sockaddr *)&to, sizeof to)));
    lp.revents = 0;
    poll(&lp, 1, 5000);
    s = accept(listener, NULL, NULL);
    printf("accepted: %s\n", yes(s >= 0));
    close(s);
    close(c);
    close(listener);
    return 0;
}
