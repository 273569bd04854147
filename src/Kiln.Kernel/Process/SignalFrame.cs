// The signal frame on the user stack (layout in Kiln.Kernel.Logic/Linux/SignalFrameLayout.cs): Push saves the
// interrupted registers, x87/SSE state, mask and alternate-stack setting into it and points the registers at the
// handler (setup_rt_frame in arch/x86/kernel/signal_64.c); Pop, for rt_sigreturn, puts them back, keeping the CPU
// safe from whatever the handler wrote into the frame.
using System;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal static unsafe class SignalFrame
    {
        // RFLAGS bits a handler may change through the frame (FIX_EFLAGS): AC, OF, DF, TF, SF, ZF, AF, PF, CF, RF.
        private const ulong RestorableFlags = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;

        // Cleared for the handler: DF (the ABI wants it clear at a call), RF and TF.
        private const ulong HandlerClearedFlags = 0x400 | 0x10000 | 0x100;

        // The x87/SSE state a handler starts with, as after FNINIT and a default MXCSR (fpu__clear_user_states).
        private const ushort DefaultFcw = 0x037F;
        private const uint DefaultMxcsr = 0x1F80;
        private const int FxsaveMxcsrOffset = 24;
        private const int FxsaveMxcsrMaskOffset = 28;

        /// <summary>
        /// Pushes the frame for <paramref name="info"/>'s handler and points <paramref name="frame"/> at the handler;
        /// false (and <paramref name="frame"/> untouched) when the frame cannot be written.
        /// </summary>
        public static bool Push(Thread thread, TrapFrame* frame, in SigInfo info, ulong restoreMask)
        {
            int signal = info.Signo;
            ulong flags = SignalActions.Flags(signal);

            // x86-64 has no kernel-provided return trampoline: a handler without SA_RESTORER cannot return.
            if ((flags & SignalAction.SA_RESTORER) == 0)
            {
                return false;
            }

            SignalState state = thread.Signals;
            ulong sp = frame->Rsp;
            bool nested = SignalStack.IsOn(sp, state.AltStackBase, state.AltStackSize, state.AltStackFlags);
            ulong top = sp - SignalFrameLayout.RedZone;
            bool entering = false;
            if ((flags & SignalAction.SA_ONSTACK) != 0
                && SignalStack.FlagsAt(top, state.AltStackBase, state.AltStackSize, state.AltStackFlags) == 0)
            {
                top = state.AltStackBase + state.AltStackSize;
                entering = true;
            }

            ulong address = SignalFrameLayout.Place(top, out ulong fpuState);

            // Running off the bottom of the alternate stack would corrupt whatever lies below: refuse, as Linux does.
            if ((nested || entering) && !SignalStack.Contains(address, state.AltStackBase, state.AltStackSize))
            {
                return false;
            }

            // SAFETY: image is FrameSize bytes of this stack frame; every offset written below is a constant of
            // SignalFrameLayout whose field lies inside it (the host tests pin them).
            byte* image = stackalloc byte[SignalFrameLayout.FrameSize];
            Span<byte> bytes = new Span<byte>(image, SignalFrameLayout.FrameSize);
            bytes.Clear();
            Put(image, SignalFrameLayout.PretcodeOffset, SignalActions.Restorer(signal));
            byte* uc = image + SignalFrameLayout.UContextOffset;
            Put(uc, SignalFrameLayout.UcFlags, SignalFrameLayout.UC_SIGCONTEXT_SS | SignalFrameLayout.UC_STRICT_RESTORE_SS);
            Put(uc, SignalFrameLayout.UcStack + SignalFrameLayout.StackSp, state.AltStackBase);
            *(int*)(uc + SignalFrameLayout.UcStack + SignalFrameLayout.StackFlags) =
                SignalStack.FlagsAt(sp, state.AltStackBase, state.AltStackSize, state.AltStackFlags);
            Put(uc, SignalFrameLayout.UcStack + SignalFrameLayout.StackSize, state.AltStackSize);
            SaveRegisters(uc + SignalFrameLayout.UcMcontext, frame, info, state, restoreMask, fpuState);
            Put(uc, SignalFrameLayout.UcSigmask, restoreMask);
            info.Encode(bytes.Slice(SignalFrameLayout.InfoOffset));

            Arch.X86_64.FpuState.Complete(thread.FpuState);
            if (!UserMemory.CopyToUser(fpuState, thread.FpuState, SignalFrameLayout.FpuStateSize)
                || !UserMemory.CopyToUser(address, image, SignalFrameLayout.FrameSize))
            {
                return false;
            }

            if ((state.AltStackFlags & SignalStack.SS_AUTODISARM) != 0)
            {
                state.DisableAltStack();
            }

            frame->Rdi = (ulong)signal;
            frame->Rsi = address + SignalFrameLayout.InfoOffset;
            frame->Rdx = address + SignalFrameLayout.UContextOffset;
            frame->Rax = 0;
            frame->Rip = SignalActions.Handler(signal);
            frame->Rsp = address;
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            frame->Rflags &= ~HandlerClearedFlags;
            ResetFpu(thread.FpuState);
            return true;
        }

        /// <summary>
        /// rt_sigreturn: restores what Push saved from the frame whose pretcode the handler's return popped
        /// (at <paramref name="frame"/>'s Rsp - 8); false when the frame cannot be read.
        /// </summary>
        public static bool Pop(Thread thread, TrapFrame* frame)
        {
            ulong address = frame->Rsp - 8;

            // SAFETY: both buffers live on this stack frame and are read only at SignalFrameLayout offsets inside
            // them; fxsave images need 16-byte alignment, hence the rounding.
            byte* image = stackalloc byte[SignalFrameLayout.FrameSize];
            if (!UserMemory.CopyFromUser(image, address, SignalFrameLayout.FrameSize))
            {
                return false;
            }

            byte* uc = image + SignalFrameLayout.UContextOffset;
            byte* sc = uc + SignalFrameLayout.UcMcontext;
            ulong fpuState = Get(sc, SignalFrameLayout.Fpstate);
            byte* fxsave = stackalloc byte[SignalFrameLayout.FpuStateSize + 16];
            byte* aligned = (byte*)(((ulong)fxsave + 15) & ~15UL);
            if (fpuState != 0 && !UserMemory.CopyFromUser(aligned, fpuState, SignalFrameLayout.FpuStateSize))
            {
                return false;
            }

            SignalState state = thread.Signals;
            state.Mask = Get(uc, SignalFrameLayout.UcSigmask) & ~SignalNumbers.Unblockable;
            state.HasSavedMask = false;
            RestoreRegisters(frame, sc);
            if (fpuState != 0)
            {
                RestoreFpu(thread.FpuState, aligned);
            }
            else
            {
                ResetFpu(thread.FpuState);
            }

            // uc_stack: a handler may change the alternate stack it returns to; errors are ignored, as on Linux.
            byte* stack = uc + SignalFrameLayout.UcStack;
            state.SetAltStack(
                Get(stack, SignalFrameLayout.StackSp),
                *(int*)(stack + SignalFrameLayout.StackFlags),
                Get(stack, SignalFrameLayout.StackSize),
                frame->Rsp);
            return true;
        }

        private static void SaveRegisters(byte* sc, TrapFrame* frame, in SigInfo info, SignalState state, ulong mask, ulong fpuState)
        {
            Put(sc, SignalFrameLayout.R8, frame->R8);
            Put(sc, SignalFrameLayout.R9, frame->R9);
            Put(sc, SignalFrameLayout.R10, frame->R10);
            Put(sc, SignalFrameLayout.R11, frame->R11);
            Put(sc, SignalFrameLayout.R12, frame->R12);
            Put(sc, SignalFrameLayout.R13, frame->R13);
            Put(sc, SignalFrameLayout.R14, frame->R14);
            Put(sc, SignalFrameLayout.R15, frame->R15);
            Put(sc, SignalFrameLayout.Rdi, frame->Rdi);
            Put(sc, SignalFrameLayout.Rsi, frame->Rsi);
            Put(sc, SignalFrameLayout.Rbp, frame->Rbp);
            Put(sc, SignalFrameLayout.Rbx, frame->Rbx);
            Put(sc, SignalFrameLayout.Rdx, frame->Rdx);
            Put(sc, SignalFrameLayout.Rax, frame->Rax);
            Put(sc, SignalFrameLayout.Rcx, frame->Rcx);
            Put(sc, SignalFrameLayout.Rsp, frame->Rsp);
            Put(sc, SignalFrameLayout.Rip, frame->Rip);
            Put(sc, SignalFrameLayout.Eflags, frame->Rflags);
            *(ushort*)(sc + SignalFrameLayout.Cs) = (ushort)frame->Cs;
            *(ushort*)(sc + SignalFrameLayout.Ss) = (ushort)frame->Ss;
            if (info.Kind == SigInfoKind.Fault)
            {
                Put(sc, SignalFrameLayout.Err, state.FaultError);
                Put(sc, SignalFrameLayout.Trapno, state.FaultTrapNo);
                Put(sc, SignalFrameLayout.Cr2, state.FaultAddress);
            }

            Put(sc, SignalFrameLayout.Oldmask, mask);
            Put(sc, SignalFrameLayout.Fpstate, fpuState);
        }

        // restore_sigcontext: every general register as the handler left it; only the user-changeable RFLAGS bits;
        // ring-3 code and stack segments whatever the frame says; and no system call to restart.
        private static void RestoreRegisters(TrapFrame* frame, byte* sc)
        {
            frame->R8 = Get(sc, SignalFrameLayout.R8);
            frame->R9 = Get(sc, SignalFrameLayout.R9);
            frame->R10 = Get(sc, SignalFrameLayout.R10);
            frame->R11 = Get(sc, SignalFrameLayout.R11);
            frame->R12 = Get(sc, SignalFrameLayout.R12);
            frame->R13 = Get(sc, SignalFrameLayout.R13);
            frame->R14 = Get(sc, SignalFrameLayout.R14);
            frame->R15 = Get(sc, SignalFrameLayout.R15);
            frame->Rdi = Get(sc, SignalFrameLayout.Rdi);
            frame->Rsi = Get(sc, SignalFrameLayout.Rsi);
            frame->Rbp = Get(sc, SignalFrameLayout.Rbp);
            frame->Rbx = Get(sc, SignalFrameLayout.Rbx);
            frame->Rdx = Get(sc, SignalFrameLayout.Rdx);
            frame->Rax = Get(sc, SignalFrameLayout.Rax);
            frame->Rcx = Get(sc, SignalFrameLayout.Rcx);
            frame->Rsp = Get(sc, SignalFrameLayout.Rsp);
            frame->Rip = Get(sc, SignalFrameLayout.Rip);
            frame->Rflags = (frame->Rflags & ~RestorableFlags) | (Get(sc, SignalFrameLayout.Eflags) & RestorableFlags);
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            frame->ErrorCode = SignalDelivery.NoSyscall;
        }

        // Takes the handler's x87/SSE image, except for MXCSR bits the CPU does not support: fxrstor would fault on
        // them in the kernel's return path.
        private static void RestoreFpu(void* current, byte* incoming)
        {
            uint supported = *(uint*)((byte*)current + FxsaveMxcsrMaskOffset);
            if (supported == 0)
            {
                supported = 0xFFBF;   // Intel SDM vol. 1, 11.6.6: the default MXCSR_MASK when the field reads 0
            }

            *(uint*)(incoming + FxsaveMxcsrOffset) &= supported;
            *(uint*)(incoming + FxsaveMxcsrMaskOffset) = *(uint*)((byte*)current + FxsaveMxcsrMaskOffset);
            Cpu.CopyMemory(current, incoming, (nuint)SignalFrameLayout.FpuStateSize);
            Arch.X86_64.FpuState.MarkWhole(current);
        }

        private static void ResetFpu(void* area)
        {
            byte* fx = (byte*)area;
            uint mask = *(uint*)(fx + FxsaveMxcsrMaskOffset);
            Cpu.FillMemory(fx, 0, (nuint)SignalFrameLayout.FpuStateSize);
            *(ushort*)fx = DefaultFcw;
            *(uint*)(fx + FxsaveMxcsrOffset) = DefaultMxcsr;
            *(uint*)(fx + FxsaveMxcsrMaskOffset) = mask;
        }

        private static void Put(byte* at, int offset, ulong value) => *(ulong*)(at + offset) = value;

        private static ulong Get(byte* at, int offset) => *(ulong*)(at + offset);
    }
}
