// The guest half of UnsyncedWriteTests (Kiln only): writes that nobody fsyncs must reach a volume all the same, when
// the program exits, when a signal kills it, and within the commit interval while it runs. Usage:
//   unsynced DIR exit       make DIR/exit.d/data (40000 bytes) and return from main
//   unsynced DIR threads    the same in DIR/threads.d while two threads keep appending to files of their own, then exit()
//   unsynced DIR crash      the same in DIR/crash.d, then a write to address 0 (SIGSEGV, no handler)
//   unsynced DIR sleep      the same in DIR/sleep.d, print "written", sleep 6 s, print "slept", then sleep on (the
//                           host kills the VM)
//   unsynced DIR check NAME...  each DIR/NAME.d/data must hold the expected bytes: prints "NAME ok" or
//                           "NAME FAIL: why"; exit 1 if any failed
// Nothing here calls fsync, sync or close-to-sync anything.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA_BYTES 40000

static const char *dir;

static unsigned char expected(const char *name, long i)
{
    unsigned hash = 5381;
    for (const char *c = name; *c; c++)
        hash = hash * 33 + (unsigned char)*c;
    return (unsigned char)((i * 131 + hash) >> 3);
}

static void die(const char *what, const char *path)
{
    printf("FAIL: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

// Writes DIR/NAME.d/data in uneven pieces, so pages are dirtied more than once and the file grows by many writes.
static void make(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.d", dir, name);
    if (mkdir(path, 0755) != 0)
        die("mkdir", path);
    snprintf(path, sizeof path, "%s/%s.d/data", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        die("create", path);
    static unsigned char buffer[DATA_BYTES];
    for (long i = 0; i < DATA_BYTES; i++)
        buffer[i] = expected(name, i);
    for (long done = 0; done < DATA_BYTES;) {
        long piece = 1 + (done * 7919) % 3000;
        if (piece > DATA_BYTES - done)
            piece = DATA_BYTES - done;
        if (write(fd, buffer + done, piece) != piece)
            die("write", path);
        done += piece;
    }
    if (close(fd) != 0)
        die("close", path);
}

static int check(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.d/data", dir, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s FAIL: open: %s\n", name, strerror(errno));
        return 1;
    }
    static unsigned char buffer[DATA_BYTES + 1];
    long got = 0, n;
    while (got < (long)sizeof buffer && (n = read(fd, buffer + got, sizeof buffer - got)) > 0)
        got += n;
    close(fd);
    if (got != DATA_BYTES) {
        printf("%s FAIL: %ld bytes, expected %d\n", name, got, DATA_BYTES);
        return 1;
    }
    for (long i = 0; i < DATA_BYTES; i++) {
        if (buffer[i] != expected(name, i)) {
            printf("%s FAIL: byte %ld differs\n", name, i);
            return 1;
        }
    }
    printf("%s ok\n", name);
    return 0;
}

static void *append_forever(void *argument)
{
    char path[512];
    snprintf(path, sizeof path, "%s/busy%ld", dir, (long)argument);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        die("create", path);
    char line[64];
    for (long k = 0;; k++) {
        int length = snprintf(line, sizeof line, "line %ld\n", k);
        if (write(fd, line, length) != length)
            die("append", path);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: unsynced DIR exit|threads|crash|sleep|check NAME...\n");
        return 2;
    }
    dir = argv[1];
    const char *mode = argv[2];
    setvbuf(stdout, NULL, _IONBF, 0);
    if (strcmp(mode, "check") == 0) {
        int failed = 0;
        for (int i = 3; i < argc; i++)
            failed |= check(argv[i]);
        return failed;
    }
    if (strcmp(mode, "threads") == 0) {
        pthread_t threads[2];
        for (long i = 0; i < 2; i++)
            if (pthread_create(&threads[i], NULL, append_forever, (void *)i) != 0)
                die("pthread_create", "");
        usleep(20000);
    }
    make(mode);
    printf("written\n");
    if (strcmp(mode, "crash") == 0)
        *(volatile int *)0 = 1;
    if (strcmp(mode, "sleep") == 0) {
        sleep(6);
        printf("slept\n");
        for (;;)
            sleep(1000);
    }
    if (strcmp(mode, "threads") == 0)
        exit(0);
    return 0;
}
