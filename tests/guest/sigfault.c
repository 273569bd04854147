/* sigfault: synchronous signals from faults, delivered to the program's own handlers (as Go turns a nil
 * dereference into a panic). SIGSEGV from an unmapped address (SEGV_MAPERR, si_addr the address) and from a write
 * to a read-only page (SEGV_ACCERR), left with siglongjmp, which restores the signal mask; SIGFPE from an integer
 * division by zero (FPE_INTDIV); SIGILL from ud2 (ILL_ILLOPN) where the handler moves RIP past the instruction
 * and sets RAX through the ucontext, and execution resumes there; SIGTRAP from int3. Prints derived facts only. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf escape;
static volatile int last_signo, last_code, handled;
static void *volatile last_addr;
static volatile long long trapno, error_code;

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static void jump_out(int signo, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    last_signo = info->si_signo == signo ? signo : -1;
    last_code = info->si_code;
    last_addr = info->si_addr;
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    error_code = uc->uc_mcontext.gregs[REG_ERR];
    handled++;
    siglongjmp(escape, 1);
}

/* Resumes after a two-byte ud2 with RAX set to 42: the kernel must restore the modified context on rt_sigreturn. */
static void skip_ud2(int signo, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    last_signo = info->si_signo == signo ? signo : -1;
    last_code = info->si_code;
    last_addr = info->si_addr;
    uc->uc_mcontext.gregs[REG_RIP] += 2;
    uc->uc_mcontext.gregs[REG_RAX] = 42;
    handled++;
}

static void on_trap(int signo, siginfo_t *info, void *context)
{
    (void)context;
    last_signo = info->si_signo == signo ? signo : -1;
    last_code = info->si_code;
    handled++;
}

static void install(int signo, void (*handler)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, NULL);
}

static int blocked(int signo)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, signo);
}

__attribute__((noinline)) static int divide(int a, int b)
{
    return a / b;
}

static void segv_unmapped(int round)
{
    handled = 0;
    if (sigsetjmp(escape, 1) == 0) {
        *(volatile int *)0x1234 = 1;
        printf("write to 0x1234 FAILED to fault\n");
        return;
    }
    printf("[%d] SIGSEGV handler ran: %s\n", round, yes(handled == 1 && last_signo == SIGSEGV));
    printf("[%d] si_code SEGV_MAPERR: %s\n", round, yes(last_code == SEGV_MAPERR));
    printf("[%d] si_addr is 0x1234: %s\n", round, yes(last_addr == (void *)0x1234));
    printf("[%d] ucontext trapno is #PF (14): %s\n", round, yes(trapno == 14));
    printf("[%d] ucontext error code says user write: %s\n", round, yes((error_code & 6) == 6));
    printf("[%d] siglongjmp restored the mask: %s\n", round, yes(!blocked(SIGSEGV)));
}

static void segv_read_only(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    /* Read first so the page is present: the write then faults on protection, not on a missing page. */
    volatile char first = p[100];
    (void)first;
    handled = 0;
    if (sigsetjmp(escape, 1) == 0) {
        p[100] = 1;
        printf("write to a read-only page FAILED to fault\n");
        return;
    }
    printf("read-only page: SIGSEGV with SEGV_ACCERR: %s\n", yes(handled == 1 && last_code == SEGV_ACCERR));
    printf("read-only page: si_addr is the byte written: %s\n", yes(last_addr == p + 100));
    printf("read-only page: error code says protection, write: %s\n", yes((error_code & 7) == 7));
    munmap(p, page);
}

static void fpe(int divisor)
{
    handled = 0;
    volatile int result = 0;
    if (sigsetjmp(escape, 1) == 0) {
        result = divide(7, divisor);
        printf("division by zero FAILED to fault (%d)\n", result);
        return;
    }
    printf("SIGFPE handler ran: %s\n", yes(handled == 1 && last_signo == SIGFPE));
    printf("si_code FPE_INTDIV: %s\n", yes(last_code == FPE_INTDIV));
    printf("si_addr is in divide(): %s\n",
           yes((uintptr_t)last_addr >= (uintptr_t)divide && (uintptr_t)last_addr < (uintptr_t)divide + 64));
    printf("ucontext trapno is #DE (0): %s\n", yes(trapno == 0));
}

static void ill(void)
{
    handled = 0;
    long rax = 0;
    void *where;
    __asm__ volatile("lea 0f(%%rip), %1\n\t"
                     "xor %%eax, %%eax\n"
                     "0:\tud2\n\t"
                     : "=a"(rax), "=r"(where)
                     :
                     : "memory");
    printf("SIGILL handler ran: %s\n", yes(handled == 1 && last_signo == SIGILL));
    printf("si_code ILL_ILLOPN: %s\n", yes(last_code == ILL_ILLOPN));
    printf("si_addr is the ud2: %s\n", yes(last_addr == where));
    printf("resumed after ud2 with RAX from the handler: %s\n", yes(rax == 42));
}

static void trap(void)
{
    handled = 0;
    __asm__ volatile("int3" ::: "memory");
    printf("SIGTRAP handler ran after int3, execution continued: %s\n", yes(handled == 1 && last_signo == SIGTRAP));
    printf("SIGTRAP si_code SI_KERNEL: %s\n", yes(last_code == SI_KERNEL));
}

int main(int argc, char **argv)
{
    (void)argv;
    install(SIGSEGV, jump_out);
    install(SIGFPE, jump_out);
    install(SIGILL, skip_ud2);
    install(SIGTRAP, on_trap);
    segv_unmapped(1);
    segv_unmapped(2);
    segv_read_only();
    /* The divisor comes from argc so the compiler cannot fold the division away: with no arguments it is 0. */
    fpe(argc - 1);
    ill();
    trap();
    printf("still running: yes\n");
    return 0;
}
