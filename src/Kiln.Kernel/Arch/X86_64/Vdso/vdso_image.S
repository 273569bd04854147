/*
 * vdso_image.S: the linked vDSO (vdso.so, built by KilnLinkVdso in Kiln.Kernel.targets) in the kernel's read-only
 * data, page-aligned, at kiln_vdso_start; kiln_vdso_size holds its length, so the kernel needs no pointer
 * arithmetic between two link-time symbols (the AOT compiler folds such differences into a wrong constant).
 * The loader copies it into each program.
 */
    .section .rodata.vdso, "a"
    .balign 4096
    .globl kiln_vdso_start
kiln_vdso_start:
    .incbin "vdso.so"
kiln_vdso_end:
    .balign 4096

    .section .rodata
    .balign 8
    .globl kiln_vdso_size
kiln_vdso_size:
    .quad kiln_vdso_end - kiln_vdso_start

    .section .note.GNU-stack, "", @progbits
