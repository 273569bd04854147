/* procfs: what runtimes read from /proc and /sys, checked for facts that hold on Linux and Kiln alike (pids, times
 * and sizes differ, so they are compared with what the program knows itself): self and thread-self links, exe,
 * cmdline, environ, auxv against getauxval, comm read and written, stat's 52 fields, status (Pid, Threads, SigBlk),
 * maps (the program, [stack], [vdso], the format), fd/ and fdinfo/, task/, limits, cpuinfo flags, meminfo, stat,
 * uptime, loadavg, version, sys/kernel and sys/vm values, uuid and boot_id, the CPUs online in /sys, partial reads
 * and lseek on one snapshot, statfs magic numbers; the paths fd/ links show for files opened by path (relative with
 * "..", a directory, after a rename, after unlink) and the maps line of a shared file mapping; getcwd and ".."
 * inside /proc and /sys. Run with arguments "one" "two words" and KILN_PROC=yes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

/* The whole file, NUL-terminated (binary files may hold NULs: the length is returned too). */
static char *slurp(const char *path, size_t *length)
{
    static char buffer[1 << 20];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    size_t total = 0;
    ssize_t n;
    while ((n = read(fd, buffer + total, sizeof buffer - 1 - total)) > 0)
        total += (size_t)n;
    close(fd);
    buffer[total] = 0;
    if (length != NULL)
        *length = total;
    return buffer;
}

static char *link_of(const char *path)
{
    static char target[4096];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0)
        return NULL;
    target[n] = 0;
    return target;
}

/* The value after "key" at the start of a line, or NULL. */
static const char *field(const char *text, const char *key)
{
    size_t length = strlen(key);
    for (const char *line = text; line != NULL && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, key, length) == 0)
            return line + length;
    return NULL;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static pthread_barrier_t barrier;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    return NULL;
}

