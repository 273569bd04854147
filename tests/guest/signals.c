/* signals: delivery to the program's own handlers, single-threaded. A handler installed with SA_SIGINFO|SA_ONSTACK
 * runs on the sigaltstack and reads siginfo_t (si_signo, si_code SI_TKILL for raise/tgkill and SI_USER for kill,
 * si_pid, si_uid); a blocked signal is pending (sigpending) and delivered when unblocked, a standard signal once
 * however often raised, a real-time signal once per raise, lower numbers first; SA_RESETHAND, SA_NODEFER, sa_mask; SIG_IGN;
 * sigtimedwait/sigwaitinfo take a blocked signal with its siginfo, and time out with EAGAIN; sigsuspend delivers a
 * pending signal and returns EINTR; errno cases (SIGKILL handler, bad signal number, tgkill to a missing thread).
 * Prints derived facts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ALT_STACK_SIZE (64 * 1024)

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER:
        return "SI_USER";
    case SI_TKILL:
        return "SI_TKILL";
    case SI_QUEUE:
        return "SI_QUEUE";
    case SI_KERNEL:
        return "SI_KERNEL";
    default:
        return "other";
    }
}

static char *alt_stack;

struct seen {
    int count;
    int signo;
    int code;
    pid_t pid;
    uid_t uid;
    int on_alt_stack;
    int ss_onstack;
    int self_blocked;
    int depth, max_depth;
};
static volatile struct seen seen;

static void reset_seen(void)
{
    memset((void *)&seen, 0, sizeof seen);
}

static void info_handler(int signo, siginfo_t *info, void *context)
{
    (void)context;
    char local;
    stack_t current;
    sigset_t now;
    seen.count++;
    seen.signo = info->si_signo == signo ? signo : -1;
    seen.code = info->si_code;
    seen.pid = info->si_pid;
    seen.uid = info->si_uid;
    seen.on_alt_stack = &local >= alt_stack && &local < alt_stack + ALT_STACK_SIZE;
    seen.ss_onstack = sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_ONSTACK) != 0;
    sigprocmask(SIG_BLOCK, NULL, &now);
    seen.self_blocked = sigismember(&now, signo);
}

static void counting_handler(int signo)
{
    (void)signo;
    seen.count++;
}

/* Raises its own signal once from inside itself: with SA_NODEFER the second delivery nests (depth 2); without,
 * it waits until the first returns (depth stays 1). Either way it runs twice. */
static void reentrant_handler(int signo)
{
    seen.count++;
    seen.depth++;
    if (seen.depth > seen.max_depth)
        seen.max_depth = seen.depth;
    if (seen.count == 1)
        raise(signo);
    seen.depth--;
}

static int rt_order[8];
static volatile int rt_seen;

static void rt_handler(int signo, siginfo_t *info, void *context)
{
    (void)signo;
    (void)context;
    if (rt_seen < 8)
        rt_order[rt_seen] = info->si_signo - SIGRTMIN;
    rt_seen++;
}

static void install(int signo, void (*handler)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(signo, &sa, NULL) != 0)
        printf("sigaction(%d) FAILED: %s\n", signo, strerror(errno));
}

static void install_info(int signo, void (*handler)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(signo, &sa, NULL) != 0)
        printf("sigaction(%d) FAILED: %s\n", signo, strerror(errno));
}

static void block(int how, int signo)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(how, &set, NULL);
}

static int is_pending(int signo)
{
    sigset_t set;
    sigemptyset(&set);
    return sigpending(&set) == 0 && sigismember(&set, signo);
}

