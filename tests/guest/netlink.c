/* netlink: what glibc's getifaddrs and Go's net.Interfaces read, checked on the loopback interface every machine
 * has (other interfaces differ between the host and Kiln, so only "lo" is printed): getifaddrs gives lo with
 * IFF_UP|IFF_LOOPBACK|IFF_RUNNING, an AF_PACKET entry and 127.0.0.1/8; a raw NETLINK_ROUTE socket gets a port id,
 * an RTM_GETLINK dump that names lo at index 1 and ends with NLMSG_DONE, and NLMSG_ERROR EOPNOTSUPP for an unknown
 * request type; the interface ioctls (SIOCGIFCONF, SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFFLAGS, SIOCGIFINDEX,
 * SIOCGIFNAME, SIOCGIFMTU, SIOCGIFHWADDR) on lo, ENODEV for a name that does not exist. Prints derived facts only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The netlink ABI (linux/netlink.h, linux/rtnetlink.h), written out: musl-gcc has no kernel headers. */
#define NETLINK_ROUTE 0
#define NLM_F_REQUEST 0x1
#define NLM_F_DUMP 0x300
#define NLMSG_ERROR 0x2
#define NLMSG_DONE 0x3
#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define IFLA_IFNAME 3

struct sockaddr_nl {
    unsigned short nl_family;
    unsigned short nl_pad;
    unsigned int nl_pid;
    unsigned int nl_groups;
};

struct nlmsghdr {
    unsigned int nlmsg_len;
    unsigned short nlmsg_type;
    unsigned short nlmsg_flags;
    unsigned int nlmsg_seq;
    unsigned int nlmsg_pid;
};

struct nlmsgerr {
    int error;
    struct nlmsghdr msg;
};

struct rtgenmsg {
    unsigned char rtgen_family;
};

struct ifinfomsg {
    unsigned char ifi_family;
    unsigned char ifi_pad;
    unsigned short ifi_type;
    int ifi_index;
    unsigned int ifi_flags;
    unsigned int ifi_change;
};

struct rtattr {
    unsigned short rta_len;
    unsigned short rta_type;
};

#define NLMSG_ALIGN(len) (((len) + 3U) & ~3U)
#define NLMSG_HDRLEN ((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_DATA(nlh) ((void *)((char *)(nlh) + NLMSG_HDRLEN))
#define NLMSG_OK(nlh, len) ((len) >= (int)sizeof(struct nlmsghdr) && (nlh)->nlmsg_len >= sizeof(struct nlmsghdr) && (nlh)->nlmsg_len <= (unsigned)(len))
#define NLMSG_NEXT(nlh, len) ((len) -= NLMSG_ALIGN((nlh)->nlmsg_len), (struct nlmsghdr *)((char *)(nlh) + NLMSG_ALIGN((nlh)->nlmsg_len)))
#define RTA_ALIGN(len) (((len) + 3U) & ~3U)
#define RTA_OK(rta, len) ((len) >= (int)sizeof(struct rtattr) && (rta)->rta_len >= sizeof(struct rtattr) && (rta)->rta_len <= (unsigned)(len))
#define RTA_NEXT(rta, len) ((len) -= RTA_ALIGN((rta)->rta_len), (struct rtattr *)((char *)(rta) + RTA_ALIGN((rta)->rta_len)))
#define RTA_DATA(rta) ((void *)((char *)(rta) + RTA_ALIGN(sizeof(struct rtattr))))
#define IFLA_RTA(info) ((struct rtattr *)((char *)(info) + NLMSG_ALIGN(sizeof(struct ifinfomsg))))
#define IFLA_PAYLOAD(nlh) ((nlh)->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(sizeof(struct ifinfomsg)))

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void interfaces(void)
{
    struct ifaddrs *list;
    if (getifaddrs(&list) != 0) {
        printf("getifaddrs failed: %s\n", strerror(errno));
        return;
    }
    int packet = 0, inet = 0;
    for (struct ifaddrs *at = list; at != NULL; at = at->ifa_next) {
        if (strcmp(at->ifa_name, "lo") != 0 || at->ifa_addr == NULL) {
            continue;
        }
        unsigned flags = at->ifa_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_BROADCAST);
        if (at->ifa_addr->sa_family == AF_PACKET) {
            packet++;
            printf("lo link flags: up %s loopback %s running %s broadcast %s\n", yes(flags & IFF_UP), yes(flags & IFF_LOOPBACK), yes(flags & IFF_RUNNING), yes(flags & IFF_BROADCAST));
        } else if (at->ifa_addr->sa_family == AF_INET) {
            inet++;
            char address[32], mask[32];
            inet_ntop(AF_INET, &((struct sockaddr_in *)at->ifa_addr)->sin_addr, address, sizeof address);
            inet_ntop(AF_INET, &((struct sockaddr_in *)at->ifa_netmask)->sin_addr, mask, sizeof mask);
            printf("lo inet %s netmask %s\n", address, mask);
        }
    }
    printf("lo entries: packet %d inet %d\n", packet, inet);
    printf("if_nametoindex(lo) = %u\n", if_nametoindex("lo"));
    freeifaddrs(list);
}

