/*
 * traps.S: every way into the kernel after boot. Interrupt and exception vectors and the `syscall` instruction all
 * build the same TrapFrame on the kernel stack (see TrapFrame.cs), call into C#, and leave through one return path
 * (iretq), swapping GS when the frame came from or returns to user mode (%gs then holds the per-CPU block).
 * The C# kernel uses SSE registers, so every entry also saves the interrupted code's x87/SSE state in a 512-byte
 * fxsave-format area just below the frame and restores it on the way out: a system call must preserve xmm0-15.
 * Interrupts and exceptions save it whole (fxsave64). A system call saves only xmm0-15 (the kernel uses no x87 and
 * never changes MXCSR, so those stay live in the CPU) and marks the area partial in a software-available word of
 * the format (FPU_PARTIAL, ignored by fxrstor); FpuState.Complete fills in the rest before anything else could
 * clobber it (a thread switch, a signal frame, clone). fxsave/fxrstor are costly under TCG: this halves a call.
 */
    .set USER_CS, 0x23
    .set USER_SS, 0x1b
    .set SYSCALL_VECTOR, 256
    .set PERCPU_KERNEL_RSP, 0
    .set PERCPU_USER_RSP, 8

    /* TrapFrame offsets (TrapFrame.cs): fifteen registers, then vector, error code and the iretq frame. */
    .set FRAME_R11, 32
    .set FRAME_RCX, 96
    .set FRAME_VECTOR, 120
    .set FRAME_RIP, 136
    .set FRAME_RFLAGS, 152
    .set RFLAGS_TF_RF, 0x10100
    .set FPU_XMM0, 160          /* fxsave layout: xmm0-15 at 160 + 16 * n */
    .set FPU_PARTIAL, 464       /* FpuState.PartialFlagOffset: non-zero when only xmm0-15 were saved */

    .macro SAVE_XMM
    movdqa %xmm0, FPU_XMM0+0*16(%rsp)
    movdqa %xmm1, FPU_XMM0+1*16(%rsp)
    movdqa %xmm2, FPU_XMM0+2*16(%rsp)
    movdqa %xmm3, FPU_XMM0+3*16(%rsp)
    movdqa %xmm4, FPU_XMM0+4*16(%rsp)
    movdqa %xmm5, FPU_XMM0+5*16(%rsp)
    movdqa %xmm6, FPU_XMM0+6*16(%rsp)
    movdqa %xmm7, FPU_XMM0+7*16(%rsp)
    movdqa %xmm8, FPU_XMM0+8*16(%rsp)
    movdqa %xmm9, FPU_XMM0+9*16(%rsp)
    movdqa %xmm10, FPU_XMM0+10*16(%rsp)
    movdqa %xmm11, FPU_XMM0+11*16(%rsp)
    movdqa %xmm12, FPU_XMM0+12*16(%rsp)
    movdqa %xmm13, FPU_XMM0+13*16(%rsp)
    movdqa %xmm14, FPU_XMM0+14*16(%rsp)
    movdqa %xmm15, FPU_XMM0+15*16(%rsp)
    .endm

    .macro RESTORE_XMM
    movdqa FPU_XMM0+0*16(%rsp), %xmm0
    movdqa FPU_XMM0+1*16(%rsp), %xmm1
    movdqa FPU_XMM0+2*16(%rsp), %xmm2
    movdqa FPU_XMM0+3*16(%rsp), %xmm3
    movdqa FPU_XMM0+4*16(%rsp), %xmm4
    movdqa FPU_XMM0+5*16(%rsp), %xmm5
    movdqa FPU_XMM0+6*16(%rsp), %xmm6
    movdqa FPU_XMM0+7*16(%rsp), %xmm7
    movdqa FPU_XMM0+8*16(%rsp), %xmm8
    movdqa FPU_XMM0+9*16(%rsp), %xmm9
    movdqa FPU_XMM0+10*16(%rsp), %xmm10
    movdqa FPU_XMM0+11*16(%rsp), %xmm11
    movdqa FPU_XMM0+12*16(%rsp), %xmm12
    movdqa FPU_XMM0+13*16(%rsp), %xmm13
    movdqa FPU_XMM0+14*16(%rsp), %xmm14
    movdqa FPU_XMM0+15*16(%rsp), %xmm15
    .endm

    .macro SAVE_REGISTERS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    .endm

    .macro RESTORE_REGISTERS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    .endm

    /* Vectors whose exceptions push an error code (Intel SDM vol. 3A, 6.15). */
    .macro VECTOR n
    .p2align 4
