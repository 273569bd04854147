/* udploop: UDP over 127.0.0.1. Unconnected sendto/recvfrom (the source address is the sender's, compared not
 * printed), message boundaries kept, a zero-length datagram, MSG_PEEK, MSG_TRUNC on recv (returns the datagram's
 * real length) and recvmsg's MSG_TRUNC flag, a datagram larger than the buffer losing its tail, a 60,000-byte
 * datagram intact, FIONREAD (the next datagram's size); connected sockets (send/recv without addresses, datagrams
 * from other sources filtered out, getpeername, connect AF_UNSPEC to dissolve), EDESTADDRREQ, EAGAIN on an empty
 * non-blocking socket, EMSGSIZE past 65,507 bytes, SO_TYPE, bind conflicts, sendmmsg/recvmmsg, and a thread
 * blocked in recvfrom woken by a datagram. Prints derived facts only. */
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
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static const char *err_name(int e)
{
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EMSGSIZE: return "EMSGSIZE";
    case EADDRINUSE: return "EADDRINUSE";
    case EINVAL: return "EINVAL";
    case ENOTCONN: return "ENOTCONN";
    case EISCONN: return "EISCONN";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
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

static int bound_udp(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("bind");
        exit(1);
    }
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

struct waiter {
    int fd;
    char text[32];
    ssize_t got;
};

static void *wait_for_datagram(void *arg)
{
    struct waiter *w = arg;
    w->got = recvfrom(w->fd, w->text, sizeof w->text - 1, 0, NULL, NULL);
    return NULL;
}

int main(void)
{
    uint16_t pa, pb, pc;
    int a = bound_udp(&pa), b = bound_udp(&pb), c = bound_udp(&pc);
    struct sockaddr_in to_a = loopback(pa), to_b = loopback(pb);
    int type = 0;
    socklen_t tlen = sizeof type;
    getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &tlen);
    printf("SO_TYPE is SOCK_DGRAM: %s\n", yes(type == SOCK_DGRAM));

    /* Unconnected: boundaries, source address. */
    sendto(a, "first", 5, 0, (struct sockaddr *)&to_b, sizeof to_b);
    sendto(a, "second!", 7, 0, (struct sockaddr *)&to_b, sizeof to_b);
    sendto(a, "", 0, 0, (struct sockaddr *)&to_b, sizeof to_b);
    char buf[70000];
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    printf("first datagram: %zd bytes [%.*s]\n", n, (int)n, buf);
    char from_text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &from.sin_addr, from_text, sizeof from_text);
    printf("source: length %u, %s, port is the sender's: %s\n", (unsigned)from_len, from_text, yes(ntohs(from.sin_port) == pa));
    n = recv(b, buf, sizeof buf, MSG_PEEK);
    printf("MSG_PEEK: %zd bytes [%.*s]\n", n, (int)n, buf);
    int pending = -1;
    ioctl(b, FIONREAD, &pending);
    printf("FIONREAD: %d\n", pending);
    n = recv(b, buf, 3, 0);
    printf("second into 3 bytes: %zd [%.*s], the rest is gone\n", n, (int)n, buf);
    n = recv(b, buf, sizeof buf, 0);
    printf("zero-length datagram: %zd\n", n);
    n = recv(b, buf, sizeof buf, MSG_DONTWAIT);
    printf("empty socket, MSG_DONTWAIT: %s\n", result(n));

    /* MSG_TRUNC: recv returns the real length; recvmsg flags it. */
    sendto(a, "0123456789", 10, 0, (struct sockaddr *)&to_b, sizeof to_b);
    n = recv(b, buf, 4, MSG_TRUNC);
    printf("recv MSG_TRUNC into 4 bytes returns %zd, buffer [%.4s]\n", n, buf);
    sendto(a, "abcdefghij", 10, 0, (struct sockaddr *)&to_b, sizeof to_b);
    char small[6] = {0};
    struct iovec iov = {small, 5};
    struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
    n = recvmsg(b, &m, 0);
    printf("recvmsg into 5 bytes: %zd [%s], MSG_TRUNC flagged: %s\n", n, small, yes(m.msg_flags & MSG_TRUNC));
    sendto(a, "fits", 4, 0, (struct sockaddr *)&to_b, sizeof to_b);
    m.msg_namelen = sizeof from;
    iov.iov_len = 5;
    n = recvmsg(b, &m, 0);
    printf("recvmsg of a datagram that fits: %zd, MSG_TRUNC clear: %s\n", n, yes(!(m.msg_flags & MSG_TRUNC)));

    /* Big datagrams. */
    unsigned char *big = malloc(65508);
    for (int i = 0; i < 65508; i++) {
        big[i] = (unsigned char)(i * 7 + 3);
    }
    ssize_t sent = sendto(a, big, 60000, 0, (struct sockaddr *)&to_b, sizeof to_b);
    n = recv(b, buf, sizeof buf, 0);
    printf("60000-byte datagram: sent %zd, received %zd, intact: %s\n", sent, n, yes(n == 60000 && memcmp(buf, big, 60000) == 0));
    printf("65507 bytes: %s\n", result(sendto(a, big, 65507, 0, (struct sockaddr *)&to_b, sizeof to_b)));
    n = recv(b, buf, sizeof buf, 0);
    printf("received %zd\n", n);
    printf("65508 bytes: %s\n", result(sendto(a, big, 65508, 0, (struct sockaddr *)&to_b, sizeof to_b)));
    free(big);

    /* Errors without a destination. */
    int fresh = socket(AF_INET, SOCK_DGRAM, 0);
    printf("send on an unconnected socket: %s\n", result(send(fresh, "x", 1, 0)));
    printf("getpeername on an unconnected socket: %s\n", result(getpeername(fresh, (struct sockaddr *)&from, &from_len)));
    struct sockaddr_in same = loopback(pa);
    /* (Linux binds a socket on its first send, even one that fails: the conflict is tried on a new socket.) */
    int conflict = socket(AF_INET, SOCK_DGRAM, 0);
    printf("bind to a port in use: %s\n", result(bind(conflict, (struct sockaddr *)&same, sizeof same)));
    close(conflict);
    /* An unbound socket sending gets a port on the way. */
    printf("sendto from an unbound socket: %s\n", result(sendto(fresh, "auto", 4, 0, (struct sockaddr *)&to_b, sizeof to_b)));
    from_len = sizeof from;
    n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    struct sockaddr_in fresh_name;
    socklen_t fresh_len = sizeof fresh_name;
    getsockname(fresh, (struct sockaddr *)&fresh_name, &fresh_len);
    printf("it arrived from the port it was given: %s\n", yes(n == 4 && from.sin_port == fresh_name.sin_port && from.sin_port != 0));
    close(fresh);

    /* Connected: a filters what b and c send; send and recv need no address. */
    printf("connect a to b: %s\n", result(connect(a, (struct sockaddr *)&to_b, sizeof to_b)));
    struct sockaddr_in peer;
    socklen_t peer_len = sizeof peer;
    getpeername(a, (struct sockaddr *)&peer, &peer_len);
    printf("getpeername is b: %s\n", yes(peer_len == sizeof peer && ntohs(peer.sin_port) == pb));
    sendto(c, "from c", 6, 0, (struct sockaddr *)&to_a, sizeof to_a);
    sendto(b, "from b", 6, 0, (struct sockaddr *)&to_a, sizeof to_a);
    n = recv(a, buf, sizeof buf, 0);
    printf("connected a receives: [%.*s]\n", (int)n, buf);
    n = recv(a, buf, sizeof buf, MSG_DONTWAIT);
    printf("and nothing from c: %s\n", result(n));
    printf("send without an address: %s\n", result(send(a, "via send", 8, 0)));
    n = recv(b, buf, sizeof buf, 0);
    printf("b receives: [%.*s]\n", (int)n, buf);
    struct sockaddr_in to_c = loopback(pc);
    printf("sendto another address while connected: %s\n", result(sendto(a, "to c", 4, 0, (struct sockaddr *)&to_c, sizeof to_c)));
    n = recv(c, buf, sizeof buf, 0);
    printf("c receives: [%.*s]\n", (int)n, buf);
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    printf("connect AF_UNSPEC: %s\n", result(connect(a, &unspec, sizeof unspec)));
    printf("getpeername after AF_UNSPEC: %s\n", result(getpeername(a, (struct sockaddr *)&peer, &peer_len)));
    /* (Linux also lets go of a port bound as 0 here, so a is not asked to receive again.) */
    printf("send without an address after AF_UNSPEC: %s\n", result(send(a, "x", 1, 0)));

    /* sendmmsg / recvmmsg. */
    struct mmsghdr out[3];
    struct iovec out_iov[3] = {{"one", 3}, {"two", 3}, {"three", 5}};
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_name = &to_b;
        out[i].msg_hdr.msg_namelen = sizeof to_b;
        out[i].msg_hdr.msg_iov = &out_iov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    printf("sendmmsg: %d\n", sendmmsg(a, out, 3, 0));
    char slots[3][16];
    struct iovec in_iov[3];
    struct mmsghdr in[3];
    memset(in, 0, sizeof in);
    memset(slots, 0, sizeof slots);
    for (int i = 0; i < 3; i++) {
        in_iov[i] = (struct iovec){slots[i], sizeof slots[i] - 1};
        in[i].msg_hdr.msg_iov = &in_iov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    int got = recvmmsg(b, in, 3, MSG_WAITFORONE, NULL);
    int total = got;
    while (total > 0 && total < 3) {
        int more = recvmmsg(b, in + total, 3 - total, 0, NULL);
        if (more <= 0) {
            break;
        }
        total += more;
    }
    printf("recvmmsg: %d datagrams [%s] [%s] [%s], lengths %u %u %u\n", total, slots[0], slots[1], slots[2],
        in[0].msg_len, in[1].msg_len, in[2].msg_len);

    /* A blocked reader in another thread. */
    struct waiter w = {.fd = c};
    pthread_t t;
    pthread_create(&t, NULL, wait_for_datagram, &w);
    usleep(50000);
    struct sockaddr_in to_c2 = loopback(pc);
    sendto(b, "wake up", 7, 0, (struct sockaddr *)&to_c2, sizeof to_c2);
    pthread_join(t, NULL);
    printf("blocked recvfrom woke with: %zd [%s]\n", w.got, w.got > 0 ? w.text : "");

    /* Non-blocking via fcntl. */
    fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
    printf("non-blocking empty socket: %s\n", result(recv(c, buf, sizeof buf, 0)));

    close(a);
    close(b);
    close(c);
    return 0;
}
