/* hello: the smallest useful guest. Checks that the program starts, that stdout reaches the host and that exit
 * status 0 comes back. bench/boot.sh times the appearance of its line. */
#include <stdio.h>

int main(void)
{
    puts("hello from kiln guest");
    return 0;
}
