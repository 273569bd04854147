/* unixstream: AF_UNIX SOCK_STREAM and SOCK_SEQPACKET sockets. bind to a path (a socket inode: stat says S_IFSOCK,
 * a second bind EADDRINUSE, unlink removes it) and to an abstract name; listen, connect, accept4 with flags;
 * getsockname/getpeername; data both ways, a 1 MiB transfer between threads, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT;
 * shutdown (end of file, EPIPE with SIGPIPE and with MSG_NOSIGNAL), close of the peer (EPOLLHUP/EPOLLRDHUP),
 * ECONNREFUSED and ENOENT, EINVAL/ENOTCONN for calls in the wrong state, a full backlog, seqpacket record
 * boundaries and truncation, SO_PEERCRED, SO_TYPE/SO_DOMAIN/SO_ACCEPTCONN, fstat and /proc/self/fd. Prints derived
 * facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define BULK (1024 * 1024)

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static volatile sig_atomic_t s_sigpipes;

static void on_sigpipe(int signal)
{
    (void)signal;
    s_sigpipes++;
}

static socklen_t path_address(struct sockaddr_un *address, const char *path)
{
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    strcpy(address->sun_path, path);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static socklen_t abstract_address(struct sockaddr_un *address, const char *name)
{
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path + 1, name, strlen(name));
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int listener(const struct sockaddr_un *address, socklen_t length, int type, int backlog)
{
    int fd = socket(AF_UNIX, type, 0);
    if (fd < 0 || bind(fd, (const struct sockaddr *)address, length) != 0 || listen(fd, backlog) != 0) {
        printf("listener failed: %s\n", strerror(errno));
        exit(1);
    }
    return fd;
}

static void paths(void)
{
    const char *path = "/tmp/kiln-unixstream.sock";
    struct sockaddr_un address, name;
    socklen_t length = path_address(&address, path);
    unlink(path);
    int server = listener(&address, length, SOCK_STREAM, 4);
    struct stat st;
    printf("bound path is a socket inode: %s\n", yes(stat(path, &st) == 0 && S_ISSOCK(st.st_mode)));
    int other = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("second bind to the path -> EADDRINUSE: %s\n", yes(bind(other, (struct sockaddr *)&address, length) == -1 && errno == EADDRINUSE));
    printf("bind of a bound socket to its own path -> EADDRINUSE: %s\n", yes(bind(server, (struct sockaddr *)&address, length) == -1 && errno == EADDRINUSE));
    struct sockaddr_un elsewhere;
    socklen_t elsewhereLength = path_address(&elsewhere, "/tmp/kiln-unixstream.other");
    printf("bind of a bound socket to a new path -> EINVAL: %s\n", yes(bind(server, (struct sockaddr *)&elsewhere, elsewhereLength) == -1 && errno == EINVAL));
    printf("and the new path was not left behind: %s\n", yes(stat("/tmp/kiln-unixstream.other", &st) == -1 && errno == ENOENT));

    int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    printf("getpeername before connect -> ENOTCONN: %s\n", yes(getpeername(client, (struct sockaddr *)&name, &(socklen_t){sizeof name}) == -1 && errno == ENOTCONN));
    printf("recv before connect -> EINVAL: %s\n", yes(recv(client, &name, 1, 0) == -1 && errno == EINVAL));
    printf("send before connect -> ENOTCONN: %s\n", yes(send(client, "x", 1, MSG_NOSIGNAL) == -1 && errno == ENOTCONN));
    printf("connect: %s\n", yes(connect(client, (struct sockaddr *)&address, length) == 0));
    printf("connect again -> EISCONN: %s\n", yes(connect(client, (struct sockaddr *)&address, length) == -1 && errno == EISCONN));
    socklen_t nameLength = sizeof name;
    int accepted = accept4(server, (struct sockaddr *)&name, &nameLength, SOCK_NONBLOCK | SOCK_CLOEXEC);
    printf("accept4: %s\n", yes(accepted >= 0));
    printf("accepted peer is unnamed (length %d)\n", (int)nameLength);
    printf("accept4 flags: nonblock %s cloexec %s\n", yes(fcntl(accepted, F_GETFL) & O_NONBLOCK), yes(fcntl(accepted, F_GETFD) & FD_CLOEXEC));
    nameLength = sizeof name;
    getsockname(accepted, (struct sockaddr *)&name, &nameLength);
    printf("accepted socket's name is the listener's path: %s (length %d)\n", yes(strcmp(name.sun_path, path) == 0), (int)nameLength);
    nameLength = sizeof name;
    getpeername(client, (struct sockaddr *)&name, &nameLength);
    printf("client's peer name is the path: %s\n", yes(strcmp(name.sun_path, path) == 0 && nameLength == length));
    nameLength = sizeof name;
    getsockname(client, (struct sockaddr *)&name, &nameLength);
    printf("client's own name has length %d\n", (int)nameLength);

    int value = 0;
    socklen_t optionLength = sizeof value;
    getsockopt(server, SOL_SOCKET, SO_ACCEPTCONN, &value, &optionLength);
    printf("listener SO_ACCEPTCONN %d\n", value);
    getsockopt(client, SOL_SOCKET, SO_TYPE, &value, &optionLength);
    printf("SO_TYPE %d\n", value);
    getsockopt(client, SOL_SOCKET, SO_DOMAIN, &value, &optionLength);
    printf("SO_DOMAIN %d\n", value);
    struct ucred credentials;
    optionLength = sizeof credentials;
    printf("SO_PEERCRED: %s\n", yes(getsockopt(accepted, SOL_SOCKET, SO_PEERCRED, &credentials, &optionLength) == 0 && credentials.pid == getpid() && credentials.uid == getuid() && credentials.gid == getgid() && optionLength == sizeof credentials));

    printf("fstat is S_IFSOCK: %s\n", yes(fstat(client, &st) == 0 && S_ISSOCK(st.st_mode)));
    char link[64], expect[64];
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", client);
    ssize_t linkLength = readlink(proc, link, sizeof link - 1);
    link[linkLength < 0 ? 0 : linkLength] = 0;
    snprintf(expect, sizeof expect, "socket:[%lu]", (unsigned long)st.st_ino);
    printf("/proc/self/fd names socket:[inode]: %s\n", yes(strcmp(link, expect) == 0));

    printf("empty nonblocking accept -> EAGAIN: %s\n", yes(fcntl(server, F_SETFL, O_NONBLOCK) == 0 && accept(server, NULL, NULL) == -1 && errno == EAGAIN));
    printf("read before data -> EAGAIN: %s\n", yes(read(accepted, &value, 1) == -1 && errno == EAGAIN));
    printf("write: %s\n", yes(write(client, "hello", 5) == 5));
    char buffer[64] = {0};
    printf("FIONREAD-like peek: %s\n", yes(recv(accepted, buffer, sizeof buffer, MSG_PEEK) == 5 && memcmp(buffer, "hello", 5) == 0));
    memset(buffer, 0, sizeof buffer);
    printf("read: %s\n", yes(read(accepted, buffer, sizeof buffer) == 5 && strcmp(buffer, "hello") == 0));
    printf("reply: %s\n", yes(send(accepted, "world!", 6, 0) == 6 && recv(client, buffer, 3, 0) == 3 && recv(client, buffer + 3, 10, 0) == 3 && memcmp(buffer, "world!", 6) == 0));

    struct pollfd pfd = {.fd = client, .events = POLLIN | POLLOUT | POLLRDHUP};
    poll(&pfd, 1, 0);
    printf("connected idle client polls out only: %s\n", yes(pfd.revents == POLLOUT));
    shutdown(accepted, SHUT_WR);
    pfd.revents = 0;
    poll(&pfd, 1, 0);
    printf("after peer SHUT_WR: in %s rdhup %s hup %s\n", yes(pfd.revents & POLLIN), yes(pfd.revents & POLLRDHUP), yes(pfd.revents & POLLHUP));
    printf("read at end of stream -> 0: %s\n", yes(read(client, buffer, sizeof buffer) == 0));
    printf("send after own SHUT_WR -> EPIPE with MSG_NOSIGNAL: %s\n", yes(send(accepted, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE));
    s_sigpipes = 0;
    printf("write after own SHUT_WR -> EPIPE and SIGPIPE: %s\n", yes(write(accepted, "x", 1) == -1 && errno == EPIPE && s_sigpipes == 1));

    printf("unlink the path: %s\n", yes(unlink(path) == 0));
    int late = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect to a removed path -> ENOENT: %s\n", yes(connect(late, (struct sockaddr *)&address, length) == -1 && errno == ENOENT));
    close(late);
    close(other);
    close(accepted);
    close(client);
    close(server);

    int nobody = socket(AF_UNIX, SOCK_STREAM, 0);
    path_address(&address, "/tmp/kiln-unixstream.file");
    int file = open("/tmp/kiln-unixstream.file", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(file);
    printf("connect to a regular file -> ECONNREFUSED: %s\n", yes(connect(nobody, (struct sockaddr *)&address, length) == -1 && errno == ECONNREFUSED));
    unlink("/tmp/kiln-unixstream.file");
    close(nobody);
}

static void abstract(void)
{
    struct sockaddr_un address, name;
    socklen_t length = abstract_address(&address, "kiln-abstract-test");
    int server = listener(&address, length, SOCK_STREAM, 1);
    socklen_t nameLength = sizeof name;
    getsockname(server, (struct sockaddr *)&name, &nameLength);
    printf("abstract name round trip: %s\n", yes(nameLength == length && memcmp(&name, &address, length) == 0));
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("abstract name in use -> EADDRINUSE: %s\n", yes(bind(again, (struct sockaddr *)&address, length) == -1 && errno == EADDRINUSE));
    close(again);

    /* The backlog: a listener with backlog 1 takes two connections before a non-blocking connect gets EAGAIN. */
    int clients[4];
    int connected = 0;
    int refusedWithEagain = 0;
    for (int i = 0; i < 4; i++) {
        clients[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (connect(clients[i], (struct sockaddr *)&address, length) == 0) {
            connected++;
        } else if (errno == EAGAIN) {
            refusedWithEagain++;
        }
    }
    printf("backlog 1: %d connected, %d EAGAIN\n", connected, refusedWithEagain);
    struct pollfd pfd = {.fd = server, .events = POLLIN};
    printf("listener with pending connections is readable: %s\n", yes(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN)));
    int accepted = accept(server, NULL, NULL);
    printf("accept from abstract listener: %s\n", yes(accepted >= 0));
    printf("accepted data from the first client: %s\n", yes(send(clients[0], "abc", 3, 0) == 3 && recv(accepted, &name, sizeof name, 0) == 3));
    close(clients[0]);
    pfd.fd = accepted;
    pfd.events = POLLIN | POLLRDHUP;
    poll(&pfd, 1, 0);
    printf("peer closed: in %s rdhup %s hup %s\n", yes(pfd.revents & POLLIN), yes(pfd.revents & POLLRDHUP), yes(pfd.revents & POLLHUP));
    printf("send to a closed peer -> EPIPE: %s\n", yes(send(accepted, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE));
    close(accepted);
    for (int i = 1; i < 4; i++) {
        close(clients[i]);
    }
    close(server);

    int late = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect to a closed abstract name -> ECONNREFUSED: %s\n", yes(connect(late, (struct sockaddr *)&address, length) == -1 && errno == ECONNREFUSED));
    close(late);

    int autobound = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un family = {.sun_family = AF_UNIX};
    nameLength = sizeof name;
    printf("autobind: %s\n", yes(bind(autobound, (struct sockaddr *)&family, sizeof(sa_family_t)) == 0 && getsockname(autobound, (struct sockaddr *)&name, &nameLength) == 0 && nameLength == 8 && name.sun_path[0] == 0));
    close(autobound);
}

