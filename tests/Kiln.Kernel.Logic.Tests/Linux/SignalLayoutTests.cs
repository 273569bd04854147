// Pins the signal ABI structs to the offsets Linux x86-64 and glibc use (measured with offsetof against glibc 2.x
// headers: siginfo_t, ucontext_t, stack_t, struct sigcontext, struct sigevent), so that a handler reading
// uc_mcontext.gregs[REG_RIP] or si_addr finds what the kernel wrote.
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class SignalLayoutTests
    {
        [Fact]
        public void SigInfoIs128BytesWithTheUnionAt16()
        {
            Assert.Equal(128, SigInfo.Size);
            Assert.Equal(0, SigInfo.SignoOffset);
            Assert.Equal(4, SigInfo.ErrnoOffset);
            Assert.Equal(8, SigInfo.CodeOffset);
            Assert.Equal(16, SigInfo.PidOffset);
            Assert.Equal(20, SigInfo.UidOffset);
            Assert.Equal(16, SigInfo.TimerIdOffset);
            Assert.Equal(20, SigInfo.OverrunOffset);
            Assert.Equal(24, SigInfo.ValueOffset);
            Assert.Equal(16, SigInfo.AddrOffset);
        }

        [Fact]
        public void SiCodesMatchTheUapiHeaders()
        {
            Assert.Equal(0, SigInfo.SI_USER);
            Assert.Equal(0x80, SigInfo.SI_KERNEL);
            Assert.Equal(-2, SigInfo.SI_TIMER);
            Assert.Equal(-6, SigInfo.SI_TKILL);
            Assert.Equal(1, SigInfo.SEGV_MAPERR);
            Assert.Equal(2, SigInfo.SEGV_ACCERR);
            Assert.Equal(1, SigInfo.FPE_INTDIV);
            Assert.Equal(2, SigInfo.ILL_ILLOPN);
        }

        [Fact]
        public void UContextMatchesGlibcUcontextT()
        {
            Assert.Equal(0, SignalFrameLayout.UcFlags);
            Assert.Equal(8, SignalFrameLayout.UcLink);
            Assert.Equal(16, SignalFrameLayout.UcStack);
            Assert.Equal(40, SignalFrameLayout.UcMcontext);
            Assert.Equal(296, SignalFrameLayout.UcSigmask);
            Assert.Equal(304, SignalFrameLayout.UContextSize);
        }

        [Fact]
        public void StackTIsSpFlagsSize()
        {
            Assert.Equal(0, SignalFrameLayout.StackSp);
            Assert.Equal(8, SignalFrameLayout.StackFlags);
            Assert.Equal(16, SignalFrameLayout.StackSize);
            Assert.Equal(24, SignalFrameLayout.StackTSize);
        }

        [Fact]
        public void SigcontextMatchesGlibcGregsIndexes()
        {
            // glibc's gregs[] index times 8 is the sigcontext offset: REG_R8 = 0 ... REG_RSP = 15, REG_RIP = 16,
            // REG_EFL = 17, REG_CSGSFS = 18, REG_ERR = 19, REG_TRAPNO = 20, REG_OLDMASK = 21, REG_CR2 = 22.
            Assert.Equal(0 * 8, SignalFrameLayout.R8);
            Assert.Equal(7 * 8, SignalFrameLayout.R15);
            Assert.Equal(8 * 8, SignalFrameLayout.Rdi);
            Assert.Equal(9 * 8, SignalFrameLayout.Rsi);
            Assert.Equal(10 * 8, SignalFrameLayout.Rbp);
            Assert.Equal(11 * 8, SignalFrameLayout.Rbx);
            Assert.Equal(12 * 8, SignalFrameLayout.Rdx);
            Assert.Equal(13 * 8, SignalFrameLayout.Rax);
            Assert.Equal(14 * 8, SignalFrameLayout.Rcx);
            Assert.Equal(15 * 8, SignalFrameLayout.Rsp);
            Assert.Equal(16 * 8, SignalFrameLayout.Rip);
            Assert.Equal(17 * 8, SignalFrameLayout.Eflags);
            Assert.Equal(18 * 8, SignalFrameLayout.Cs);
            Assert.Equal(150, SignalFrameLayout.Ss);
            Assert.Equal(19 * 8, SignalFrameLayout.Err);
            Assert.Equal(20 * 8, SignalFrameLayout.Trapno);
            Assert.Equal(21 * 8, SignalFrameLayout.Oldmask);
            Assert.Equal(22 * 8, SignalFrameLayout.Cr2);
            Assert.Equal(23 * 8, SignalFrameLayout.Fpstate);   // glibc's mcontext_t.fpregs, at ucontext offset 224
            Assert.Equal(224, SignalFrameLayout.UcMcontext + SignalFrameLayout.Fpstate);
            Assert.Equal(256, SignalFrameLayout.SigcontextSize);
        }

        [Fact]
        public void RtSigframeIsPretcodeUContextSigInfo()
        {
            Assert.Equal(0, SignalFrameLayout.PretcodeOffset);
            Assert.Equal(8, SignalFrameLayout.UContextOffset);
            Assert.Equal(312, SignalFrameLayout.InfoOffset);
            Assert.Equal(440, SignalFrameLayout.FrameSize);
            Assert.Equal(512, SignalFrameLayout.FpuStateSize);
        }

        [Fact]
        public void KernelSigactionIsFourWords()
        {
            Assert.Equal(0, SignalAction.HandlerOffset);
            Assert.Equal(8, SignalAction.FlagsOffset);
            Assert.Equal(16, SignalAction.RestorerOffset);
            Assert.Equal(24, SignalAction.MaskOffset);
            Assert.Equal(32, SignalAction.Size);
            Assert.Equal(0x04000000UL, SignalAction.SA_RESTORER);
            Assert.Equal(0x08000000UL, SignalAction.SA_ONSTACK);
            Assert.Equal(0x10000000UL, SignalAction.SA_RESTART);
            Assert.Equal(0x40000000UL, SignalAction.SA_NODEFER);
            Assert.Equal(0x80000000UL, SignalAction.SA_RESETHAND);
            Assert.Equal(4UL, SignalAction.SA_SIGINFO);
            Assert.Equal(0UL, SignalAction.KnownFlags & SignalAction.SA_UNSUPPORTED);
        }

        [Fact]
        public void SigEventMatchesGlibc()
        {
            Assert.Equal(0, SigEvent.ValueOffset);
            Assert.Equal(8, SigEvent.SignoOffset);
            Assert.Equal(12, SigEvent.NotifyOffset);
            Assert.Equal(16, SigEvent.ThreadIdOffset);
            Assert.Equal(64, SigEvent.Size);
            Assert.Equal(4, SigEvent.SIGEV_THREAD_ID);
        }
    }
}
