/* fpe: an integer division by zero. Linux kills the program with SIGFPE (exit 136); Kiln must turn the #DE
 * exception into the same signal and print a crash report naming SIGFPE. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int divide(int a, int b)
{
    return a / b;
}

int main(int argc, char **argv)
{
    /* The divisor comes from argc so the compiler cannot fold the division away: with no arguments it is 0. */
    volatile int divisor = argc - 1;
    printf("about to divide by %d\n", divisor);
    fflush(stdout);
    printf("result %d\n", divide(7, divisor));
    (void)argv;
    return 0;
}
