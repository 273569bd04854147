/* kaddr: a write to a kernel (upper-half) address, 0xffffffff80000000. On Linux this is SIGSEGV; on Kiln the kernel
 * lives in the upper half of the same address space, supervisor-only, so the write must fault and kill the
 * program with SIGSEGV (exit 139), not reach kernel memory and not panic the kernel. */
#include <stdio.h>

__attribute__((noinline)) static void poke(volatile unsigned long *where)
{
    *where = 0x6b696c6eUL;
}

int main(void)
{
    printf("about to write to 0xffffffff80000000\n");
    fflush(stdout);
    poke((volatile unsigned long *)0xffffffff80000000UL);
    printf("still alive\n");
    return 0;
}