static void raw_netlink(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    printf("netlink socket: %s\n", yes(fd >= 0));
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    printf("bind with port 0: %s\n", yes(bind(fd, (struct sockaddr *)&local, sizeof local) == 0));
    socklen_t length = sizeof local;
    getsockname(fd, (struct sockaddr *)&local, &length);
    printf("the kernel chose a port id: %s (family %d, length %d)\n", yes(local.nl_pid != 0), local.nl_family, (int)length);

    struct {
        struct nlmsghdr header;
        struct rtgenmsg body;
    } request = {.header = {.nlmsg_len = sizeof request, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 42},
                 .body = {.rtgen_family = AF_UNSPEC}};
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    printf("send RTM_GETLINK dump: %s\n", yes(sendto(fd, &request, sizeof request, 0, (struct sockaddr *)&kernel, sizeof kernel) == sizeof request));
    static char buffer[65536];
    int done = 0, sawLo = 0, sequenceOk = 1, messages = 0;
    while (!done) {
        ssize_t got = recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break;
        }
        int left = (int)got;
        for (struct nlmsghdr *header = (struct nlmsghdr *)buffer; NLMSG_OK(header, left); header = NLMSG_NEXT(header, left)) {
            sequenceOk &= header->nlmsg_seq == 42 && header->nlmsg_pid == local.nl_pid;
            if (header->nlmsg_type == NLMSG_DONE) {
                done = 1;
                break;
            }
            if (header->nlmsg_type != RTM_NEWLINK) {
                continue;
            }
            messages++;
            struct ifinfomsg *info = NLMSG_DATA(header);
            int attributeLength = (int)IFLA_PAYLOAD(header);
            for (struct rtattr *attribute = IFLA_RTA(info); RTA_OK(attribute, attributeLength); attribute = RTA_NEXT(attribute, attributeLength)) {
                if (attribute->rta_type == IFLA_IFNAME && strcmp(RTA_DATA(attribute), "lo") == 0) {
                    sawLo = info->ifi_index == 1 && info->ifi_type == ARPHRD_LOOPBACK && (info->ifi_flags & IFF_LOOPBACK);
                }
            }
        }
    }
    printf("dump ends with NLMSG_DONE: %s, lo at index 1 as loopback: %s, sequence and port echoed: %s, links %s\n", yes(done), yes(sawLo), yes(sequenceOk), yes(messages >= 1));

    request.header.nlmsg_type = 200;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.header.nlmsg_seq = 43;
    send(fd, &request, sizeof request, 0);
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    struct nlmsghdr *header = (struct nlmsghdr *)buffer;
    struct nlmsgerr *error = NLMSG_DATA(header);
    printf("unknown request -> NLMSG_ERROR EOPNOTSUPP: %s\n", yes(got > 0 && header->nlmsg_type == NLMSG_ERROR && error->error == -EOPNOTSUPP && error->msg.nlmsg_seq == 43));
    close(fd);
}

