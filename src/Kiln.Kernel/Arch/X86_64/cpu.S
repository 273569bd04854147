/*
 * cpu.S: single-instruction helpers the C# kernel imports by name (port I/O, control registers, MSRs, descriptor
 * tables, RDRAND), the memory primitives the compiler calls, and the runtime entry points that are no-ops without a
 * GC. System V calling convention: arguments in rdi, rsi, rdx, rcx; result in rax.
 */
    .text

    .globl kiln_outb
kiln_outb:                      /* void outb(ushort port, byte value) */
    mov %edi, %edx
    mov %esi, %eax
    outb %al, %dx
    ret

    .globl kiln_inb
kiln_inb:                       /* byte inb(ushort port) */
    mov %edi, %edx
    xor %eax, %eax
    inb %dx, %al
    ret

    .globl kiln_outw
kiln_outw:
    mov %edi, %edx
    mov %esi, %eax
    outw %ax, %dx
    ret

    .globl kiln_inw
kiln_inw:
    mov %edi, %edx
    xor %eax, %eax
    inw %dx, %ax
    ret

    .globl kiln_outl
kiln_outl:
    mov %edi, %edx
    mov %esi, %eax
    outl %eax, %dx
    ret

    .globl kiln_inl
kiln_inl:
    mov %edi, %edx
    inl %dx, %eax
    ret

    .globl kiln_read_cr0
kiln_read_cr0:
    mov %cr0, %rax
    ret

    .globl kiln_read_cr2
kiln_read_cr2:
    mov %cr2, %rax
    ret

    .globl kiln_read_cr3
kiln_read_cr3:
    mov %cr3, %rax
    ret

    .globl kiln_write_cr3
kiln_write_cr3:
    mov %rdi, %cr3
    ret

    .globl kiln_read_cr4
kiln_read_cr4:
    mov %cr4, %rax
    ret

    .globl kiln_write_cr4
kiln_write_cr4:
    mov %rdi, %cr4
    ret

    .globl kiln_invlpg
kiln_invlpg:
    invlpg (%rdi)
    ret

    .globl kiln_rdmsr
kiln_rdmsr:                     /* ulong rdmsr(uint msr) */
    mov %edi, %ecx
    rdmsr
    shl $32, %rdx
    or %rdx, %rax
    ret

    .globl kiln_wrmsr
kiln_wrmsr:                     /* void wrmsr(uint msr, ulong value) */
    mov %edi, %ecx
    mov %rsi, %rax
    mov %rsi, %rdx
    shr $32, %rdx
    wrmsr
    ret

    .globl kiln_cpuid
kiln_cpuid:                     /* void cpuid(uint leaf, uint subleaf, uint* out4) */
    push %rbx
    mov %edi, %eax
    mov %esi, %ecx
    mov %rdx, %r8
    cpuid
    mov %eax, 0(%r8)
    mov %ebx, 4(%r8)
    mov %ecx, 8(%r8)
    mov %edx, 12(%r8)
    pop %rbx
    ret

    .globl kiln_rdtsc
kiln_rdtsc:
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    ret

    .globl kiln_rdrand64
kiln_rdrand64:                  /* bool rdrand64(ulong* value): false when the CPU had no entropy ready */
    rdrand %rax
    jnc 1f
    mov %rax, (%rdi)
    mov $1, %eax
    ret
1:  xor %eax, %eax
    ret

    .globl kiln_rdseed64
kiln_rdseed64:
    rdseed %rax
    jnc 1f
    mov %rax, (%rdi)
    mov $1, %eax
    ret
1:  xor %eax, %eax
    ret

    .globl kiln_lgdt
kiln_lgdt:                      /* void lgdt(void* pointer): reload segments with kernel code 0x08, data 0x10 */
    lgdt (%rdi)
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    pushq $0x08
    lea 1f(%rip), %rax
    push %rax
    lretq
1:  ret

    .globl kiln_fxsave
kiln_fxsave:                    /* void fxsave(void* area): 512 bytes, 16-byte aligned */
    fxsave64 (%rdi)
    ret

    .globl kiln_lidt
