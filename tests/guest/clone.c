/* clone: threads made by hand, without pthreads. clone(2) with CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|
 * CLONE_THREAD|CLONE_SYSVSEM|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID runs a function on its own stack in the same
 * address space; the kernel stores the new tid at the parent's pointer before either runs, and at thread exit
 * clears the child's tid word and futex-wakes it (what pthread_join relies on). With CLONE_SETTLS the child's %fs
 * base is the given pointer. The child's exit (SYS_exit) ends only that thread. Invalid flag combinations fail with
 * EINVAL (clone and clone3). A fork is not tried: Kiln runs one process by design. Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)
#define FUTEX_WAIT 0
#define ARCH_GET_FS 0x1003
#define THREAD_FLAGS \
    (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

/* The child runs on a bare stack and, with CLONE_SETTLS, with a thread pointer libc knows nothing of: it touches
 * no libc state (errno included) and makes its system calls directly. */
static long raw_syscall0(long number)
{
    long rc;
    __asm__ volatile("syscall" : "=a"(rc) : "a"(number) : "rcx", "r11", "memory");
    return rc;
}

static long raw_syscall2(long number, long a, long b)
{
    long rc;
    __asm__ volatile("syscall" : "=a"(rc) : "a"(number), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return rc;
}

struct shared {
    volatile long child_tid;
    volatile long child_pid;
    volatile unsigned long child_fs;
    volatile int ran;
    volatile int value_seen;
};

static int variable_in_parent = 1;

static int child(void *arg)
{
    struct shared *s = arg;
    s->child_tid = raw_syscall0(SYS_gettid);
    s->child_pid = raw_syscall0(SYS_getpid);
    unsigned long fs = 0;
    raw_syscall2(SYS_arch_prctl, ARCH_GET_FS, (long)&fs);
    s->child_fs = fs;
    s->value_seen = variable_in_parent;
    variable_in_parent = 2;
    s->ran = 1;
    return 0;
}

/* Waits until the kernel clears *tid at the child's exit, as pthread_join does. The word starts at -1: with no
 * CLONE_CHILD_SETTID the kernel does not write it before then. */
static void join(volatile pid_t *tid)
{
    pid_t seen;
    while ((seen = *tid) != 0)
        syscall(SYS_futex, tid, FUTEX_WAIT, seen, NULL, NULL, 0);
}

int main(void)
{
    char *stack = malloc(STACK_SIZE);
    struct shared s;
    memset(&s, 0, sizeof s);
    volatile pid_t parent_tid = 0, child_tid = -1;
    int rc = clone(child, stack + STACK_SIZE, THREAD_FLAGS, &s, &parent_tid, NULL, &child_tid);
    printf("clone returned a tid: %s\n", yes(rc > 0));
    join(&child_tid);
    printf("child ran: %s\n", yes(s.ran));
    printf("CLONE_PARENT_SETTID stored the tid: %s\n", yes(parent_tid == rc && s.child_tid == rc));
    printf("CLONE_CHILD_CLEARTID cleared it at exit: %s\n", yes(child_tid == 0));
    printf("child tid is not the pid: %s\n", yes(s.child_tid != getpid()));
    printf("CLONE_THREAD: child's getpid is ours: %s\n", yes(s.child_pid == getpid()));
    printf("CLONE_VM: memory shared both ways: %s\n", yes(s.value_seen == 1 && variable_in_parent == 2));
    printf("the child's exit ended only the child: yes\n");

    /* CLONE_SETTLS: a thread control block of our own whose first word points to itself, as the x86-64 ABI wants. */
    uint64_t *tcb = calloc(64, sizeof(uint64_t));
    tcb[0] = (uint64_t)(uintptr_t)tcb;
    memset(&s, 0, sizeof s);
    child_tid = -1;
    rc = clone(child, stack + STACK_SIZE, THREAD_FLAGS | CLONE_SETTLS, &s, &parent_tid, tcb, &child_tid);
    join(&child_tid);
    printf("CLONE_SETTLS: child's fs base is the given pointer: %s\n", yes(rc > 0 && s.ran && s.child_fs == (uintptr_t)tcb));
    unsigned long fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
    printf("parent's fs base unchanged: %s\n", yes(fs != (uintptr_t)tcb && fs != 0));

    /* Several at once, each with its own stack and tid word. */
    enum { N = 4 };
    char *stacks[N];
    struct shared many[N];
    volatile pid_t tids[N];
    memset(many, 0, sizeof many);
    for (int i = 0; i < N; i++) {
        stacks[i] = malloc(STACK_SIZE);
        tids[i] = -1;
        clone(child, stacks[i] + STACK_SIZE, THREAD_FLAGS, &many[i], &parent_tid, NULL, &tids[i]);
    }
    int all_ran = 1, distinct = 1;
    for (int i = 0; i < N; i++) {
        join(&tids[i]);
        all_ran &= many[i].ran;
        for (int j = 0; j < i; j++)
            distinct &= many[i].child_tid != many[j].child_tid;
    }
    printf("four clones ran with distinct tids: %s\n", yes(all_ran && distinct));

    errno = 0;
    printf("CLONE_THREAD without CLONE_SIGHAND -> EINVAL: %s\n",
           yes(clone(child, stack + STACK_SIZE, CLONE_VM | CLONE_THREAD, &s) == -1 && errno == EINVAL));
    printf("CLONE_SIGHAND without CLONE_VM -> EINVAL: %s\n",
           yes(clone(child, stack + STACK_SIZE, CLONE_SIGHAND | CLONE_THREAD, &s) == -1 && errno == EINVAL));
    /* clone3 with a size below the first published struct clone_args (64 bytes) is refused before anything else. */
    uint64_t args[8] = {0};
    printf("clone3 with a too-small size -> EINVAL: %s\n", yes(syscall(SYS_clone3, args, 8) == -1 && errno == EINVAL));
    args[0] = CLONE_VM | CLONE_THREAD;
    printf("clone3 CLONE_THREAD without CLONE_SIGHAND -> EINVAL: %s\n",
           yes(syscall(SYS_clone3, args, sizeof args) == -1 && errno == EINVAL));
    printf("still running: yes\n");
    return 0;
}
