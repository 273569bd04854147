// Signal frame placement, sigaltstack rules, the order signals are taken in and siginfo encoding.
using System;
using System.Buffers.Binary;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class SignalLogicTests
    {
        [Theory]
        [InlineData(0x7fff_ffff_e000UL)]
        [InlineData(0x7fff_ffff_e008UL)]
        [InlineData(0x7fff_ffff_e0f3UL)]
        [InlineData(0x1000_0001UL)]
        public void FrameLeavesTheHandlerAsIfCalled(ulong top)
        {
            ulong frame = SignalFrameLayout.Place(top, out ulong fpuState);

            // At handler entry rsp = frame, and (rsp + 8) is 16-byte aligned, as after a call.
            Assert.Equal(0UL, (frame + 8) % 16);
            Assert.Equal(0UL, fpuState % 64);
            Assert.True(fpuState + (ulong)SignalFrameLayout.FpuStateSize <= top);
            Assert.True(frame + (ulong)SignalFrameLayout.FrameSize <= fpuState);
            Assert.True(fpuState - (frame + (ulong)SignalFrameLayout.FrameSize) < 32);
        }

        [Fact]
        public void AltStackIsOnlyInUseInsideItsRange()
        {
            const ulong Base = 0x10000;
            const ulong Size = 0x4000;
            Assert.False(SignalStack.IsOn(Base, Base, Size, 0));
            Assert.True(SignalStack.IsOn(Base + 1, Base, Size, 0));
            Assert.True(SignalStack.IsOn(Base + Size, Base, Size, 0));
            Assert.False(SignalStack.IsOn(Base + Size + 1, Base, Size, 0));
            Assert.False(SignalStack.IsOn(Base + 8, Base, Size, SignalStack.SS_AUTODISARM));
            Assert.True(SignalStack.Contains(Base + 8, Base, Size));
        }

        [Fact]
        public void AltStackFlagsReportDisabledOnstackOrNeither()
        {
            Assert.Equal(SignalStack.SS_DISABLE, SignalStack.FlagsAt(0x5000, 0, 0, SignalStack.SS_DISABLE));
            Assert.Equal(SignalStack.SS_ONSTACK, SignalStack.FlagsAt(0x5000, 0x4000, 0x2000, 0));
            Assert.Equal(0, SignalStack.FlagsAt(0x9000, 0x4000, 0x2000, 0));
        }

        [Fact]
        public void AltStackValidationFollowsDoSigaltstack()
        {
            Assert.Equal(0, SignalStack.Validate(0, 2048));
            Assert.Equal(0, SignalStack.Validate(SignalStack.SS_ONSTACK, 8192));
            Assert.Equal(0, SignalStack.Validate(SignalStack.SS_AUTODISARM, 8192));
            Assert.Equal(0, SignalStack.Validate(SignalStack.SS_DISABLE, 0));
            Assert.Equal(-Errno.ENOMEM, SignalStack.Validate(0, 2047));
            Assert.Equal(-Errno.EINVAL, SignalStack.Validate(4, 8192));
        }

        [Fact]
        public void NextTakesFaultSignalsFirstThenTheLowest()
        {
            Assert.Equal(0, SignalNumbers.Next(0));
            Assert.Equal(10, SignalNumbers.Next(SignalNumbers.Bit(10) | SignalNumbers.Bit(12)));
            Assert.Equal(11, SignalNumbers.Next(SignalNumbers.Bit(10) | SignalNumbers.Bit(11)));
            Assert.Equal(64, SignalNumbers.Next(SignalNumbers.Bit(64)));
            Assert.Equal(34, SignalNumbers.Next(SignalNumbers.Bit(35) | SignalNumbers.Bit(34)));
        }

        [Fact]
        public void DefaultIgnoredSignals()
        {
            Assert.True(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGCHLD));
            Assert.True(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGURG));
            Assert.True(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGWINCH));
            Assert.True(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGCONT));
            Assert.False(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGTERM));
            Assert.False(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGALRM));
            Assert.False(SignalNumbers.IsIgnoredByDefault(SignalNumbers.SIGRTMIN));
        }

        [Fact]
        public void SenderInfoEncodesPidAndUidAndZeroesTheRest()
        {
            byte[] bytes = Filled(0xAA);
            SigInfo.FromSender(10, SigInfo.SI_TKILL, 1, 0).Encode(bytes);

            Assert.Equal(10, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(0)));
            Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
            Assert.Equal(-6, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
            Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
            Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
            for (int i = 24; i < SigInfo.Size; i++)
            {
                Assert.Equal(0, bytes[i]);
            }

            Assert.Equal(0xAA, bytes[SigInfo.Size]);
        }

        [Fact]
        public void TimerInfoEncodesIdOverrunAndValue()
        {
            byte[] bytes = Filled(0xAA);
            SigInfo.FromTimer(34, 3, 7, 1234).Encode(bytes);

            Assert.Equal(-2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
            Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
            Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
            Assert.Equal(1234UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
        }

        [Fact]
        public void FaultInfoEncodesTheAddress()
        {
            byte[] bytes = Filled(0xAA);
            SigInfo.FromFault(11, SigInfo.SEGV_MAPERR, 0x1234).Encode(bytes);

            Assert.Equal(11, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(0)));
            Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
            Assert.Equal(0x1234UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        }

        private static byte[] Filled(byte value)
        {
            byte[] bytes = new byte[SigInfo.Size + 8];
            Array.Fill(bytes, value);
            return bytes;
        }
    }
}
