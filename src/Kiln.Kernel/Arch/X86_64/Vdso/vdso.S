/*
 * vdso.S: the vDSO's user-mode code. clock_gettime, gettimeofday, time and getcpu answered from the vvar page the
 * kernel maps one page below this image, without entering the kernel. Linked as a shared object by vdso.lds; every
 * reference is RIP-relative, so it runs wherever it is mapped and needs no dynamic relocation.
 */

/* The vvar page: Kiln.Time.VdsoData (src/Kiln.Kernel.Logic/Time/VdsoData.cs); a host test pins these offsets. */
.set VVAR_SEQUENCE, 0
.set VVAR_FEATURES, 4
.set VVAR_BASE_TSC, 8
.set VVAR_BASE_NS, 16
.set VVAR_MULT, 24
.set VVAR_SHIFT, 32
.set VVAR_WALL_OFFSET_NS, 40

/* Kiln.Time.VdsoFeatures */
.set FEATURE_RDPID, 1
.set FEATURE_RDTSCP, 2

/* Linux clock ids (include/uapi/linux/time.h) served here: REALTIME 0, MONOTONIC 1, MONOTONIC_RAW 4,
 * REALTIME_COARSE 5, MONOTONIC_COARSE 6, BOOTTIME 7. The CPU-time clocks (2, 3) and the rest go to the kernel. */
.set SERVED_CLOCKS, 0xF3
.set REALTIME_CLOCKS, 0x21
.set SYS_clock_gettime, 228
.set NS_PER_SEC, 1000000000

    .hidden vvar_page
    .text

/*
 * vdso_read_ns: %rax = monotonic nanoseconds, %rdx = the wall-clock offset, read under the sequence counter so
 * both come from one consistent snapshot. The same arithmetic as Clock.MonotonicNs in the kernel:
 * ns = base_ns + (((tsc - base_tsc) * mult) >> shift), a 128-bit product, a TSC below base_tsc counted as base_tsc.
 * Clobbers %rcx, %r8, %r9.
 */
    .type vdso_read_ns, @function
vdso_read_ns:
    .cfi_startproc
    lea vvar_page(%rip), %r8
1:
    mov VVAR_SEQUENCE(%r8), %r9d
    test $1, %r9d
    jnz 3f
    lfence                               /* rdtsc must not run before the sequence load (Linux rdtsc_ordered) */
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    sub VVAR_BASE_TSC(%r8), %rax
    jae 2f
    xor %eax, %eax
2:
    mulq VVAR_MULT(%r8)
    mov VVAR_SHIFT(%r8), %ecx
    shrd %cl, %rdx, %rax
    add VVAR_BASE_NS(%r8), %rax
    mov VVAR_WALL_OFFSET_NS(%r8), %rdx
    cmp VVAR_SEQUENCE(%r8), %r9d         /* loads are not reordered with older loads on x86 */
    jne 1b
    ret
3:
    pause
    jmp 1b
    .cfi_endproc
    .size vdso_read_ns, . - vdso_read_ns

/* int clock_gettime(clockid_t clock, struct timespec *ts) */
    .globl __vdso_clock_gettime
    .type __vdso_clock_gettime, @function
__vdso_clock_gettime:
    .cfi_startproc
    cmp $7, %edi
    ja 2f                                /* unsigned: negative ids (per-process CPU clocks) as well */
    mov $SERVED_CLOCKS, %eax
    bt %edi, %eax
    jnc 2f
    mov %edi, %r10d
    call vdso_read_ns
    mov $REALTIME_CLOCKS, %ecx
    bt %r10d, %ecx
    jnc 1f
    add %rdx, %rax
1:
    xor %edx, %edx
    mov $NS_PER_SEC, %ecx
    div %rcx
    mov %rax, 0(%rsi)
    mov %rdx, 8(%rsi)
    xor %eax, %eax
    ret
2:
    mov $SYS_clock_gettime, %eax
    syscall
    ret
    .cfi_endproc
    .size __vdso_clock_gettime, . - __vdso_clock_gettime

/* int gettimeofday(struct timeval *tv, struct timezone *tz): Kiln's time zone is UTC, as Linux's default sys_tz. */
    .globl __vdso_gettimeofday
    .type __vdso_gettimeofday, @function
__vdso_gettimeofday:
    .cfi_startproc
    test %rdi, %rdi
    jz 1f
    call vdso_read_ns
    add %rdx, %rax
    xor %edx, %edx
    mov $NS_PER_SEC, %ecx
    div %rcx
    mov %rax, 0(%rdi)
    mov %rdx, %rax
    xor %edx, %edx
    mov $1000, %ecx
    div %rcx
    mov %rax, 8(%rdi)
1:
    test %rsi, %rsi
    jz 2f
    movq $0, 0(%rsi)                     /* tz_minuteswest = 0, tz_dsttime = 0 */
2:
    xor %eax, %eax
    ret
    .cfi_endproc
    .size __vdso_gettimeofday, . - __vdso_gettimeofday

/* time_t time(time_t *t) */
    .globl __vdso_time
    .type __vdso_time, @function
__vdso_time:
    .cfi_startproc
    call vdso_read_ns
    add %rdx, %rax
    xor %edx, %edx
    mov $NS_PER_SEC, %ecx
    div %rcx
    test %rdi, %rdi
    jz 1f
    mov %rax, 0(%rdi)
1:
    ret
    .cfi_endproc
    .size __vdso_time, . - __vdso_time

/*
 * long getcpu(unsigned *cpu, unsigned *node, void *cache): the kernel keeps IA32_TSC_AUX = node << 12 | cpu on each
 * CPU, as Linux does; RDPID or RDTSCP reads it, whichever the vvar page says the CPU has, else CPU 0, node 0.
 */
    .globl __vdso_getcpu
    .type __vdso_getcpu, @function
__vdso_getcpu:
    .cfi_startproc
    lea vvar_page(%rip), %r8
    mov VVAR_FEATURES(%r8), %r9d
    xor %eax, %eax
    test $FEATURE_RDPID, %r9d
    jz 1f
    rdpid %rax
    jmp 3f
1:
    test $FEATURE_RDTSCP, %r9d
    jz 3f
    mov %rdx, %r10                       /* rdtscp writes %edx:%eax and %ecx */
    rdtscp
    mov %ecx, %eax
    mov %r10, %rdx
3:
    test %rdi, %rdi
    jz 4f
    mov %eax, %ecx
    and $0xFFF, %ecx
    mov %ecx, 0(%rdi)
4:
    test %rsi, %rsi
    jz 5f
    shr $12, %eax
    mov %eax, 0(%rsi)
5:
    xor %eax, %eax
    ret
    .cfi_endproc
    .size __vdso_getcpu, . - __vdso_getcpu

/* The unprefixed names, weak, as Linux's vDSO exports them. */
    .weak clock_gettime
    .set clock_gettime, __vdso_clock_gettime
    .weak gettimeofday
    .set gettimeofday, __vdso_gettimeofday
    .weak time
    .set time, __vdso_time
    .weak getcpu
    .set getcpu, __vdso_getcpu

/* The kernel-version note Linux's vDSO carries (ELFNOTE Linux, type 0): 6.1.0, what uname reports. */
    .section .note.Linux, "a", @note
    .balign 4
    .long 6
    .long 4
    .long 0
    .asciz "Linux"
    .balign 4
    .long 0x060100

    .section .note.GNU-stack, "", @progbits