kiln_lidt:
    lidt (%rdi)
    ret

    .globl kiln_ltr
kiln_ltr:
    ltr %di
    ret

    .globl kiln_halt
kiln_halt:                      /* wait for the next interrupt */
    sti
    hlt
    cli
    ret

    .globl kiln_memory_fence
kiln_memory_fence:              /* order earlier stores before later loads (a device shares the memory) */
    mfence
    ret

    .globl kiln_mmio_read32
kiln_mmio_read32:               /* one 32-bit load from a device register, never merged or elided */
    movl (%rdi), %eax
    ret

    .globl kiln_mmio_write32
kiln_mmio_write32:
    movl %esi, (%rdi)
    ret

    .globl kiln_mmio_read8
kiln_mmio_read8:
    movzbl (%rdi), %eax
    ret

    .globl kiln_mmio_write8
kiln_mmio_write8:
    movb %sil, (%rdi)
    ret

    .globl kiln_mmio_read16
kiln_mmio_read16:
    movzwl (%rdi), %eax
    ret

    .globl kiln_mmio_write16
kiln_mmio_write16:
    movw %si, (%rdi)
    ret

    .globl kiln_disable_interrupts
kiln_disable_interrupts:
    cli
    ret

    .globl kiln_read_rbp
kiln_read_rbp:                  /* the caller's frame pointer, for backtraces */
    mov %rbp, %rax
    ret

    .globl kiln_stac
kiln_stac:                      /* allow supervisor access to user pages (SMAP) */
    stac
    ret

    .globl kiln_clac
kiln_clac:
    clac
    ret

    .globl memcpy
    .globl memmove
memcpy:
memmove:
    mov %rdi, %rax
    mov %rdx, %rcx
    cmp %rsi, %rdi
    jbe 1f
    lea -1(%rsi,%rdx), %rsi
    lea -1(%rdi,%rdx), %rdi
    std
    rep movsb
    cld
    ret
1:  rep movsb
    ret

    .globl memset
memset:
    mov %rdi, %r8
    mov %esi, %eax
    mov %rdx, %rcx
    rep stosb
    mov %r8, %rax
    ret

    /* Without a GC there is no transition to record when native code calls managed code or back. */
    .globl RhpReversePInvoke
    .globl RhpReversePInvokeReturn
    .globl RhpPInvoke
    .globl RhpPInvokeReturn
RhpReversePInvoke:
RhpReversePInvokeReturn:
RhpPInvoke:
RhpPInvokeReturn:
    ret

    /*
     * Reference stores. Compiled code calls these write-barrier helpers assuming they change only rdi, rsi (and rcx
     * for the by-ref form), so they must be assembly. Without a GC the barrier is the plain store.
     */
    .globl RhpAssignRef
    .globl RhpCheckedAssignRef
RhpAssignRef:
RhpCheckedAssignRef:
    mov %rsi, (%rdi)
    ret

    .globl RhpByRefAssignRef
RhpByRefAssignRef:                  /* *rdi = *rsi; rdi += 8; rsi += 8 */
    mov (%rsi), %rcx
    mov %rcx, (%rdi)
    add $8, %rdi
    add $8, %rsi
    ret

    /* There is no unwinder: a thrown exception is a panic. */
    .globl RhpThrowEx
RhpThrowEx:
    lea throw_message(%rip), %rdi
    jmp kiln_runtime_panic_ascii

    /* A stackalloc buffer's guard cookie was overwritten. */
    .globl RhpFallbackFailFast
RhpFallbackFailFast:
    lea overrun_message(%rip), %rdi
    jmp kiln_runtime_panic_ascii

    .section .rodata
overrun_message:
    .asciz "stack buffer overrun detected"
throw_message:
    .asciz "an exception was thrown (Kiln has no exception handling)"

    .data
    .p2align 3
    .globl __security_cookie
__security_cookie:
    .quad 0x2B992DDFA232DEAD

    .section .note.GNU-stack, "", @progbits
