/* unixchurn N: N rounds of AF_UNIX socket life cycles — a stream pair carrying 10 KB each way, a datagram pair
 * passing a pipe with SCM_RIGHTS, an abstract listener with a connect, an accept and an exchange, a path bound and
 * unlinked — every socket closed each round. SocketMemoryTests compares the kernel heap after 100 and 2000 rounds. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char s_data[10000];
static char s_sink[10000];

static int stream_pair(void)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
        return 0;
    }
    int ok = write(pair[0], s_data, sizeof s_data) == sizeof s_data && write(pair[1], s_data, sizeof s_data) == sizeof s_data;
    size_t got = 0;
    while (ok && got < sizeof s_sink) {
        ssize_t n = read(pair[1], s_sink, sizeof s_sink - got);
        ok = n > 0;
        got += n > 0 ? (size_t)n : 0;
    }
    ok = ok && read(pair[0], s_sink, sizeof s_sink) > 0;
    close(pair[0]);
    close(pair[1]);
    return ok;
}

static int pass_pipe(void)
{
    int pair[2], pipes[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, pair) != 0 || pipe(pipes) != 0) {
        return 0;
    }
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = "p", .iov_len = 1};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &pipes[0], sizeof(int));
    int ok = sendmsg(pair[0], &message, 0) == 1;
    close(pipes[0]);
    char byte;
    iov.iov_base = &byte;
    message.msg_controllen = sizeof control;
    ok = ok && recvmsg(pair[1], &message, 0) == 1;
    int received = -1;
    if (ok && CMSG_FIRSTHDR(&message) != NULL) {
        memcpy(&received, CMSG_DATA(CMSG_FIRSTHDR(&message)), sizeof(int));
    }
    ok = ok && received >= 0 && write(pipes[1], "x", 1) == 1 && read(received, &byte, 1) == 1;
    close(received);
    close(pipes[1]);
    close(pair[0]);
    close(pair[1]);
    return ok;
}

static int listen_connect_accept(int round)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int length = snprintf(address.sun_path + 1, sizeof address.sun_path - 1, "kiln-churn-%d", round);
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    int ok = bind(listener, (struct sockaddr *)&address, size) == 0 && listen(listener, 4) == 0
        && connect(client, (struct sockaddr *)&address, size) == 0;
    int server = ok ? accept(listener, NULL, NULL) : -1;
    ok = ok && server >= 0 && write(client, "hi", 2) == 2 && read(server, s_sink, 2) == 2;
    close(server);
    close(client);
    close(listener);
    return ok;
}

static int path_name(void)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strcpy(address.sun_path, "/tmp/kiln-churn.sock");
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    int ok = bind(fd, (struct sockaddr *)&address, sizeof address) == 0;
    close(fd);
    return ok && unlink(address.sun_path) == 0;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 100;
    memset(s_data, 'k', sizeof s_data);
    for (int i = 0; i < rounds; i++) {
        if (!stream_pair() || !pass_pipe() || !listen_connect_accept(i) || !path_name()) {
            printf("round %d failed\n", i);
            return 1;
        }
    }
    printf("rounds: %d done\n", rounds);
    return 0;
}