struct bulk {
    int fd;
    unsigned long sum;
};

static void *bulk_writer(void *argument)
{
    struct bulk *bulk = argument;
    static unsigned char chunk[7919];
    size_t sent = 0;
    unsigned char next = 0;
    while (sent < BULK) {
        size_t take = BULK - sent < sizeof chunk ? BULK - sent : sizeof chunk;
        for (size_t i = 0; i < take; i++) {
            chunk[i] = next;
            bulk->sum += next;
            next = (unsigned char)(next * 31 + 7);
        }
        ssize_t written = write(bulk->fd, chunk, take);
        if (written != (ssize_t)take) {
            printf("bulk write returned %zd\n", written);
            break;
        }
        sent += take;
    }
    close(bulk->fd);
    return NULL;
}

static void bulk(void)
{
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    struct bulk writer = {.fd = pair[0]};
    pthread_t thread;
    pthread_create(&thread, NULL, bulk_writer, &writer);
    static unsigned char buffer[65536];
    size_t total = 0;
    unsigned long sum = 0;
    unsigned char expect = 0;
    int ordered = 1;
    for (;;) {
        ssize_t got = read(pair[1], buffer, sizeof buffer);
        if (got <= 0) {
            break;
        }
        for (ssize_t i = 0; i < got; i++) {
            sum += buffer[i];
            ordered &= buffer[i] == expect;
            expect = (unsigned char)(expect * 31 + 7);
        }
        total += (size_t)got;
    }
    pthread_join(thread, NULL);
    printf("1 MiB across a stream pair: %s, in order %s, checksums agree %s\n", yes(total == BULK), yes(ordered), yes(sum == writer.sum));
    close(pair[1]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    send(pair[0], "abc", 3, 0);
    char small[8] = {0};
    printf("MSG_DONTWAIT on an empty socket -> EAGAIN: %s\n", yes(recv(pair[1], small, 8, MSG_DONTWAIT) == 3 && recv(pair[1], small, 8, MSG_DONTWAIT) == -1 && errno == EAGAIN));
    send(pair[0], "de", 2, 0);
    send(pair[0], "fgh", 3, 0);
    memset(small, 0, sizeof small);
    printf("MSG_WAITALL joins pieces: %s\n", yes(recv(pair[1], small, 5, MSG_WAITALL) == 5 && strcmp(small, "defgh") == 0));
    close(pair[0]);
    printf("MSG_WAITALL at end of stream returns what there is: %s\n", yes(recv(pair[1], small, 5, MSG_WAITALL) == 0));
    close(pair[1]);
}

static void seqpacket(void)
{
    int pair[2];
    printf("seqpacket pair: %s\n", yes(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair) == 0));
    send(pair[0], "first", 5, 0);
    send(pair[0], "second record", 13, 0);
    char buffer[32] = {0};
    printf("records keep their boundaries: %s\n", yes(recv(pair[1], buffer, sizeof buffer, 0) == 5 && memcmp(buffer, "first", 5) == 0));
    struct iovec iov = {.iov_base = buffer, .iov_len = 6};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
    ssize_t got = recvmsg(pair[1], &message, 0);
    printf("a short buffer truncates the record: %zd bytes, MSG_TRUNC %s\n", got, yes(message.msg_flags & MSG_TRUNC));
    printf("the rest of the record is gone: %s\n", yes(recv(pair[1], buffer, sizeof buffer, MSG_DONTWAIT) == -1 && errno == EAGAIN));
    close(pair[0]);
    printf("seqpacket end of file after close: %s\n", yes(recv(pair[1], buffer, sizeof buffer, 0) == 0));
    close(pair[1]);
}