static void check_self(char **argv)
{
    char pid[32], thread_self[64];
    snprintf(pid, sizeof pid, "%d", getpid());
    snprintf(thread_self, sizeof thread_self, "%d/task/%ld", getpid(), (long)syscall(SYS_gettid));
    char *self = link_of("/proc/self");
    printf("/proc/self is the pid: %s\n", yes(self != NULL && strcmp(self, pid) == 0));
    char *thread = link_of("/proc/thread-self");
    printf("/proc/thread-self is pid/task/tid: %s\n", yes(thread != NULL && strcmp(thread, thread_self) == 0));
    char *exe = link_of("/proc/self/exe");
    printf("exe absolute: %s\n", yes(exe != NULL && exe[0] == '/'));
    printf("exe names the program: %s\n", yes(exe != NULL && strcmp(base_name(exe), base_name(argv[0])) == 0));
    struct stat st;
    printf("status has size 0: %s\n", yes(stat("/proc/self/status", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0));
}

static void check_startup(int argc, char **argv)
{
    size_t length;
    char *cmdline = slurp("/proc/self/cmdline", &length);
    size_t expected = 0;
    int same = cmdline != NULL;
    for (int i = 0; same && i < argc; i++) {
        same = strcmp(cmdline + expected, argv[i]) == 0;
        expected += strlen(argv[i]) + 1;
    }
    printf("cmdline is argv with NULs: %s\n", yes(same && length == expected));

    char *environ_text = slurp("/proc/self/environ", &length);
    int found = 0;
    for (size_t at = 0; environ_text != NULL && at < length; at += strlen(environ_text + at) + 1)
        found |= strcmp(environ_text + at, "KILN_PROC=yes") == 0;
    printf("environ holds KILN_PROC=yes: %s\n", yes(found));

    char *auxv = slurp("/proc/self/auxv", &length);
    unsigned long *pairs = (unsigned long *)auxv;
    int pagesz = 0, random = 0, entry = 0, ends = 0;
    for (size_t i = 0; auxv != NULL && (i + 1) * 16 <= length; i++) {
        unsigned long type = pairs[2 * i], value = pairs[2 * i + 1];
        if (type == AT_PAGESZ)
            pagesz = value == 4096;
        if (type == AT_RANDOM)
            random = value == getauxval(AT_RANDOM);
        if (type == AT_ENTRY)
            entry = value == getauxval(AT_ENTRY);
        if (type == AT_NULL)
            ends = (i + 1) * 16 == length;
    }
    printf("auxv: AT_PAGESZ 4096 %s, AT_RANDOM and AT_ENTRY as getauxval %s %s, ends with AT_NULL %s\n",
           yes(pagesz), yes(random), yes(entry), yes(ends));
}

static void check_comm(void)
{
    char *comm = slurp("/proc/self/comm", NULL);
    printf("comm: %s", comm != NULL ? comm : "(none)\n");
    int fd = open("/proc/self/comm", O_WRONLY);
    ssize_t wrote = fd >= 0 ? write(fd, "renamed", 7) : -1;
    if (fd >= 0)
        close(fd);
    char name[17] = {0};
    prctl(PR_GET_NAME, name);
    printf("comm write 7: %zd, PR_GET_NAME: %s\n", wrote, name);
    prctl(PR_SET_NAME, "procfs");
}

static void check_stat_and_status(void)
{
    char *stat = slurp("/proc/self/stat", NULL);
    int fields = 0;
    char *close_paren = stat != NULL ? strrchr(stat, ')') : NULL;
    if (close_paren != NULL) {
        fields = 2;
        for (char *token = strtok(close_paren + 1, " \n"); token != NULL; token = strtok(NULL, " \n"))
            fields++;
    }
    int pid = stat != NULL ? atoi(stat) : -1;
    printf("stat: %d fields, pid matches %s, name (procfs) %s\n", fields, yes(pid == getpid()),
           yes(stat != NULL && strstr(stat, " (procfs) ") != NULL));

    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    pthread_t threads[2];
    pthread_barrier_init(&barrier, NULL, 3);
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, worker, NULL);
    pthread_barrier_wait(&barrier);

    char *status = slurp("/proc/self/status", NULL);
    const char *name = field(status, "Name:\t");
    printf("status Name: %.*s\n", name ? (int)strcspn(name, "\n") : 0, name ? name : "");
    const char *value = field(status, "Pid:\t");
    printf("status Pid is getpid: %s\n", yes(value != NULL && atoi(value) == getpid()));
    value = field(status, "Tgid:\t");
    printf("status Tgid is getpid: %s\n", yes(value != NULL && atoi(value) == getpid()));
    value = field(status, "Threads:\t");
    printf("status Threads: %d\n", value != NULL ? atoi(value) : -1);
    value = field(status, "SigBlk:\t");
    printf("status SigBlk: %.16s\n", value != NULL ? value : "(none)");
    value = field(status, "VmRSS:\t");
    printf("status VmRSS in kB: %s\n", yes(value != NULL && strtol(value, NULL, 10) > 0 && strstr(value, " kB\n") != NULL));
    value = field(status, "Cpus_allowed_list:\t");
    printf("status has Cpus_allowed_list: %s\n", yes(value != NULL));

    int tasks = 0;
    DIR *dir = opendir("/proc/self/task");
    struct dirent *entry;
    while (dir != NULL && (entry = readdir(dir)) != NULL)
        tasks += entry->d_name[0] != '.';
    if (dir != NULL)
        closedir(dir);
    printf("task entries: %d\n", tasks);
    char path[128];
    snprintf(path, sizeof path, "/proc/self/task/%ld/comm", (long)syscall(SYS_gettid));
    char *comm = slurp(path, NULL);
    printf("task/<tid>/comm: %s", comm != NULL ? comm : "(none)\n");

    pthread_barrier_wait(&barrier);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
}

static void check_maps(char **argv)
{
    char *maps = slurp("/proc/self/maps", NULL);
    int lines = 0, well_formed = 0, program = 0, stack = 0, vdso = 0;
    for (char *line = strtok(maps, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        unsigned long start, end, offset, inode;
        unsigned major, minor;
        char perms[5];
        int consumed = 0;
        lines++;
        if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, perms, &offset, &major, &minor, &inode, &consumed) == 7
            && start < end && strlen(perms) == 4)
            well_formed++;
        const char *name = line + consumed;
        if (consumed > 0 && *name != 0 && (int)(name - line) != 73)
            well_formed--;
        program |= strcmp(base_name(name), base_name(argv[0])) == 0;
        stack |= strcmp(name, "[stack]") == 0;
        vdso |= strcmp(name, "[vdso]") == 0;
    }
    printf("maps: every line well formed %s, the program %s, [stack] %s, [vdso] %s\n", yes(lines > 0 && well_formed == lines),
           yes(program), yes(stack), yes(vdso));
}

