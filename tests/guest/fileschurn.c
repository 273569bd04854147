/* fileschurn N: N rounds of making and removing things on /tmp: a file written (two pages), renamed, linked and
 * unlinked while open, a directory with a symlink made and removed, an O_PATH open. Prints only the round count and a
 * checksum of what was read back; FileMemoryTests boots it with kiln.stats=1 and compares the kernel heap after 100
 * and after 3000 rounds, so anything the VFS fails to free shows. */
#define _GNU_SOURCE
#include "fsguest.h"

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 100;
    enter_scratch("churn");
    static char page[6000];
    memset(page, 'c', sizeof page);
    unsigned long sum = 0;
    for (int i = 0; i < rounds; i++)
    {
        int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
        page[0] = (char)i;
        write(fd, page, sizeof page);
        rename("f", "g");
        link("g", "h");
        unlink("g");
        unlink("h");
        char back[1];
        pread(fd, back, 1, 0);
        sum += (unsigned char)back[0];
        close(fd);
        mkdir("d", 0755);
        symlink("../x", "d/link");
        int path = open("d/link", O_PATH | O_NOFOLLOW);
        close(path);
        unlink("d/link");
        rmdir("d");
    }

    printf("rounds: %d checksum: %lu\n", rounds, sum);
    leave_scratch();
    return 0;
}