static void epolls(void)
{
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair);
    int ep = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u32 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, pair[1], &event);
    struct epoll_event out[4];
    printf("epoll: nothing yet: %s\n", yes(epoll_wait(ep, out, 4, 0) == 0));
    write(pair[0], "ping", 4);
    int n = epoll_wait(ep, out, 4, 100);
    printf("epoll: readable after a write: %s\n", yes(n == 1 && out[0].data.u32 == 7 && (out[0].events & EPOLLIN)));
    printf("epoll: edge-triggered, not again: %s\n", yes(epoll_wait(ep, out, 4, 0) == 0));
    close(pair[0]);
    n = epoll_wait(ep, out, 4, 100);
    printf("epoll: peer close reports rdhup and hup: %s\n", yes(n == 1 && (out[0].events & EPOLLRDHUP) && (out[0].events & EPOLLHUP)));
    close(pair[1]);
    close(ep);

    int fresh = socket(AF_UNIX, SOCK_STREAM, 0);
    struct pollfd pfd = {.fd = fresh, .events = POLLIN | POLLOUT};
    poll(&pfd, 1, 0);
    printf("a new stream socket polls out and hup: %s\n", yes(pfd.revents == (POLLOUT | POLLHUP)));
    close(fresh);
}

int main(void)
{
    signal(SIGPIPE, on_sigpipe);
    setvbuf(stdout, NULL, _IONBF, 0);
    paths();
    abstract();
    bulk();
    seqpacket();
    epolls();
    printf("done\n");
    return 0;
}
