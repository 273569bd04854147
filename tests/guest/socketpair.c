/* socketpair: the pairs AF_UNIX gives (stream, datagram, seqpacket) and the errors for what it does not
 * (EAFNOSUPPORT, EOPNOTSUPP for inet, EINVAL for bad flags, EFAULT for a bad array, EPROTONOSUPPORT, ESOCKTNOSUPPORT);
 * SOCK_NONBLOCK and SOCK_CLOEXEC; readv/writev and the file calls on socket descriptors (lseek ESPIPE, pread ESPIPE,
 * dup shares the socket, fcntl O_NONBLOCK); shutdown(SHUT_RD) and an invalid how; a blocking reader woken by a
 * writer thread; ENOTSOCK for socket calls on a pipe. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void *late_writer(void *argument)
{
    int fd = *(int *)argument;
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    write(fd, "late", 4);
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int pair[2];
    int types[3] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET};
    const char *names[3] = {"stream", "dgram", "seqpacket"};
    for (int i = 0; i < 3; i++) {
        int ok = socketpair(AF_UNIX, types[i], 0, pair) == 0;
        int echoed = ok && write(pair[0], "ab", 2) == 2 && write(pair[1], "cd", 2) == 2;
        char buffer[4] = {0};
        echoed = echoed && read(pair[1], buffer, 2) == 2 && read(pair[0], buffer + 2, 2) == 2 && memcmp(buffer, "abcd", 4) == 0;
        printf("%s pair carries both ways: %s\n", names[i], yes(echoed));
        close(pair[0]);
        close(pair[1]);
    }

    printf("AF_INET pair -> EOPNOTSUPP: %s\n", yes(socketpair(AF_INET, SOCK_STREAM, 0, pair) == -1 && errno == EOPNOTSUPP));
    printf("unknown family -> EAFNOSUPPORT: %s\n", yes(socketpair(77, SOCK_STREAM, 0, pair) == -1 && errno == EAFNOSUPPORT));
    printf("bad flags -> EINVAL: %s\n", yes(socketpair(AF_UNIX, SOCK_STREAM | 0x40000000, 0, pair) == -1 && errno == EINVAL));
    printf("bad protocol -> EPROTONOSUPPORT: %s\n", yes(socketpair(AF_UNIX, SOCK_STREAM, 6, pair) == -1 && errno == EPROTONOSUPPORT));
    printf("bad type -> ESOCKTNOSUPPORT: %s\n", yes(socketpair(AF_UNIX, 9, 0, pair) == -1 && errno == ESOCKTNOSUPPORT));
    int *volatile badArray = (int *)8;
    printf("bad array -> EFAULT: %s\n", yes(socketpair(AF_UNIX, SOCK_STREAM, 0, badArray) == -1 && errno == EFAULT));
    printf("socket() with an unknown family -> EAFNOSUPPORT: %s\n", yes(socket(77, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT));

    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair);
    printf("SOCK_NONBLOCK sets O_NONBLOCK on both: %s\n", yes((fcntl(pair[0], F_GETFL) & O_NONBLOCK) && (fcntl(pair[1], F_GETFL) & O_NONBLOCK)));
    printf("SOCK_CLOEXEC sets FD_CLOEXEC on both: %s\n", yes((fcntl(pair[0], F_GETFD) & FD_CLOEXEC) && (fcntl(pair[1], F_GETFD) & FD_CLOEXEC)));
    printf("access mode is O_RDWR: %s\n", yes((fcntl(pair[0], F_GETFL) & O_ACCMODE) == O_RDWR));
    char buffer[32];
    printf("empty nonblocking read -> EAGAIN: %s\n", yes(read(pair[1], buffer, sizeof buffer) == -1 && errno == EAGAIN));
    struct iovec out[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
    printf("writev: %s\n", yes(writev(pair[0], out, 3) == 13));
    char first[6] = {0}, second[16] = {0};
    struct iovec in[2] = {{first, 5}, {second, sizeof second - 1}};
    printf("readv: %s\n", yes(readv(pair[1], in, 2) == 13 && strcmp(first, "one t") == 0 && strcmp(second, "wo three") == 0));
    printf("lseek -> ESPIPE: %s\n", yes(lseek(pair[0], 0, SEEK_SET) == -1 && errno == ESPIPE));
    printf("pread -> ESPIPE: %s\n", yes(pread(pair[0], buffer, 1, 0) == -1 && errno == ESPIPE));
    int copy = dup(pair[0]);
    printf("a dup writes to the same socket: %s\n", yes(write(copy, "d", 1) == 1 && read(pair[1], buffer, sizeof buffer) == 1));
    close(pair[0]);
    printf("the peer is still open while a dup is: %s\n", yes(write(copy, "e", 1) == 1 && read(pair[1], buffer, sizeof buffer) == 1));
    close(copy);
    printf("closing the last descriptor ends the stream: %s\n", yes(read(pair[1], buffer, sizeof buffer) == 0));
    close(pair[1]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    printf("shutdown with a bad how -> EINVAL: %s\n", yes(shutdown(pair[0], 7) == -1 && errno == EINVAL));
    printf("SHUT_RD: %s\n", yes(shutdown(pair[0], SHUT_RD) == 0));
    printf("read after own SHUT_RD -> 0: %s\n", yes(read(pair[0], buffer, sizeof buffer) == 0));
    struct pollfd pfd = {.fd = pair[1], .events = POLLOUT};
    poll(&pfd, 1, 0);
    printf("the peer of a SHUT_RD socket is still writable: %s\n", yes(pfd.revents & POLLOUT));
    pthread_t thread;
    pthread_create(&thread, NULL, late_writer, &pair[0]);
    memset(buffer, 0, sizeof buffer);
    printf("a blocked reader wakes for a writer thread: %s\n", yes(read(pair[1], buffer, sizeof buffer) == 4 && strcmp(buffer, "late") == 0));
    pthread_join(thread, NULL);
    close(pair[0]);
    close(pair[1]);

    int pipes[2];
    pipe(pipes);
    printf("socket calls on a pipe -> ENOTSOCK: %s\n", yes(shutdown(pipes[0], SHUT_RD) == -1 && errno == ENOTSOCK && listen(pipes[0], 1) == -1 && errno == ENOTSOCK));
    printf("socket calls on a closed descriptor -> EBADF: %s\n", yes(listen(999, 1) == -1 && errno == EBADF));
    close(pipes[0]);
    close(pipes[1]);
    printf("done\n");
    return 0;
}