vector_\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp trap_common
    .endm

    .text
    .p2align 4
    .globl kiln_vectors
kiln_vectors:
    .altmacro
    .set i, 0
    .rept 256
    VECTOR %i
    .set i, i + 1
    .endr

trap_common:
    testb $3, 24(%rsp)          /* CS of the interrupted code: from user mode? */
    jz 1f
    swapgs
1:  SAVE_REGISTERS
    cld
    mov %rsp, %rdi
    sub $512, %rsp              /* the frame is 176 bytes from a 16-byte aligned top: still aligned */
    fxsave64 (%rsp)
    movq $0, FPU_PARTIAL(%rsp)
    xor %ebp, %ebp
    call kiln_trap
    jmp trap_return

    .globl kiln_syscall_entry
kiln_syscall_entry:
    swapgs
    mov %rsp, %gs:PERCPU_USER_RSP
    mov %gs:PERCPU_KERNEL_RSP, %rsp
    pushq $USER_SS
    pushq %gs:PERCPU_USER_RSP
    push %r11                   /* user RFLAGS */
    pushq $USER_CS
    push %rcx                   /* user RIP */
    push %rax                   /* the error-code slot keeps the call number, for restarts */
    pushq $SYSCALL_VECTOR
    SAVE_REGISTERS
    cld
    mov %rsp, %rdi
    sub $512, %rsp
    SAVE_XMM
    movq $1, FPU_PARTIAL(%rsp)
    xor %ebp, %ebp
    call kiln_syscall
    jmp trap_return

    /*
     * void kiln_enter_user(TrapFrame* frame, void* fpuState): start user code from a frame built by the kernel, with
     * the x87/SSE state at fpuState (512 bytes, 16-byte aligned, just below the frame).
     */
    .globl kiln_enter_user
kiln_enter_user:
    mov %rsi, %rsp
    /* fall through */
trap_return:
    cmpq $0, FPU_PARTIAL(%rsp)
    jne 4f
    fxrstor64 (%rsp)
    jmp 5f
4:  RESTORE_XMM
5:  add $512, %rsp
    /*
     * A system call returning to where it was made, with RCX and R11 still holding RIP and RFLAGS as `syscall` left
     * them, leaves through sysretq, which is cheaper than iretq (no descriptor loads). Anything else (a signal
     * handler's entry, rt_sigreturn, an interrupt, a non-canonical or TF/RF-flagged return) takes iretq.
     */
    cmpq $SYSCALL_VECTOR, FRAME_VECTOR(%rsp)
    jne 3f
    mov FRAME_RIP(%rsp), %rcx
    cmp FRAME_RCX(%rsp), %rcx
    jne 3f
    shr $47, %rcx               /* sysret to a non-canonical RIP would fault in ring 0 */
    jnz 3f
    mov FRAME_RFLAGS(%rsp), %r11
    cmp FRAME_R11(%rsp), %r11
    jne 3f
    test $RFLAGS_TF_RF, %r11
    jnz 3f
    RESTORE_REGISTERS
    swapgs
    mov 40(%rsp), %rsp          /* the user RSP, past vector, error code, RIP, CS, RFLAGS */
    sysretq
3:  RESTORE_REGISTERS
    add $16, %rsp               /* vector and error code */
    testb $3, 8(%rsp)           /* CS we return to */
    jz 2f
    swapgs
2:  iretq

    /*
     * void kiln_switch(ulong* saveRsp, ulong newRsp): the scheduler's context switch. Saves the callee-saved
     * registers on the current kernel stack, stores its pointer in *saveRsp, and resumes the thread whose stack
     * pointer is newRsp (from its own kiln_switch call, or at the start address Thread.cs placed on a new stack).
     * Everything else the System V ABI lets a call clobber, including the SSE registers, is the caller's to lose.
     */
    .globl kiln_switch
kiln_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    /*
     * Where a new user thread's first switch lands: its stack holds the x87/SSE area and the TrapFrame clone built,
     * exactly as if it had entered the kernel. kiln_thread_begin finishes the switch; the thread then leaves through
     * the ordinary return path. %rsp is 16-byte aligned here, as the call needs.
     */
    .globl kiln_thread_start
kiln_thread_start:
    call kiln_thread_begin
    jmp trap_return

    .section .note.GNU-stack, "", @progbits