static void check_descriptors(void)
{
    int null = open("/dev/null", O_RDWR);
    int seen[3] = {0}, listed_null = 0, listed_dir = 0;
    char path[64], *target;
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *entry;
    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        int fd = atoi(entry->d_name);
        if (fd <= 2)
            seen[fd] = entry->d_type == DT_LNK;
        /* Descriptors a parent leaks (a test runner's) may show too: only ours are looked for. */
        listed_null |= fd == null;
        listed_dir |= fd == dirfd(dir);
    }
    if (dir != NULL)
        closedir(dir);
    printf("fd/ lists 0 1 2 as links: %s %s %s, the open /dev/null %s, the directory itself %s\n", yes(seen[0]), yes(seen[1]),
           yes(seen[2]), yes(listed_null), yes(listed_dir));
    snprintf(path, sizeof path, "/proc/self/fd/%d", null);
    target = link_of(path);
    printf("fd/%d -> %s\n", null, target != NULL ? target : "(error)");
    int pipes[2];
    pipe(pipes);
    snprintf(path, sizeof path, "/proc/self/fd/%d", pipes[0]);
    target = link_of(path);
    printf("a pipe's link starts pipe:[ %s\n", yes(target != NULL && strncmp(target, "pipe:[", 6) == 0));
    close(pipes[0]);
    close(pipes[1]);
    errno = 0;
    target = link_of("/proc/self/fd/999");
    printf("fd/999: %s errno ENOENT %s\n", target ? target : "(none)", yes(errno == ENOENT));

    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", null);
    char *info = slurp(path, NULL);
    const char *value = field(info, "pos:\t");
    printf("fdinfo pos: %d\n", value ? atoi(value) : -1);
    value = field(info, "flags:\t");
    printf("fdinfo flags: %.*s\n", value ? (int)strcspn(value, "\n") : 0, value ? value : "");
    close(null);
}

/* show_val_kb: "MemTotal:" padded to 16 columns, the number right-aligned in 8 (wider only when it needs more). */
static int label_width_ok(const char *text, const char *value)
{
    const char *unit = value != NULL ? strstr(value, " kB\n") : NULL;
    if (value == NULL || value - text != 9 || unit == NULL)
        return 0;
    long span = unit - text;
    return span == 24 || (span > 24 && value[7] != ' ');
}

static void check_system(void)
{
    char *text = slurp("/proc/cpuinfo", NULL);
    const char *flags = field(text, "flags\t\t: ");
    printf("cpuinfo: processor 0 %s, flags has sse2 %s, model name %s\n", yes(field(text, "processor\t: 0") != NULL),
           yes(flags != NULL && strstr(flags, " sse2 ") != NULL), yes(field(text, "model name\t: ") != NULL));

    text = slurp("/proc/meminfo", NULL);
    const char *total = field(text, "MemTotal:");
    const char *free = field(text, "MemFree:");
    long total_kb = total ? strtol(total, NULL, 10) : -1, free_kb = free ? strtol(free, NULL, 10) : -1;
    printf("meminfo: MemTotal > 0 %s, MemFree <= MemTotal %s, MemAvailable %s, label width %s\n", yes(total_kb > 0),
           yes(free_kb >= 0 && free_kb <= total_kb), yes(field(text, "MemAvailable:") != NULL),
           yes(label_width_ok(text, total)));

    text = slurp("/proc/stat", NULL);
    printf("stat: cpu line %s, btime %s\n", yes(strncmp(text, "cpu  ", 5) == 0), yes(field(text, "btime ") != NULL));
    text = slurp("/proc/uptime", NULL);
    double up = -1, idle = -1;
    printf("uptime: two numbers %s\n", yes(sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0));
    text = slurp("/proc/loadavg", NULL);
    double a, b, c;
    int running, total_threads, last;
    printf("loadavg: format %s\n", yes(sscanf(text, "%lf %lf %lf %d/%d %d", &a, &b, &c, &running, &total_threads, &last) == 6
                                        && running >= 1 && total_threads >= running));
    text = slurp("/proc/version", NULL);
    printf("version starts Linux version: %s\n", yes(strncmp(text, "Linux version ", 14) == 0));
    text = slurp("/proc/sys/kernel/ostype", NULL);
    printf("ostype: %s", text);
    text = slurp("/proc/sys/kernel/osrelease", NULL);
    printf("osrelease non-empty: %s\n", yes(text != NULL && strlen(text) > 1));
    text = slurp("/proc/sys/kernel/hostname", NULL);
    printf("hostname non-empty: %s\n", yes(text != NULL && strlen(text) > 1));
    text = slurp("/proc/sys/kernel/pid_max", NULL);
    printf("pid_max positive: %s\n", yes(text != NULL && atol(text) > 0));
    text = slurp("/proc/sys/vm/overcommit_memory", NULL);
    printf("overcommit_memory is a mode: %s\n", yes(text != NULL && text[0] >= '0' && text[0] <= '2' && text[1] == '\n'));
    text = slurp("/proc/sys/net/core/somaxconn", NULL);
    printf("somaxconn positive: %s\n", yes(text != NULL && atol(text) > 0));

    char first[64], second[64], boot1[64], boot2[64];
    snprintf(first, sizeof first, "%s", slurp("/proc/sys/kernel/random/uuid", NULL));
    snprintf(second, sizeof second, "%s", slurp("/proc/sys/kernel/random/uuid", NULL));
    snprintf(boot1, sizeof boot1, "%s", slurp("/proc/sys/kernel/random/boot_id", NULL));
    snprintf(boot2, sizeof boot2, "%s", slurp("/proc/sys/kernel/random/boot_id", NULL));
    printf("uuid: 37 bytes %s, version 4 %s, differ %s; boot_id stays %s\n", yes(strlen(first) == 37 && first[8] == '-'),
           yes(first[14] == '4'), yes(strcmp(first, second) != 0), yes(strlen(boot1) == 37 && strcmp(boot1, boot2) == 0));

    text = slurp("/proc/self/limits", NULL);
    const char *header = "Limit                     Soft Limit           Hard Limit           Units     \n";
    printf("limits header: %s\n", yes(strncmp(text, header, strlen(header)) == 0));
    struct rlimit files;
    getrlimit(RLIMIT_NOFILE, &files);
    const char *open_files = field(text, "Max open files");
    printf("limits Max open files soft as getrlimit: %s\n", yes(open_files != NULL && strtoul(open_files, NULL, 10) == files.rlim_cur));

    text = slurp("/sys/devices/system/cpu/online", NULL);
    int cpus = 0, low, high;
    for (char *range = strtok(text, ",\n"); range != NULL; range = strtok(NULL, ",\n"))
        cpus += sscanf(range, "%d-%d", &low, &high) == 2 ? high - low + 1 : 1;
    printf("sys cpu online count is sysconf's: %s\n", yes(cpus == sysconf(_SC_NPROCESSORS_ONLN)));
    printf("sys cpu possible readable: %s\n", yes(slurp("/sys/devices/system/cpu/possible", NULL) != NULL));
}

