/* exit: exits with the status given in argv[1] (0, 1, 42, 255 ...). Checks that the status travels from
 * exit_group to kiln's own exit code. With "main" as argv[2] it returns from main instead of calling exit(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", status);
    if (argc > 2 && strcmp(argv[2], "main") == 0)
        return status;
    exit(status);
}
