/* segv: a deliberate write to an unmapped low address (0x1234, in the never-mapped first page). Linux kills the
 * program with SIGSEGV (exit 139); Kiln must do the same and print a crash report naming SIGSEGV, the faulting
 * address 0x1234 and a backtrace. The output before the crash is flushed so it must arrive too. */
#include <stdio.h>

__attribute__((noinline)) static void crash(volatile int *where)
{
    *where = 42;
}

int main(void)
{
    printf("about to write to 0x1234\n");
    fflush(stdout);
    crash((volatile int *)0x1234);
    printf("still alive\n");
    return 0;
}