static void check_reads(void)
{
    char whole[8192], pieces[8192];
    int fd = open("/proc/version", O_RDONLY);
    ssize_t length = read(fd, whole, sizeof whole);
    lseek(fd, 0, SEEK_SET);
    ssize_t total = 0, n;
    while ((n = read(fd, pieces + total, 7)) > 0)
        total += n;
    printf("7-byte reads give the same text: %s\n", yes(length > 0 && total == length && memcmp(whole, pieces, (size_t)length) == 0));
    char tail[8] = {0};
    ssize_t got = pread(fd, tail, 5, 2);
    printf("pread at 2: %zd matches %s\n", got, yes(got == 5 && memcmp(tail, whole + 2, 5) == 0));
    printf("read at the end: %zd\n", read(fd, pieces, 10));
    errno = 0;
    ssize_t wrote = write(fd, "x", 1);
    printf("write to a read-only open: %zd errno EBADF %s\n", wrote, yes(errno == EBADF));
    close(fd);
    errno = 0;
    fd = open("/proc/nonexistent", O_RDONLY);
    printf("open /proc/nonexistent: %d errno ENOENT %s\n", fd, yes(errno == ENOENT));

    struct statfs fs;
    printf("statfs /proc 0x%lx\n", statfs("/proc", &fs) == 0 ? (unsigned long)fs.f_type : 0UL);
    printf("statfs /sys 0x%lx\n", statfs("/sys", &fs) == 0 ? (unsigned long)fs.f_type : 0UL);
}

/* A path with this run's directory (its name holds the pid) shown as /tmp/D, so runs compare. */
static void print_path(const char *label, const char *path, const char *directory)
{
    size_t length = strlen(directory);
    if (path == NULL)
        printf("%s: (error %d)\n", label, errno);
    else if (strncmp(path, directory, length) == 0)
        printf("%s: /tmp/D%s\n", label, path + length);
    else
        printf("%s: %s\n", label, path);
}

static void print_fd_link(const char *label, int fd, const char *directory)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    print_path(label, link_of(path), directory);
}

/* fd/N of files opened by path: the absolute path the open resolved, not the string given; renames followed;
 * " (deleted)" after unlink. And the name maps gives a shared mapping of such a file. */
