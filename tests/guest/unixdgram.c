/* unixdgram: AF_UNIX SOCK_DGRAM sockets and descriptor passing. Datagrams to a bound path and to an abstract name
 * with sendto, the sender's name from recvfrom (empty for an unnamed sender), connect as a default destination and
 * a filter for others (EPERM), ECONNREFUSED after the peer closes, boundaries kept, MSG_TRUNC both ways, zero-length
 * datagrams, EMSGSIZE, sendmmsg/recvmmsg, a full queue (EAGAIN), FIONREAD. Then SCM_RIGHTS over a stream pair and a
 * datagram pair: a pipe and an eventfd cross and still work, MSG_CMSG_CLOEXEC, MSG_CTRUNC with a short buffer, EBADF
 * for a bad descriptor. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
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

static void datagrams(void)
{
    const char *path = "/tmp/kiln-unixdgram.sock";
    unlink(path);
    struct sockaddr_un serverAddress, clientAddress, from;
    socklen_t serverLength = path_address(&serverAddress, path);
    socklen_t clientLength = abstract_address(&clientAddress, "kiln-dgram-client");
    int server = socket(AF_UNIX, SOCK_DGRAM, 0);
    printf("bind server path: %s\n", yes(bind(server, (struct sockaddr *)&serverAddress, serverLength) == 0));
    int anonymous = socket(AF_UNIX, SOCK_DGRAM, 0);
    int named = socket(AF_UNIX, SOCK_DGRAM, 0);
    printf("bind client abstract: %s\n", yes(bind(named, (struct sockaddr *)&clientAddress, clientLength) == 0));

    char buffer[256];
    printf("send without a destination -> ENOTCONN: %s\n", yes(send(anonymous, "x", 1, 0) == -1 && errno == ENOTCONN));
    printf("sendto from an unnamed socket: %s\n", yes(sendto(anonymous, "one", 3, 0, (struct sockaddr *)&serverAddress, serverLength) == 3));
    printf("sendto from a named socket: %s\n", yes(sendto(named, "two!", 4, 0, (struct sockaddr *)&serverAddress, serverLength) == 4));
    printf("zero-length datagram: %s\n", yes(sendto(named, "", 0, 0, (struct sockaddr *)&serverAddress, serverLength) == 0));
    int pending = -1;
    ioctl(server, FIONREAD, &pending);
    printf("FIONREAD is the next datagram's size: %d\n", pending);

    socklen_t fromLength = sizeof from;
    ssize_t got = recvfrom(server, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &fromLength);
    printf("first datagram: %zd bytes, unnamed sender's address length %d\n", got, (int)fromLength);
    fromLength = sizeof from;
    got = recvfrom(server, buffer, 2, 0, (struct sockaddr *)&from, &fromLength);
    printf("second datagram truncated to %zd bytes, sender is the abstract name: %s\n", got, yes(fromLength == clientLength && memcmp(&from, &clientAddress, clientLength) == 0));
    got = recv(server, buffer, sizeof buffer, MSG_DONTWAIT);
    printf("zero-length datagram received: %s\n", yes(got == 0));
    printf("empty -> EAGAIN: %s\n", yes(recv(server, buffer, sizeof buffer, MSG_DONTWAIT) == -1 && errno == EAGAIN));

    sendto(named, "longer datagram", 15, 0, (struct sockaddr *)&serverAddress, serverLength);
    printf("MSG_PEEK|MSG_TRUNC gives the real length: %zd\n", recv(server, buffer, 4, MSG_PEEK | MSG_TRUNC));
    struct iovec iov = {.iov_base = buffer, .iov_len = 6};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
    got = recvmsg(server, &message, 0);
    printf("recvmsg truncation: %zd bytes, MSG_TRUNC %s\n", got, yes(message.msg_flags & MSG_TRUNC));

    printf("connect the server to the named client: %s\n", yes(connect(server, (struct sockaddr *)&clientAddress, clientLength) == 0));
    printf("connected send: %s\n", yes(send(server, "reply", 5, 0) == 5));
    fromLength = sizeof from;
    got = recvfrom(named, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &fromLength);
    printf("reply came from the server's path: %s\n", yes(got == 5 && strcmp(from.sun_path, path) == 0));
    printf("a third socket may not send to the connected server -> EPERM: %s\n", yes(sendto(anonymous, "x", 1, 0, (struct sockaddr *)&serverAddress, serverLength) == -1 && errno == EPERM));
    fromLength = sizeof from;
    printf("getpeername of the connected server: %s\n", yes(getpeername(server, (struct sockaddr *)&from, &fromLength) == 0 && fromLength == clientLength));
    close(named);
    printf("send to a closed peer -> ECONNREFUSED: %s\n", yes(send(server, "x", 1, 0) == -1 && errno == ECONNREFUSED));
    printf("then the association is gone -> ENOTCONN: %s\n", yes(send(server, "x", 1, 0) == -1 && errno == ENOTCONN));
    printf("sendto a name nobody has -> ECONNREFUSED: %s\n", yes(sendto(anonymous, "x", 1, 0, (struct sockaddr *)&clientAddress, clientLength) == -1 && errno == ECONNREFUSED));
    close(anonymous);
    close(server);
    unlink(path);

    int pair[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, pair);
    int sndbuf = 0;
    socklen_t optionLength = sizeof sndbuf;
    getsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, &optionLength);
    static char huge[300000];
    printf("a datagram larger than the send buffer -> EMSGSIZE: %s\n", yes(send(pair[0], huge, (size_t)sndbuf + 1, 0) == -1 && errno == EMSGSIZE));
    int sent = 0;
    while (send(pair[0], huge, 1000, MSG_DONTWAIT) == 1000 && sent < 100000) {
        sent++;
    }
    printf("the queue fills (EAGAIN): %s\n", yes(errno == EAGAIN && sent > 10 && sent < 100000));
    struct pollfd pfd = {.fd = pair[0], .events = POLLOUT};
    printf("a full peer is not writable: %s\n", yes(poll(&pfd, 1, 0) == 0));
    int drained = 0;
    while (recv(pair[1], buffer, sizeof buffer, MSG_DONTWAIT) > 0) {
        drained++;
    }
    printf("every datagram arrives: %s\n", yes(drained == sent));
    printf("writable again: %s\n", yes(poll(&pfd, 1, 0) == 1));

    struct mmsghdr messages[3];
    struct iovec vectors[3];
    char texts[3][8] = {"alpha", "beta", "gamma"};
    for (int i = 0; i < 3; i++) {
        vectors[i].iov_base = texts[i];
        vectors[i].iov_len = strlen(texts[i]);
        memset(&messages[i], 0, sizeof messages[i]);
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    printf("sendmmsg sends 3: %s\n", yes(sendmmsg(pair[0], messages, 3, 0) == 3 && messages[2].msg_len == 5));
    char inbox[3][16];
    for (int i = 0; i < 3; i++) {
        vectors[i].iov_base = inbox[i];
        vectors[i].iov_len = sizeof inbox[i];
        messages[i].msg_len = 0;
    }
    int received = recvmmsg(pair[1], messages, 3, MSG_WAITFORONE, NULL);
    printf("recvmmsg takes 3: %s (%u %u %u)\n", yes(received == 3), messages[0].msg_len, messages[1].msg_len, messages[2].msg_len);
    printf("recvmmsg MSG_DONTWAIT on empty -> EAGAIN: %s\n", yes(recvmmsg(pair[1], messages, 3, MSG_DONTWAIT, NULL) == -1 && errno == EAGAIN));
    close(pair[0]);
    close(pair[1]);
}

static int send_fds(int socket, const int *fds, int count, const char *text)
{
    char control[CMSG_SPACE(sizeof(int) * 4)];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = (void *)text, .iov_len = strlen(text)};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = CMSG_SPACE(sizeof(int) * count)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int) * count);
    memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    return (int)sendmsg(socket, &message, 0);
}

static int receive_fds(int socket, int *fds, int capacity, char *text, size_t textSize, int flags, int *messageFlags)
{
    char control[CMSG_SPACE(sizeof(int) * 4)];
    struct iovec iov = {.iov_base = text, .iov_len = textSize};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = CMSG_SPACE(sizeof(int) * capacity)};
    ssize_t got = recvmsg(socket, &message, flags);
    *messageFlags = message.msg_flags;
    if (got < 0) {
        return -1;
    }
    text[got] = 0;
    int count = 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
            int n = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds + count, CMSG_DATA(header), sizeof(int) * n);
            count += n;
        }
    }
    return count;
}

static void rights(int type, const char *label)
{
    int pair[2];
    socketpair(AF_UNIX, type, 0, pair);
    int pipeFds[2];
    pipe(pipeFds);
    int event = eventfd(5, 0);
    int passed[2] = {pipeFds[0], event};
    printf("%s: sendmsg with two descriptors: %s\n", label, yes(send_fds(pair[0], passed, 2, "fds") == 3));
    write(pipeFds[1], "through", 7);
    close(pipeFds[0]);
    close(event);

    int got[4];
    char text[16];
    int flags = 0;
    int count = receive_fds(pair[1], got, 2, text, sizeof text, MSG_CMSG_CLOEXEC, &flags);
    printf("%s: received %d descriptors with the text: %s\n", label, count, yes(strcmp(text, "fds") == 0));
    char buffer[16] = {0};
    printf("%s: the pipe still carries data: %s\n", label, yes(count == 2 && read(got[0], buffer, sizeof buffer) == 7 && strcmp(buffer, "through") == 0));
    uint64_t value = 0;
    printf("%s: the eventfd keeps its count: %s\n", label, yes(count == 2 && read(got[1], &value, 8) == 8 && value == 5));
    printf("%s: MSG_CMSG_CLOEXEC marks them: %s\n", label, yes(count == 2 && (fcntl(got[0], F_GETFD) & FD_CLOEXEC) && (fcntl(got[1], F_GETFD) & FD_CLOEXEC)));
    close(got[0]);
    close(got[1]);
    close(pipeFds[1]);

    int three[3] = {0, 1, 2};
    send_fds(pair[0], three, 3, "x");
    count = receive_fds(pair[1], got, 1, text, sizeof text, 0, &flags);
    printf("%s: a short control buffer gives %d descriptor and MSG_CTRUNC %s\n", label, count, yes(flags & MSG_CTRUNC));
    if (count > 0) {
        close(got[0]);
    }
    int bad = 999;
    printf("%s: a bad descriptor -> EBADF: %s\n", label, yes(send_fds(pair[0], &bad, 1, "x") == -1 && errno == EBADF));
    close(pair[0]);
    close(pair[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    datagrams();
    rights(SOCK_STREAM, "stream");
    rights(SOCK_DGRAM, "dgram");
    printf("done\n");
    return 0;
}