static void alternate_stack(void)
{
    alt_stack = malloc(ALT_STACK_SIZE);
    stack_t ss = {.ss_sp = alt_stack, .ss_size = ALT_STACK_SIZE, .ss_flags = 0};
    printf("sigaltstack installed: %s\n", yes(sigaltstack(&ss, NULL) == 0));
    stack_t back;
    printf("sigaltstack reads back: %s\n",
           yes(sigaltstack(NULL, &back) == 0 && back.ss_sp == alt_stack && back.ss_size == ALT_STACK_SIZE &&
               !(back.ss_flags & SS_ONSTACK)));
    stack_t tiny = {.ss_sp = alt_stack, .ss_size = 64, .ss_flags = 0};
    printf("sigaltstack too small -> ENOMEM: %s\n", yes(sigaltstack(&tiny, NULL) == -1 && errno == ENOMEM));

    install_info(SIGUSR1, info_handler, SA_ONSTACK);

    reset_seen();
    raise(SIGUSR1);
    printf("raise: handler ran once: %s\n", yes(seen.count == 1));
    printf("raise: si_signo is SIGUSR1: %s\n", yes(seen.signo == SIGUSR1));
    printf("raise: si_code is SI_TKILL: %s\n", yes(seen.code == SI_TKILL));
    printf("raise: si_pid is our pid: %s\n", yes(seen.pid == getpid()));
    printf("raise: si_uid is our uid: %s\n", yes(seen.uid == getuid()));
    printf("handler ran on the alternate stack: %s\n", yes(seen.on_alt_stack));
    printf("sigaltstack says SS_ONSTACK inside the handler: %s\n", yes(seen.ss_onstack));
    printf("signal blocked inside its own handler: %s\n", yes(seen.self_blocked));

    reset_seen();
    kill(getpid(), SIGUSR1);
    printf("kill: handler ran once: %s\n", yes(seen.count == 1));
    printf("kill: si_code is SI_USER: %s\n", yes(seen.code == SI_USER));
    printf("kill: si_pid is our pid: %s\n", yes(seen.pid == getpid()));

    reset_seen();
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    printf("tgkill: handler ran once: %s\n", yes(seen.count == 1));
    printf("tgkill: si_code is SI_TKILL: %s\n", yes(seen.code == SI_TKILL));
    printf("tgkill: si_pid is our pid: %s\n", yes(seen.pid == getpid()));

    reset_seen();
    syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR1);
    printf("tkill: handler ran once, SI_TKILL: %s\n", yes(seen.count == 1 && seen.code == SI_TKILL));

    /* Without SA_ONSTACK the same handler runs on the normal stack even though an alternate stack exists. */
    install_info(SIGUSR1, info_handler, 0);
    reset_seen();
    raise(SIGUSR1);
    printf("without SA_ONSTACK: handler on the normal stack: %s\n", yes(seen.count == 1 && !seen.on_alt_stack));
}

static void masking(void)
{
    install(SIGUSR2, counting_handler, 0);
    reset_seen();
    block(SIG_BLOCK, SIGUSR2);
    raise(SIGUSR2);
    raise(SIGUSR2);
    printf("blocked: handler not run: %s\n", yes(seen.count == 0));
    printf("blocked: sigpending shows it: %s\n", yes(is_pending(SIGUSR2)));
    printf("blocked: other signals not pending: %s\n", yes(!is_pending(SIGUSR1)));
    block(SIG_UNBLOCK, SIGUSR2);
    printf("unblocked: delivered once (standard signals do not queue): %s\n", yes(seen.count == 1));
    printf("unblocked: no longer pending: %s\n", yes(!is_pending(SIGUSR2)));

    /* Real-time signals queue: each raised while blocked arrives once per raise, and the lower-numbered one first
     * (signal(7)); both are unblocked by one sigprocmask. */
    int low = SIGRTMIN + 2, high = SIGRTMIN + 3;
    install_info(low, rt_handler, 0);
    install_info(high, rt_handler, 0);
    sigset_t rts;
    sigemptyset(&rts);
    sigaddset(&rts, low);
    sigaddset(&rts, high);
    /* Each handler blocks both, so one delivery does not nest inside another and the order is observable. */
    struct sigaction rt_action;
    sigaction(low, NULL, &rt_action);
    rt_action.sa_mask = rts;
    sigaction(low, &rt_action, NULL);
    sigaction(high, &rt_action, NULL);
    sigprocmask(SIG_BLOCK, &rts, NULL);
    raise(high);
    raise(low);
    raise(high);
    raise(low);
    printf("real-time signals pending: %s\n", yes(is_pending(low) && is_pending(high) && rt_seen == 0));
    sigprocmask(SIG_UNBLOCK, &rts, NULL);
    printf("real-time signals delivered once per raise: %d\n", rt_seen);
    printf("lower real-time signals first: %s\n",
           yes(rt_order[0] == 2 && rt_order[1] == 2 && rt_order[2] == 3 && rt_order[3] == 3));

    /* SIGKILL and SIGSTOP cannot be blocked: the kernel drops them from the mask silently. */
    sigset_t all, now;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("SIGKILL and SIGSTOP never blocked: %s\n", yes(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP)));
    printf("everything else blocked: %s\n", yes(sigismember(&now, SIGUSR1) && sigismember(&now, SIGTERM)));
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);

    install(SIGUSR2, SIG_IGN, 0);
    reset_seen();
    raise(SIGUSR2);
    printf("ignored signal: not pending, no effect: %s\n", yes(!is_pending(SIGUSR2) && seen.count == 0));
    block(SIG_BLOCK, SIGUSR2);
    raise(SIGUSR2);
    /* A blocked signal stays pending even when ignored (so sigwait could take it); unblocking discards it. */
    printf("ignored signal raised while blocked is pending: %s\n", yes(is_pending(SIGUSR2)));
    block(SIG_UNBLOCK, SIGUSR2);
    printf("ignored signal discarded when unblocked: %s\n", yes(!is_pending(SIGUSR2) && seen.count == 0));
}

