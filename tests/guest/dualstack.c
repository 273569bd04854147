/* dualstack: AF_INET6 sockets carrying IPv4, the way Go's net package uses them: the probe (bind ::1, which a
 * machine without IPv6 addresses refuses with EADDRNOTAVAIL, and bind ::ffff:127.0.0.1 with IPV6_V6ONLY off), a
 * listener on [::]:port with IPV6_V6ONLY off taking a connection from an AF_INET client and one from an AF_INET6
 * client to ::ffff:127.0.0.1, names reported as ::ffff:a.b.c.d (:: for the wildcard), data both ways; UDP over
 * AF_INET6 to a mapped address with the source reported mapped. Prints derived facts only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static struct sockaddr_in6 mapped(const char *ipv4, unsigned short port)
{
    struct sockaddr_in6 address = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
    address.sin6_addr.s6_addr[10] = 0xFF;
    address.sin6_addr.s6_addr[11] = 0xFF;
    inet_pton(AF_INET, ipv4, &address.sin6_addr.s6_addr[12]);
    return address;
}

static const char *describe(const struct sockaddr_in6 *address, char *text, size_t size)
{
    inet_ntop(AF_INET6, &address->sin6_addr, text, (socklen_t)size);
    return text;
}

static void off(int fd)
{
    int value = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char text[64];

    int probe = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 loopback6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int bound = bind(probe, (struct sockaddr *)&loopback6, sizeof loopback6);
    printf("probe: bind ::1 works or says EADDRNOTAVAIL: %s\n", yes(bound == 0 || errno == EADDRNOTAVAIL));
    close(probe);
    probe = socket(AF_INET6, SOCK_STREAM, 0);
    off(probe);
    struct sockaddr_in6 probeAddress = mapped("127.0.0.1", 0);
    printf("probe: bind ::ffff:127.0.0.1 with V6ONLY off: %s\n", yes(bind(probe, (struct sockaddr *)&probeAddress, sizeof probeAddress) == 0));
    close(probe);

    int listener = socket(AF_INET6, SOCK_STREAM, 0);
    off(listener);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in6 any = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
    printf("listen on [::]:0: %s\n", yes(bind(listener, (struct sockaddr *)&any, sizeof any) == 0 && listen(listener, 8) == 0));
    struct sockaddr_in6 name;
    socklen_t length = sizeof name;
    getsockname(listener, (struct sockaddr *)&name, &length);
    unsigned short port = ntohs(name.sin6_port);
    printf("listener's name: %s length %d family AF_INET6 %s port set %s\n", describe(&name, text, sizeof text), (int)length, yes(name.sin6_family == AF_INET6), yes(port != 0));

    int client4 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to4 = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    printf("AF_INET client connects to 127.0.0.1: %s\n", yes(connect(client4, (struct sockaddr *)&to4, sizeof to4) == 0));
    length = sizeof name;
    int server4 = accept(listener, (struct sockaddr *)&name, &length);
    printf("accepted, peer %s length %d\n", describe(&name, text, sizeof text), (int)length);
    length = sizeof name;
    getsockname(server4, (struct sockaddr *)&name, &length);
    printf("accepted socket's own name %s\n", describe(&name, text, sizeof text));
    char buffer[16] = {0};
    printf("data both ways: %s\n", yes(write(client4, "ping", 4) == 4 && read(server4, buffer, sizeof buffer) == 4 && write(server4, "pong", 4) == 4 && read(client4, buffer, sizeof buffer) == 4 && memcmp(buffer, "pong", 4) == 0));

    int client6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 to6 = mapped("127.0.0.1", port);
    printf("AF_INET6 client connects to ::ffff:127.0.0.1: %s\n", yes(connect(client6, (struct sockaddr *)&to6, sizeof to6) == 0));
    length = sizeof name;
    getpeername(client6, (struct sockaddr *)&name, &length);
    printf("its peer %s length %d\n", describe(&name, text, sizeof text), (int)length);
    length = sizeof name;
    getsockname(client6, (struct sockaddr *)&name, &length);
    printf("its own name %s\n", describe(&name, text, sizeof text));
    int server6 = accept(listener, NULL, NULL);
    printf("accepted the second: %s\n", yes(server6 >= 0 && write(client6, "x", 1) == 1 && read(server6, buffer, 1) == 1));
    close(server6);
    close(client6);
    close(server4);
    close(client4);
    close(listener);

    int receiver = socket(AF_INET6, SOCK_DGRAM, 0);
    off(receiver);
    struct sockaddr_in6 local = mapped("127.0.0.1", 0);
    bind(receiver, (struct sockaddr *)&local, sizeof local);
    length = sizeof name;
    getsockname(receiver, (struct sockaddr *)&name, &length);
    int sender = socket(AF_INET6, SOCK_DGRAM, 0);
    printf("UDP sendto a mapped address: %s\n", yes(sendto(sender, "dgram", 5, 0, (struct sockaddr *)&name, sizeof name) == 5));
    struct sockaddr_in6 from;
    length = sizeof from;
    ssize_t got = recvfrom(receiver, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &length);
    printf("UDP received %zd bytes from %s length %d\n", got, describe(&from, text, sizeof text), (int)length);
    close(sender);
    close(receiver);
    printf("done\n");
    return 0;
}
