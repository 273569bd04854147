// The frame the x86-64 kernel pushes on the user stack to run a signal handler (arch/x86/include/asm/sigframe.h,
// uapi/asm/sigcontext.h, uapi/asm-generic/ucontext.h), and where it goes (arch/x86/kernel/signal.c, get_sigframe):
//
//   struct rt_sigframe { char *pretcode; struct ucontext uc; struct siginfo info; }   then, above it, the fxsave area
//   struct ucontext    { unsigned long uc_flags; ucontext *uc_link; stack_t uc_stack; struct sigcontext uc_mcontext;
//                        sigset_t uc_sigmask; }
//
// glibc's ucontext_t has the same prefix (its gregs[] are the sigcontext's first 23 words, REG_R8 = 0 ... REG_RIP = 16,
// REG_CR2 = 22), so a handler reading uc_mcontext sees what the kernel saved.
namespace Kiln.Linux
{
    public static class SignalFrameLayout
    {
        // struct rt_sigframe.
        public const int PretcodeOffset = 0;
        public const int UContextOffset = 8;
        public const int InfoOffset = UContextOffset + UContextSize;
        public const int FrameSize = InfoOffset + SigInfo.Size;

        // struct ucontext.
        public const int UcFlags = 0;
        public const int UcLink = 8;
        public const int UcStack = 16;
        public const int UcMcontext = 40;
        public const int UcSigmask = UcMcontext + SigcontextSize;
        public const int UContextSize = UcSigmask + 8;

        // uc_flags: the frame saves SS and sigreturn restores it strictly; no XSAVE area (fxsave only).
        public const ulong UC_FP_XSTATE = 1;
        public const ulong UC_SIGCONTEXT_SS = 2;
        public const ulong UC_STRICT_RESTORE_SS = 4;

        // stack_t: ss_sp, ss_flags (int, padded), ss_size.
        public const int StackSp = 0;
        public const int StackFlags = 8;
        public const int StackSize = 16;
        public const int StackTSize = 24;

        // struct sigcontext (64-bit).
        public const int R8 = 0;
        public const int R9 = 8;
        public const int R10 = 16;
        public const int R11 = 24;
        public const int R12 = 32;
        public const int R13 = 40;
        public const int R14 = 48;
        public const int R15 = 56;
        public const int Rdi = 64;
        public const int Rsi = 72;
        public const int Rbp = 80;
        public const int Rbx = 88;
        public const int Rdx = 96;
        public const int Rax = 104;
        public const int Rcx = 112;
        public const int Rsp = 120;
        public const int Rip = 128;
        public const int Eflags = 136;
        public const int Cs = 144;       // u16
        public const int Gs = 146;       // u16
        public const int Fs = 148;       // u16
        public const int Ss = 150;       // u16
        public const int Err = 152;
        public const int Trapno = 160;
        public const int Oldmask = 168;
        public const int Cr2 = 176;
        public const int Fpstate = 184;
        public const int SigcontextSize = 256;

        /// <summary>The fxsave image (struct _fpstate) the frame carries, 64-byte aligned as XSAVE would need.</summary>
        public const int FpuStateSize = 512;
        public const ulong FpuStateAlignment = 64;

        /// <summary>The System V x86-64 ABI's red zone below the stack pointer, which a handler must not touch.</summary>
        public const ulong RedZone = 128;

        /// <summary>
        /// Where the frame goes below <paramref name="top"/> (the stack pointer less the red zone, or the top of the
        /// alternate stack): the fxsave area 64-byte aligned just under it, then the rt_sigframe so that at handler
        /// entry (frame + 8) is 16-byte aligned, as if the handler had been called (align_sigframe).
        /// </summary>
        public static ulong Place(ulong top, out ulong fpuState)
        {
            fpuState = (top - FpuStateSize) & ~(FpuStateAlignment - 1);
            return ((fpuState - FrameSize) & ~15UL) - 8;
        }
    }
}