static void ioctls(void)
{
    int unixSocket = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strcpy(request.ifr_name, "lo");
    printf("SIOCGIFADDR on an AF_UNIX socket -> ENOTTY: %s\n", yes(ioctl(unixSocket, SIOCGIFADDR, &request) == -1 && errno == ENOTTY));
    int ok = ioctl(unixSocket, SIOCGIFFLAGS, &request) == 0;
    printf("SIOCGIFFLAGS lo on an AF_UNIX socket: %s up %s loopback %s running %s\n", yes(ok), yes(request.ifr_flags & IFF_UP), yes(request.ifr_flags & IFF_LOOPBACK), yes(request.ifr_flags & IFF_RUNNING));
    ok = ioctl(unixSocket, SIOCGIFINDEX, &request) == 0;
    printf("SIOCGIFINDEX lo: %s %d\n", yes(ok), request.ifr_ifindex);
    ok = ioctl(unixSocket, SIOCGIFMTU, &request) == 0;
    printf("SIOCGIFMTU lo: %s %d\n", yes(ok), request.ifr_mtu);
    ok = ioctl(unixSocket, SIOCGIFHWADDR, &request) == 0;
    printf("SIOCGIFHWADDR lo: %s family %d\n", yes(ok), request.ifr_hwaddr.sa_family);
    memset(&request, 0, sizeof request);
    request.ifr_ifindex = 1;
    ok = ioctl(unixSocket, SIOCGIFNAME, &request) == 0;
    printf("SIOCGIFNAME 1: %s %s\n", yes(ok), request.ifr_name);
    strcpy(request.ifr_name, "nosuch0");
    printf("unknown interface -> ENODEV: %s\n", yes(ioctl(unixSocket, SIOCGIFFLAGS, &request) == -1 && errno == ENODEV));

    struct ifreq list[16];
    struct ifconf configuration = {.ifc_len = sizeof list, .ifc_req = list};
    int found = 0;
    if (ioctl(unixSocket, SIOCGIFCONF, &configuration) == 0) {
        for (int i = 0; i < configuration.ifc_len / (int)sizeof list[0]; i++) {
            found |= strcmp(list[i].ifr_name, "lo") == 0 && ((struct sockaddr_in *)&list[i].ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
        }
    }
    printf("SIOCGIFCONF lists lo with 127.0.0.1: %s\n", yes(found));
    struct ifconf sizing = {.ifc_len = 0, .ifc_req = NULL};
    printf("SIOCGIFCONF with no buffer gives the size needed: %s\n", yes(ioctl(unixSocket, SIOCGIFCONF, &sizing) == 0 && sizing.ifc_len >= (int)sizeof(struct ifreq) && sizing.ifc_len % (int)sizeof(struct ifreq) == 0));
    close(unixSocket);

    /* The address requests are IPv4's: they need an AF_INET socket. */
    int inetSocket = socket(AF_INET, SOCK_DGRAM, 0);
    printf("AF_INET datagram socket: %s\n", yes(inetSocket >= 0));
    memset(&request, 0, sizeof request);
    strcpy(request.ifr_name, "lo");
    char address[32] = "";
    ok = ioctl(inetSocket, SIOCGIFADDR, &request) == 0;
    inet_ntop(AF_INET, &((struct sockaddr_in *)&request.ifr_addr)->sin_addr, address, sizeof address);
    printf("SIOCGIFADDR lo: %s %s family %d\n", yes(ok), address, request.ifr_addr.sa_family);
    ok = ioctl(inetSocket, SIOCGIFNETMASK, &request) == 0;
    inet_ntop(AF_INET, &((struct sockaddr_in *)&request.ifr_netmask)->sin_addr, address, sizeof address);
    printf("SIOCGIFNETMASK lo: %s %s\n", yes(ok), address);
    close(inetSocket);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    interfaces();
    raw_netlink();
    ioctls();
    printf("done\n");
    return 0;
}
