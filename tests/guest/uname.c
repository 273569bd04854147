/* uname: the call succeeds and the fields are usable. Linux and Kiln report different sysname, release and version
 * strings, so only facts that must hold on both are printed: fields non-empty and NUL-terminated, and the
 * machine is x86_64 (programs and libcs check it). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

int main(void)
{
    struct utsname u;
    memset(&u, 0xff, sizeof u);
    printf("uname ok: %s\n", yes(uname(&u) == 0));
    printf("sysname non-empty: %s\n", yes(memchr(u.sysname, 0, sizeof u.sysname) != NULL && u.sysname[0] != 0));
    printf("release non-empty: %s\n", yes(memchr(u.release, 0, sizeof u.release) != NULL && u.release[0] != 0));
    printf("version terminated: %s\n", yes(memchr(u.version, 0, sizeof u.version) != NULL));
    printf("nodename terminated: %s\n", yes(memchr(u.nodename, 0, sizeof u.nodename) != NULL));
    printf("machine: %s\n", memchr(u.machine, 0, sizeof u.machine) != NULL ? u.machine : "(unterminated)");
    return 0;
}