static void check_file_paths(void)
{
    char directory[64], sub[80], saved[4096];
    snprintf(directory, sizeof directory, "/tmp/kiln-fdpath-%d", (int)getpid());
    snprintf(sub, sizeof sub, "%s/a", directory);
    if (getcwd(saved, sizeof saved) == NULL || mkdir(directory, 0755) != 0 || mkdir(sub, 0755) != 0 || chdir(sub) != 0) {
        printf("file paths: setup failed errno %d\n", errno);
        return;
    }
    char cwd[4096];
    print_path("getcwd in a", getcwd(cwd, sizeof cwd), directory);

    int file = open("../a/../f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    print_fd_link("fd of ../a/../f", file, directory);
    int dir = open("..", O_RDONLY | O_DIRECTORY);
    print_fd_link("fd of ..", dir, directory);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    print_fd_link("fd of .", here, directory);
    int path_only = open("../f", O_PATH);
    print_fd_link("O_PATH fd of ../f", path_only, directory);
    symlink("../f", "link");
    int through_link = open("link", O_RDONLY);
    print_fd_link("fd opened through a symlink", through_link, directory);

    rename("../f", "../g");
    print_fd_link("fd after rename to g", file, directory);

    /* Reopening fd/N reaches the same file. */
    char proc_path[64];
    snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", file);
    int again = open(proc_path, O_RDONLY);
    struct stat first, second;
    printf("reopen through fd/N: same file %s\n",
           yes(again >= 0 && fstat(file, &first) == 0 && fstat(again, &second) == 0 && first.st_ino == second.st_ino));
    print_fd_link("the reopened fd", again, directory);

    char page[4096];
    memset(page, 'x', sizeof page);
    write(file, page, sizeof page);
    char *mapped = mmap(NULL, sizeof page, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0);
    char *maps = slurp("/proc/self/maps", NULL);
    char wanted[32];
    snprintf(wanted, sizeof wanted, "%lx-", (unsigned long)mapped);
    const char *line = mapped == MAP_FAILED ? NULL : strstr(maps, wanted);
    if (line == NULL) {
        printf("maps line of the shared mapping: (missing)\n");
    } else {
        char perms[8] = {0}, name[4096] = {0};
        unsigned long offset = 1;
        sscanf(line, "%*s %7s %lx %*s %*s %4095[^\n]", perms, &offset, name);
        char *start = name;
        while (*start == ' ')
            start++;
        printf("maps line of the shared mapping: perms %s offset %lx\n", perms, offset);
        print_path("maps name", start, directory);
    }
    munmap(mapped, sizeof page);

    rename("../g", "h");
    print_fd_link("fd after a move into a/ as h", file, directory);
    unlink("h");
    print_fd_link("fd after unlink", file, directory);
    print_fd_link("O_PATH fd after unlink", path_only, directory);

    close(file);
    close(dir);
    close(here);
    close(path_only);
    close(through_link);
    close(again);
    unlink("link");
    chdir(saved);
    rmdir(sub);
    rmdir(directory);
}

/* getcwd and ".." inside /proc and /sys, whose inodes are made on lookup. */
static void check_cwd_in_pseudo(void)
{
    char saved[4096], cwd[4096], expected[64];
    if (getcwd(saved, sizeof saved) == NULL)
        return;
    snprintf(expected, sizeof expected, "/proc/%d/fd", (int)getpid());
    char *got = chdir("/proc/self/fd") == 0 ? getcwd(cwd, sizeof cwd) : NULL;
    printf("getcwd in /proc/self/fd is /proc/<pid>/fd: %s\n", yes(got != NULL && strcmp(got, expected) == 0));
    got = chdir("..") == 0 ? getcwd(cwd, sizeof cwd) : NULL;
    expected[strlen(expected) - 3] = 0;
    printf("getcwd after .. is /proc/<pid>: %s\n", yes(got != NULL && strcmp(got, expected) == 0));
    got = chdir("/proc/sys/kernel") == 0 ? getcwd(cwd, sizeof cwd) : NULL;
    printf("getcwd in /proc/sys/kernel: %s\n", got != NULL ? got : "(error)");
    got = chdir("/sys/devices/system/cpu") == 0 ? getcwd(cwd, sizeof cwd) : NULL;
    printf("getcwd in /sys/devices/system/cpu: %s\n", got != NULL ? got : "(error)");
    chdir(saved);
}

int main(int argc, char **argv)
{
    prctl(PR_SET_NAME, "procfs");
    check_self(argv);
    check_startup(argc, argv);
    check_comm();
    check_stat_and_status();
    check_maps(argv);
    check_descriptors();
    check_system();
    check_reads();
    check_file_paths();
    check_cwd_in_pseudo();
    return 0;
}
