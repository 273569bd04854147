/*
 * boot.S: the PVH entry. QEMU's `-kernel` loader enters pvh_start32 in 32-bit protected mode with paging off and
 * %ebx pointing at the hvm_start_info structure. This code builds boot page tables (the first 4 GiB identity-mapped,
 * mirrored at the direct-map base and at the kernel's link address), enables SSE and long mode, and calls the C#
 * entry kiln_main(start_info_physical) on the boot stack. The C# memory manager replaces these tables early on.
 */
    .set KERNEL_VMA,        0xFFFFFFFF80000000
    .set PAGE_PRESENT,      0x1
    .set PAGE_WRITE,        0x2
    .set PAGE_HUGE,         0x80
    .set CR0_PE,            0x1
    .set CR0_MP,            0x2
    .set CR0_EM,            0x4
    .set CR0_WP,            0x10000
    .set CR0_PG,            0x80000000
    .set CR4_PAE,           0x20
    .set CR4_OSFXSR,        0x200
    .set CR4_OSXMMEXCPT,    0x400
    .set MSR_EFER,          0xC0000080
    .set EFER_SCE,          0x1
    .set EFER_LME,          0x100
    .set EFER_NXE,          0x800
    .set BOOT_STACK_SIZE,   65536

/* The PVH note: Xen's XEN_ELFNOTE_PHYS32_ENTRY (18) names the 32-bit entry point. */
    .section .note.Xen, "a"
    .p2align 2
    .long 4                 /* name size */
    .long 8                 /* descriptor size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .quad pvh_start32

    .section .boot.text, "ax"
    .code32
    .globl pvh_start32
pvh_start32:
    cli
    cld
    mov %ebx, boot_start_info

    /* Zero the boot page tables: PML4, PDPT, and four page directories (4 GiB of 2 MiB pages). */
    mov $boot_page_tables, %edi
    xor %eax, %eax
    mov $(6 * 4096 / 4), %ecx
    rep stosl

    /* Four page directories of 2 MiB pages covering physical 0..4 GiB. */
    mov $boot_pd, %edi
    mov $(PAGE_PRESENT | PAGE_WRITE | PAGE_HUGE), %eax
    xor %edx, %edx
    mov $2048, %ecx
1:  mov %eax, (%edi)
    mov %edx, 4(%edi)
    add $0x200000, %eax
    adc $0, %edx
    add $8, %edi
    loop 1b

    /* The PDPT's first four entries point at the four directories; entries 510 and 511 repeat the first two, so
       that KERNEL_VMA (PML4 511, PDPT 510) maps physical 0. */
    mov $boot_pdpt, %edi
    mov $(boot_pd + PAGE_PRESENT + PAGE_WRITE), %eax
    mov %eax, 0(%edi)
    add $4096, %eax
    mov %eax, 8(%edi)
    add $4096, %eax
    mov %eax, 16(%edi)
    add $4096, %eax
    mov %eax, 24(%edi)
    mov $(boot_pd + PAGE_PRESENT + PAGE_WRITE), %eax
    mov %eax, (510 * 8)(%edi)
    add $4096, %eax
    mov %eax, (511 * 8)(%edi)

    /* PML4: entry 0 (identity, for this code), 256 (the direct map) and 511 (the kernel) share the PDPT. */
    mov $boot_pml4, %edi
    mov $(boot_pdpt + PAGE_PRESENT + PAGE_WRITE), %eax
    mov %eax, 0(%edi)
    mov %eax, (256 * 8)(%edi)
    mov %eax, (511 * 8)(%edi)
    mov %edi, %cr3

    mov %cr4, %eax
    or $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    mov %eax, %cr4

    mov $MSR_EFER, %ecx
    rdmsr
    or $(EFER_LME | EFER_NXE | EFER_SCE), %eax
    wrmsr

    mov %cr0, %eax
    and $~CR0_EM, %eax
    or $(CR0_PG | CR0_PE | CR0_MP | CR0_WP), %eax
    mov %eax, %cr0

    lgdt boot_gdt_pointer
    ljmp $0x08, $boot_long_mode

    .code64
boot_long_mode:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    movabs $boot_stack_top, %rsp
    fninit                      /* x87 control word 0x37f; MXCSR is 0x1f80 from reset */
    xor %ebp, %ebp
    mov boot_start_info, %edi
    movabs $kiln_main, %rax
    call *%rax
2:  cli
    hlt
    jmp 2b

    .section .boot.data, "aw"
    .p2align 3
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF    /* 0x08: 64-bit kernel code */
    .quad 0x00CF92000000FFFF    /* 0x10: kernel data */
boot_gdt_end:
boot_gdt_pointer:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt
boot_start_info:
    .long 0

    .section .boot.bss, "aw", @nobits
    .p2align 12
boot_page_tables:
boot_pml4:
    .skip 4096
boot_pdpt:
    .skip 4096
boot_pd:
    .skip 4 * 4096

    .section .bss
    .p2align 4
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
