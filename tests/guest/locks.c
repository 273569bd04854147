/* locks: advisory locks in one process. fcntl record locks (F_SETLK/F_GETLK: the process's own locks never conflict
 * with each other; unlocking the middle; l_type/l_whence errors; EBADF for a lock kind the open mode forbids), OFD
 * locks (F_OFD_SETLK/F_OFD_GETLK: two opens of one file conflict, l_pid -1, released at close, conflicting with the
 * process's record locks), record locks released by closing any descriptor of the file, flock (LOCK_SH shared,
 * LOCK_EX exclusive across two opens, shared through dup, LOCK_NB EWOULDBLOCK, conversion, LOCK_UN, bad operations),
 * and a blocking F_OFD_SETLKW that a second thread's unlock releases. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <pthread.h>
#include <sys/file.h>
#include <time.h>

static struct flock range(short type, short whence, off_t start, off_t length)
{
    struct flock lock;
    memset(&lock, 0, sizeof lock);
    lock.l_type = type;
    lock.l_whence = whence;
    lock.l_start = start;
    lock.l_len = length;
    return lock;
}

static void show_getlk(const char *what, int fd, int command, short type, off_t start, off_t length)
{
    struct flock lock = range(type, SEEK_SET, start, length);
    if (fcntl(fd, command, &lock) != 0)
    {
        printf("%s: -1 %s\n", what, errno_name(errno));
        return;
    }

    if (lock.l_type == F_UNLCK)
    {
        printf("%s: unlocked\n", what);
        return;
    }

    printf("%s: %s start=%ld len=%ld pid=%s\n", what, lock.l_type == F_WRLCK ? "write" : "read", (long)lock.l_start,
           (long)lock.l_len, lock.l_pid == -1 ? "-1" : lock.l_pid > 0 ? "process" : "0");
}

static int set(int fd, int command, short type, off_t start, off_t length)
{
    struct flock lock = range(type, SEEK_SET, start, length);
    return fcntl(fd, command, &lock);
}

static int waiter_fd;
static volatile int waiter_done;

static void *waiter(void *unused)
{
    (void)unused;
    int rc = set(waiter_fd, F_OFD_SETLKW, F_WRLCK, 0, 10);
    waiter_done = rc == 0 ? 1 : -1;
    return NULL;
}

int main(void)
{
    enter_scratch("locks");
    int a = open("f", O_CREAT | O_RDWR, 0644);
    write(a, "0123456789abcdefghij", 20);
    int b = open("f", O_RDWR);

    /* Record locks belong to the process: they never conflict with each other. */
    check("F_SETLK write 0-10", set(a, F_SETLK, F_WRLCK, 0, 10));
    check("F_SETLK write 5-15 same process", set(b, F_SETLK, F_WRLCK, 5, 10));
    show_getlk("F_GETLK from the same process", b, F_GETLK, F_WRLCK, 0, 0);
    show_getlk("F_OFD_GETLK sees the record lock", b, F_OFD_GETLK, F_WRLCK, 0, 0);
    check("F_SETLK unlock middle 3-7", set(a, F_SETLK, F_UNLCK, 3, 4));
    show_getlk("F_OFD_GETLK at 4", b, F_OFD_GETLK, F_WRLCK, 4, 1);
    show_getlk("F_OFD_GETLK at 8", b, F_OFD_GETLK, F_WRLCK, 8, 1);
    check("F_OFD_SETLK over the record lock", set(b, F_OFD_SETLK, F_WRLCK, 0, 5));
    check("F_OFD_SETLK in the gap", set(b, F_OFD_SETLK, F_WRLCK, 3, 4));
    check("F_SETLK unlock all", set(a, F_SETLK, F_UNLCK, 0, 0));

    /* OFD locks belong to the open file. */
    show_getlk("F_OFD_GETLK from a at 3", a, F_OFD_GETLK, F_RDLCK, 0, 0);
    check("F_OFD_SETLK read by a over b's write", set(a, F_OFD_SETLK, F_RDLCK, 0, 0));
    check("F_OFD_SETLK read by a elsewhere", set(a, F_OFD_SETLK, F_RDLCK, 10, 5));
    check("F_OFD_SETLK read by b overlapping", set(b, F_OFD_SETLK, F_RDLCK, 12, 1));
    check("F_OFD_SETLK write by b on a's read", set(b, F_OFD_SETLK, F_WRLCK, 12, 1));
    check("F_SETLK record write on a's read", set(b, F_SETLK, F_WRLCK, 11, 1));
    struct flock withpid = range(F_RDLCK, SEEK_SET, 0, 1);
    withpid.l_pid = 1;
    check("F_OFD_SETLK with l_pid", fcntl(a, F_OFD_SETLK, &withpid));
    int dup_b = dup(b);
    close(dup_b);
    show_getlk("b's OFD lock survives closing a dup", a, F_OFD_GETLK, F_WRLCK, 3, 1);
    close(b);
    show_getlk("b's OFD lock gone after close", a, F_OFD_GETLK, F_WRLCK, 3, 1);

    /* Closing any descriptor of the file drops the process's record locks. */
    b = open("f", O_RDWR);
    set(a, F_OFD_SETLK, F_UNLCK, 0, 0);
    check("F_SETLK record write by a", set(a, F_SETLK, F_WRLCK, 0, 5));
    int c = open("f", O_RDONLY);
    show_getlk("before closing another fd", b, F_OFD_GETLK, F_WRLCK, 0, 1);
    close(c);
    show_getlk("after closing another fd", b, F_OFD_GETLK, F_WRLCK, 0, 1);

    /* Errors. */
    check("F_SETLK bad type", set(a, F_SETLK, 7, 0, 1));
    struct flock badwhence = range(F_RDLCK, 9, 0, 1);
    check("F_SETLK bad whence", fcntl(a, F_SETLK, &badwhence));
    check("F_SETLK negative start", set(a, F_SETLK, F_RDLCK, -5, 1));
    struct flock fromend = range(F_WRLCK, SEEK_END, -5, 5);
    check("F_OFD_SETLK from SEEK_END", fcntl(a, F_OFD_SETLK, &fromend));
    show_getlk("lock at the end of the file", b, F_OFD_GETLK, F_RDLCK, 0, 0);
    struct flock backwards = range(F_WRLCK, SEEK_SET, 5, -3);
    check("F_OFD_SETLK negative length", fcntl(b, F_OFD_SETLK, &backwards));
    show_getlk("negative length covers 2-5", a, F_OFD_GETLK, F_RDLCK, 0, 10);
    int readonly = open("f", O_RDONLY);
    check("F_SETLK write on O_RDONLY", set(readonly, F_SETLK, F_WRLCK, 0, 1));
    check("F_SETLK read on O_RDONLY", set(readonly, F_SETLK, F_RDLCK, 100, 1));
    check("F_GETLK unlock type", set(readonly, F_GETLK, F_UNLCK, 0, 1));
    close(readonly);
    set(a, F_OFD_SETLK, F_UNLCK, 0, 0);
    set(b, F_OFD_SETLK, F_UNLCK, 0, 0);

    /* flock. */
    int d = open("f", O_RDONLY);
    check("flock LOCK_SH a", flock(a, LOCK_SH));
    check("flock LOCK_SH d", flock(d, LOCK_SH | LOCK_NB));
    check("flock LOCK_EX|NB b", flock(b, LOCK_EX | LOCK_NB));
    printf("EWOULDBLOCK is EAGAIN: %s\n", yes(EWOULDBLOCK == EAGAIN));
    check("flock LOCK_UN a", flock(a, LOCK_UN));
    check("flock LOCK_UN d", flock(d, LOCK_UN));
    check("flock LOCK_EX|NB b", flock(b, LOCK_EX | LOCK_NB));
    int dup_a = dup(a);
    check("flock LOCK_SH|NB a", flock(a, LOCK_SH | LOCK_NB));
    check("flock converts b to LOCK_SH", flock(b, LOCK_SH | LOCK_NB));
    check("flock LOCK_SH|NB a now", flock(a, LOCK_SH | LOCK_NB));
    check("flock LOCK_EX|NB via dup of a", flock(dup_a, LOCK_EX | LOCK_NB));
    check("flock bad operation", flock(a, 0));
    check("flock LOCK_SH|LOCK_EX", flock(a, LOCK_SH | LOCK_EX));
    check("flock bad fd", flock(999, LOCK_SH));
    close(b);
    check("flock LOCK_EX|NB after b closed", flock(dup_a, LOCK_EX | LOCK_NB));
    close(dup_a);
    close(d);
    flock(a, LOCK_UN);

    /* A blocking F_OFD_SETLKW is granted when the holder unlocks. */
    b = open("f", O_RDWR);
    check("F_OFD_SETLK holder", set(a, F_OFD_SETLK, F_WRLCK, 0, 10));
    waiter_fd = b;
    pthread_t thread;
    pthread_create(&thread, NULL, waiter, NULL);
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    printf("waiter still blocked: %s\n", yes(waiter_done == 0));
    check("holder unlocks", set(a, F_OFD_SETLK, F_UNLCK, 0, 10));
    pthread_join(thread, NULL);
    printf("waiter got the lock: %s\n", yes(waiter_done == 1));
    show_getlk("a sees b's lock", a, F_OFD_GETLK, F_WRLCK, 0, 0);
    close(b);
    close(a);

    leave_scratch();
    return 0;
}
