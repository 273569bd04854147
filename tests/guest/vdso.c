/* vdso: the vDSO as a program finds it. Looks its four functions up by name and version (LINUX_2.6) through
 * AT_SYSINFO_EHDR, DT_HASH, DT_VERSYM and DT_VERDEF, as Go's runtime does, then calls them thousands of times: the
 * clocks are sane and monotonic, agree with the C library, and a clock the vDSO does not serve falls back to the
 * system call. Prints only derived yes/no facts; under Kiln, a test checks the trace shows no clock system calls. */
#include <elf.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static const char *yes(int condition)
{
    return condition ? "yes" : "no";
}

static long long ns(struct timespec t)
{
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The System V ELF hash, which DT_VERDEF's vd_hash holds for each version name. */
static unsigned long elf_hash(const char *name)
{
    unsigned long h = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    {
        h = (h << 4) + *p;
        unsigned long g = h & 0xf0000000;
        if (g)
            h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

struct vdso
{
    uintptr_t bias;
    const Elf64_Sym *symbols;
    const char *strings;
    const Elf64_Word *hash;
    const Elf64_Half *versym;
    const Elf64_Verdef *verdef;
};

static int vdso_open(struct vdso *v, const Elf64_Ehdr *ehdr)
{
    memset(v, 0, sizeof *v);
    if (memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_ident[EI_CLASS] != ELFCLASS64 || ehdr->e_type != ET_DYN
        || ehdr->e_machine != EM_X86_64)
        return 0;
    const Elf64_Phdr *phdr = (const Elf64_Phdr *)((const char *)ehdr + ehdr->e_phoff);
    const Elf64_Dyn *dynamic = NULL;
    int have_load = 0;
    for (int i = 0; i < ehdr->e_phnum; i++)
    {
        if (phdr[i].p_type == PT_LOAD && !have_load)
        {
            v->bias = (uintptr_t)ehdr + phdr[i].p_offset - phdr[i].p_vaddr;
            have_load = 1;
        }
        else if (phdr[i].p_type == PT_DYNAMIC)
            dynamic = (const Elf64_Dyn *)((const char *)ehdr + phdr[i].p_offset);
    }
    if (!have_load || !dynamic)
        return 0;
    for (const Elf64_Dyn *d = dynamic; d->d_tag != DT_NULL; d++)
    {
        uintptr_t address = v->bias + d->d_un.d_ptr;
        switch (d->d_tag)
        {
        case DT_SYMTAB: v->symbols = (const Elf64_Sym *)address; break;
        case DT_STRTAB: v->strings = (const char *)address; break;
        case DT_HASH: v->hash = (const Elf64_Word *)address; break;
        case DT_VERSYM: v->versym = (const Elf64_Half *)address; break;
        case DT_VERDEF: v->verdef = (const Elf64_Verdef *)address; break;
        }
    }
    return v->symbols && v->strings && v->hash && v->versym && v->verdef;
}

/* True when symbol index `index` is defined at version `version` (its DT_VERSYM entry names a matching verdef). */
static int has_version(const struct vdso *v, unsigned index, const char *version)
{
    Elf64_Half wanted = v->versym[index] & 0x7fff;
    for (const Elf64_Verdef *def = v->verdef;; def = (const Elf64_Verdef *)((const char *)def + def->vd_next))
    {
        if (!(def->vd_flags & VER_FLG_BASE) && def->vd_ndx == wanted)
        {
            const Elf64_Verdaux *aux = (const Elf64_Verdaux *)((const char *)def + def->vd_aux);
            return def->vd_hash == elf_hash(version) && strcmp(v->strings + aux->vda_name, version) == 0;
        }
        if (def->vd_next == 0)
            return 0;
    }
}

/* Looks a function up through the DT_HASH buckets and chains. */
static void *vdso_find(const struct vdso *v, const char *name, const char *version)
{
    Elf64_Word nbucket = v->hash[0];
    const Elf64_Word *bucket = v->hash + 2;
    const Elf64_Word *chain = bucket + nbucket;
    for (Elf64_Word i = bucket[elf_hash(name) % nbucket]; i != STN_UNDEF; i = chain[i])
    {
        const Elf64_Sym *sym = &v->symbols[i];
        int bind = ELF64_ST_BIND(sym->st_info);
        if (ELF64_ST_TYPE(sym->st_info) == STT_FUNC && (bind == STB_GLOBAL || bind == STB_WEAK)
            && sym->st_shndx != SHN_UNDEF && strcmp(v->strings + sym->st_name, name) == 0 && has_version(v, i, version))
            return (void *)(v->bias + sym->st_value);
    }
    return NULL;
}

/* Reads `clock` `count` times through the vDSO; true when every read succeeded, kept tv_nsec in range and, for a
 * clock that cannot be set, never went backwards. */
static int clock_is_sane(clock_gettime_fn vdso_clock_gettime, clockid_t clock, int count, int monotonic)
{
    struct timespec t;
    long long previous = 0;
    for (int i = 0; i < count; i++)
    {
        if (vdso_clock_gettime(clock, &t) != 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
            return 0;
        if (monotonic && ns(t) < previous)
            return 0;
        previous = ns(t);
    }
    return 1;
}

int main(void)
{
    const Elf64_Ehdr *ehdr = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    printf("AT_SYSINFO_EHDR present: %s\n", yes(ehdr != NULL));
    if (ehdr == NULL)
        return 1;

    struct vdso v;
    printf("vDSO is an x86-64 shared object with symbol versions: %s\n", yes(vdso_open(&v, ehdr)));
    clock_gettime_fn vdso_clock_gettime = (clock_gettime_fn)vdso_find(&v, "__vdso_clock_gettime", "LINUX_2.6");
    gettimeofday_fn vdso_gettimeofday = (gettimeofday_fn)vdso_find(&v, "__vdso_gettimeofday", "LINUX_2.6");
    time_fn vdso_time = (time_fn)vdso_find(&v, "__vdso_time", "LINUX_2.6");
    getcpu_fn vdso_getcpu = (getcpu_fn)vdso_find(&v, "__vdso_getcpu", "LINUX_2.6");
    printf("__vdso_clock_gettime@LINUX_2.6 found: %s\n", yes(vdso_clock_gettime != NULL));
    printf("__vdso_gettimeofday@LINUX_2.6 found: %s\n", yes(vdso_gettimeofday != NULL));
    printf("__vdso_time@LINUX_2.6 found: %s\n", yes(vdso_time != NULL));
    printf("__vdso_getcpu@LINUX_2.6 found: %s\n", yes(vdso_getcpu != NULL));
    printf("clock_gettime@LINUX_2.6 is __vdso_clock_gettime: %s\n",
           yes(vdso_find(&v, "clock_gettime", "LINUX_2.6") == (void *)vdso_clock_gettime));
    printf("a version the vDSO lacks finds nothing: %s\n", yes(vdso_find(&v, "__vdso_time", "LINUX_9.9") == NULL));
    if (!vdso_clock_gettime || !vdso_gettimeofday || !vdso_time || !vdso_getcpu)
        return 1;

    printf("REALTIME sane over 2000 reads: %s\n", yes(clock_is_sane(vdso_clock_gettime, CLOCK_REALTIME, 2000, 0)));
    printf("MONOTONIC monotonic over 2000 reads: %s\n", yes(clock_is_sane(vdso_clock_gettime, CLOCK_MONOTONIC, 2000, 1)));
    printf("MONOTONIC_RAW monotonic over 2000 reads: %s\n",
           yes(clock_is_sane(vdso_clock_gettime, CLOCK_MONOTONIC_RAW, 2000, 1)));
    printf("REALTIME_COARSE sane over 1000 reads: %s\n",
           yes(clock_is_sane(vdso_clock_gettime, CLOCK_REALTIME_COARSE, 1000, 0)));
    printf("MONOTONIC_COARSE monotonic over 1000 reads: %s\n",
           yes(clock_is_sane(vdso_clock_gettime, CLOCK_MONOTONIC_COARSE, 1000, 1)));
    printf("BOOTTIME monotonic over 1000 reads: %s\n", yes(clock_is_sane(vdso_clock_gettime, CLOCK_BOOTTIME, 1000, 1)));

    /* The C library's clock_gettime goes through the vDSO too (glibc and musl find it via AT_SYSINFO_EHDR). */
    printf("libc MONOTONIC monotonic over 2000 reads: %s\n", yes(clock_is_sane(clock_gettime, CLOCK_MONOTONIC, 2000, 1)));

    struct timespec direct, libc;
    vdso_clock_gettime(CLOCK_REALTIME, &direct);
    clock_gettime(CLOCK_REALTIME, &libc);
    printf("vDSO REALTIME agrees with libc within 1s: %s\n", yes(ns(libc) - ns(direct) < 1000000000LL && ns(libc) >= ns(direct)));
    printf("REALTIME after 2020-01-01: %s\n", yes(direct.tv_sec > 1577836800));

    int tv_ok = 1;
    for (int i = 0; i < 1000; i++)
    {
        struct timeval tv;
        struct timezone tz = {123, 456};
        if (vdso_gettimeofday(&tv, &tz) != 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tz.tz_minuteswest != 0
            || tz.tz_dsttime != 0)
            tv_ok = 0;
    }
    printf("gettimeofday ok over 1000 calls, UTC: %s\n", yes(tv_ok));
    struct timeval tv;
    vdso_gettimeofday(&tv, NULL);
    printf("gettimeofday agrees with REALTIME within 1s: %s\n", yes(tv.tv_sec - direct.tv_sec <= 1 && tv.tv_sec >= direct.tv_sec));
    printf("gettimeofday(NULL, NULL) returns 0: %s\n", yes(vdso_gettimeofday(NULL, NULL) == 0));

    int time_ok = 1;
    for (int i = 0; i < 1000; i++)
    {
        time_t stored = 0;
        time_t returned = vdso_time(&stored);
        if (returned != stored || returned - direct.tv_sec > 5 || returned < direct.tv_sec)
            time_ok = 0;
    }
    printf("time agrees with REALTIME and stores what it returns over 1000 calls: %s\n", yes(time_ok));
    printf("time(NULL) agrees with REALTIME: %s\n", yes(vdso_time(NULL) >= direct.tv_sec));

    long cpus = sysconf(_SC_NPROCESSORS_CONF);
    int cpu_ok = 1;
    for (int i = 0; i < 1000; i++)
    {
        unsigned cpu = 99999, node = 99999;
        if (vdso_getcpu(&cpu, &node, NULL) != 0 || (long)cpu >= cpus || node != 0)
            cpu_ok = 0;
    }
    printf("getcpu gives a CPU below the count and node 0 over 1000 calls: %s\n", yes(cpu_ok));
    printf("getcpu(NULL, NULL) returns 0: %s\n", yes(vdso_getcpu(NULL, NULL, NULL) == 0));

    /* A clock the vDSO does not serve falls back to the system call; an unknown one gets its errno as the result. */
    struct timespec cputime;
    printf("PROCESS_CPUTIME_ID through the vDSO ok: %s\n",
           yes(vdso_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cputime) == 0 && cputime.tv_nsec < 1000000000L));
    printf("an unknown clock returns -EINVAL: %s\n", yes(vdso_clock_gettime(12345, &cputime) == -EINVAL));
    return 0;
}