static void flags(void)
{
    struct sigaction now;
    install_info(SIGUSR1, info_handler, SA_RESETHAND);
    reset_seen();
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &now);
    printf("SA_RESETHAND: ran once, then SIG_DFL: %s\n", yes(seen.count == 1 && now.sa_handler == SIG_DFL));

    install(SIGUSR1, reentrant_handler, SA_NODEFER);
    reset_seen();
    raise(SIGUSR1);
    printf("SA_NODEFER: raised inside the handler nests: %s\n", yes(seen.count == 2 && seen.max_depth == 2));

    install(SIGUSR1, reentrant_handler, 0);
    reset_seen();
    raise(SIGUSR1);
    printf("without SA_NODEFER: waits for the handler to return: %s\n", yes(seen.count == 2 && seen.max_depth == 1));

    /* sa_mask: SIGUSR2 in the mask is blocked while the SIGUSR1 handler runs, and unblocked after. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    struct sigaction back;
    sigaction(SIGUSR1, NULL, &back);
    printf("sigaction reads back handler, flags and mask: %s\n",
           yes(back.sa_sigaction == info_handler && (back.sa_flags & SA_SIGINFO) && sigismember(&back.sa_mask, SIGUSR2)));
    reset_seen();
    raise(SIGUSR1);
    sigset_t after;
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("sa_mask restored after the handler: %s\n", yes(seen.count == 1 && !sigismember(&after, SIGUSR2)));

    printf("sigaction(SIGKILL) -> EINVAL: %s\n", yes(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL));
    printf("sigaction(SIGSTOP) -> EINVAL: %s\n", yes(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL));
    printf("kill with signal 65 -> EINVAL: %s\n", yes(kill(getpid(), 65) == -1 && errno == EINVAL));
    printf("kill with signal 0 checks only: %s\n", yes(kill(getpid(), 0) == 0));
    printf("tgkill to a missing thread -> ESRCH: %s\n",
           yes(syscall(SYS_tgkill, getpid(), 0x3ffffff0, SIGUSR1) == -1 && errno == ESRCH));
}

static void waiting(void)
{
    sigset_t set;
    siginfo_t info;
    struct timespec timeout = {1, 0};
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    install(SIGUSR1, counting_handler, 0);
    reset_seen();

    sigprocmask(SIG_BLOCK, &set, NULL);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    memset(&info, 0, sizeof info);
    int got = sigtimedwait(&set, &info, &timeout);
    printf("sigtimedwait takes the pending signal: %s\n", yes(got == SIGUSR1 && info.si_signo == SIGUSR1));
    /* glibc's wrapper rewrites SI_TKILL to SI_USER (a pthread_kill compatibility fix-up); musl passes it through. */
    printf("sigtimedwait: si_code %s\n", code_name(info.si_code));
    printf("sigtimedwait: si_pid ours: %s\n", yes(info.si_pid == getpid()));
    printf("sigtimedwait: handler not run, not pending: %s\n", yes(seen.count == 0 && !is_pending(SIGUSR1)));

    struct timespec before, after, short_wait = {0, 30 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &before);
    got = sigtimedwait(&set, &info, &short_wait);
    int err = errno;
    clock_gettime(CLOCK_MONOTONIC, &after);
    long long waited = (after.tv_sec - before.tv_sec) * 1000000000LL + (after.tv_nsec - before.tv_nsec);
    printf("sigtimedwait with nothing pending -> EAGAIN: %s\n", yes(got == -1 && err == EAGAIN));
    printf("sigtimedwait waited at least its timeout: %s\n", yes(waited >= 30 * 1000 * 1000));
    struct timespec zero = {0, 0};
    printf("sigtimedwait with zero timeout polls -> EAGAIN: %s\n", yes(sigtimedwait(&set, &info, &zero) == -1 && errno == EAGAIN));

    kill(getpid(), SIGUSR1);
    memset(&info, 0, sizeof info);
    got = sigwaitinfo(&set, &info);
    printf("sigwaitinfo takes the pending signal: %s\n", yes(got == SIGUSR1));
    printf("sigwaitinfo: si_code %s\n", code_name(info.si_code));

    int sig = 0;
    raise(SIGUSR1);
    printf("sigwait takes the pending signal: %s\n", yes(sigwait(&set, &sig) == 0 && sig == SIGUSR1));

    /* sigsuspend: with SIGUSR1 pending and blocked, suspending with a mask that allows it delivers at once, returns
     * -1 EINTR, and puts the old mask (SIGUSR1 blocked) back. */
    raise(SIGUSR1);
    sigset_t open_mask;
    sigemptyset(&open_mask);
    int rc = sigsuspend(&open_mask);
    err = errno;
    sigset_t restored;
    sigprocmask(SIG_BLOCK, NULL, &restored);
    printf("sigsuspend delivers and returns EINTR: %s\n", yes(rc == -1 && err == EINTR && seen.count == 1));
    printf("sigsuspend restores the mask: %s\n", yes(sigismember(&restored, SIGUSR1)));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(void)
{
    alternate_stack();
    masking();
    flags();
    waiting();
    printf("still running: yes\n");
    return 0;
}
