// Pins struct signalfd_siginfo to the offsets glibc's <sys/signalfd.h> gives (measured with offsetof: 128 bytes),
// and checks that each kind of signal fills only the fields Linux's signalfd_copyinfo fills for its siginfo layout.
using System;
using System.Buffers.Binary;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class SignalFdSiginfoTests
    {
        [Fact]
        public void LayoutMatchesGlibcSignalfdSiginfo()
        {
            Assert.Equal(128, SignalFdSiginfo.Size);
            Assert.Equal(0, SignalFdSiginfo.SignoOffset);
            Assert.Equal(4, SignalFdSiginfo.ErrnoOffset);
            Assert.Equal(8, SignalFdSiginfo.CodeOffset);
            Assert.Equal(12, SignalFdSiginfo.PidOffset);
            Assert.Equal(16, SignalFdSiginfo.UidOffset);
            Assert.Equal(20, SignalFdSiginfo.FdOffset);
            Assert.Equal(24, SignalFdSiginfo.TidOffset);
            Assert.Equal(28, SignalFdSiginfo.BandOffset);
            Assert.Equal(32, SignalFdSiginfo.OverrunOffset);
            Assert.Equal(36, SignalFdSiginfo.TrapnoOffset);
            Assert.Equal(40, SignalFdSiginfo.StatusOffset);
            Assert.Equal(44, SignalFdSiginfo.IntOffset);
            Assert.Equal(48, SignalFdSiginfo.PtrOffset);
            Assert.Equal(56, SignalFdSiginfo.UtimeOffset);
            Assert.Equal(64, SignalFdSiginfo.StimeOffset);
            Assert.Equal(72, SignalFdSiginfo.AddrOffset);
            Assert.Equal(80, SignalFdSiginfo.AddrLsbOffset);
            Assert.Equal(84, SignalFdSiginfo.SyscallOffset);
            Assert.Equal(88, SignalFdSiginfo.CallAddrOffset);
            Assert.Equal(96, SignalFdSiginfo.ArchOffset);
        }

        [Theory]
        [InlineData(SignalNumbers.SIGUSR1, SigInfo.SI_USER, SiginfoLayout.Kill)]
        [InlineData(SignalNumbers.SIGUSR1, SigInfo.SI_KERNEL, SiginfoLayout.Kill)]
        [InlineData(SignalNumbers.SIGUSR1, SigInfo.SI_TKILL, SiginfoLayout.RealTime)]
        [InlineData(SignalNumbers.SIGRTMIN + 3, SigInfo.SI_QUEUE, SiginfoLayout.RealTime)]
        [InlineData(SignalNumbers.SIGALRM, SigInfo.SI_TIMER, SiginfoLayout.Timer)]
        [InlineData(SignalNumbers.SIGSEGV, SigInfo.SEGV_MAPERR, SiginfoLayout.Fault)]
        [InlineData(SignalNumbers.SIGBUS, SigInfo.BUS_ADRERR, SiginfoLayout.Fault)]
        [InlineData(SignalNumbers.SIGCHLD, 1, SiginfoLayout.Child)]
        [InlineData(SignalNumbers.SIGSYS, 1, SiginfoLayout.Sys)]
        [InlineData(SignalNumbers.SIGUSR1, 3, SiginfoLayout.Poll)]
        [InlineData(SignalNumbers.SIGSEGV, 20, SiginfoLayout.Kill)]
        [InlineData(29, -5, SiginfoLayout.Poll)] // SIGIO from SI_SIGIO
        public void LayoutFollowsSiginfoLayout(int signo, int code, SiginfoLayout expected)
        {
            Assert.Equal(expected, SignalFdSiginfo.Layout(signo, code));
        }

        [Fact]
        public void KillFillsSenderOnly()
        {
            byte[] record = Encode(SigInfo.FromSender(SignalNumbers.SIGTERM, SigInfo.SI_USER, 1, 0));

            Assert.Equal(SignalNumbers.SIGTERM, Int32At(record, SignalFdSiginfo.SignoOffset));
            Assert.Equal(SigInfo.SI_USER, Int32At(record, SignalFdSiginfo.CodeOffset));
            Assert.Equal(1, Int32At(record, SignalFdSiginfo.PidOffset));
            AssertZeroExcept(record, SignalFdSiginfo.SignoOffset, SignalFdSiginfo.PidOffset);
        }

        [Fact]
        public void TimerFillsIdOverrunAndValue()
        {
            byte[] record = Encode(SigInfo.FromTimer(SignalNumbers.SIGALRM, 3, 2, 0x1_0000_002A));

            Assert.Equal(SigInfo.SI_TIMER, Int32At(record, SignalFdSiginfo.CodeOffset));
            Assert.Equal(3, Int32At(record, SignalFdSiginfo.TidOffset));
            Assert.Equal(2, Int32At(record, SignalFdSiginfo.OverrunOffset));
            Assert.Equal(0x1_0000_002AUL, BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(SignalFdSiginfo.PtrOffset)));
            Assert.Equal(0x2A, Int32At(record, SignalFdSiginfo.IntOffset));
            Assert.Equal(0, Int32At(record, SignalFdSiginfo.PidOffset));
        }

        [Fact]
        public void FaultFillsTheAddress()
        {
            byte[] record = Encode(SigInfo.FromFault(SignalNumbers.SIGSEGV, SigInfo.SEGV_MAPERR, 0x1234));

            Assert.Equal(0x1234UL, BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(SignalFdSiginfo.AddrOffset)));
            Assert.Equal(0, Int32At(record, SignalFdSiginfo.PidOffset));
        }

        [Fact]
        public void TkillFillsSenderAndAZeroValue()
        {
            byte[] record = Encode(SigInfo.FromSender(SignalNumbers.SIGUSR2, SigInfo.SI_TKILL, 7, 0));

            Assert.Equal(7, Int32At(record, SignalFdSiginfo.PidOffset));
            AssertZeroExcept(record, SignalFdSiginfo.SignoOffset, SignalFdSiginfo.PidOffset);
        }

        private static byte[] Encode(SigInfo info)
        {
            byte[] record = new byte[SignalFdSiginfo.Size];
            record.AsSpan().Fill(0xAA);
            SignalFdSiginfo.Encode(info, record);
            return record;
        }

        private static int Int32At(byte[] record, int offset) => BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(offset));

        // Every 4-byte word is zero except signo, code and the listed ones.
        private static void AssertZeroExcept(byte[] record, params int[] offsets)
        {
            for (int offset = 0; offset < record.Length; offset += 4)
            {
                if (offset == SignalFdSiginfo.CodeOffset || Array.IndexOf(offsets, offset) >= 0)
                {
                    continue;
                }

                Assert.True(Int32At(record, offset) == 0, $"word at {offset} is not zero");
            }
        }
    }
}
