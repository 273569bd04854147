// struct signalfd_siginfo (include/uapi/linux/signalfd.h): the 128-byte record a read of a signalfd returns for each
// signal it takes. Unlike siginfo_t it is a flat struct; signalfd_copyinfo (fs/signalfd.c) zeroes it and fills only
// the fields of the member siginfo_layout (kernel/signal.c) picks for the signal and its si_code, as Encode does.
using System;
using System.Buffers.Binary;

namespace Kiln.Linux
{
    public static class SignalFdSiginfo
    {
        public const int Size = 128;
        public const int SignoOffset = 0;       // __u32 ssi_signo
        public const int ErrnoOffset = 4;       // __s32 ssi_errno
        public const int CodeOffset = 8;        // __s32 ssi_code
        public const int PidOffset = 12;        // __u32 ssi_pid
        public const int UidOffset = 16;        // __u32 ssi_uid
        public const int FdOffset = 20;         // __s32 ssi_fd
        public const int TidOffset = 24;        // __u32 ssi_tid (a POSIX timer's id)
        public const int BandOffset = 28;       // __u32 ssi_band
        public const int OverrunOffset = 32;    // __u32 ssi_overrun
        public const int TrapnoOffset = 36;     // __u32 ssi_trapno
        public const int StatusOffset = 40;     // __s32 ssi_status
        public const int IntOffset = 44;        // __s32 ssi_int
        public const int PtrOffset = 48;        // __u64 ssi_ptr
        public const int UtimeOffset = 56;      // __u64 ssi_utime
        public const int StimeOffset = 64;      // __u64 ssi_stime
        public const int AddrOffset = 72;       // __u64 ssi_addr
        public const int AddrLsbOffset = 80;    // __u16 ssi_addr_lsb
        public const int SyscallOffset = 84;    // __s32 ssi_syscall
        public const int CallAddrOffset = 88;   // __u64 ssi_call_addr
        public const int ArchOffset = 96;       // __u32 ssi_arch, then 28 bytes of padding

        private const int SI_SIGIO = -5;
        private const int SIGPOLL = 29;

        /// <summary>
        /// siginfo_layout: the union member Linux uses for <paramref name="signo"/> raised with <paramref name="code"/>.
        /// Codes between SI_USER and SI_KERNEL are the signal's own (SEGV_MAPERR, CLD_EXITED ...) while they stay
        /// within the count that signal defines; codes below zero come from user space (sigqueue, tgkill) or a timer.
        /// </summary>
        public static SiginfoLayout Layout(int signo, int code)
        {
            if (code > SigInfo.SI_USER && code < SigInfo.SI_KERNEL)
            {
                int limit = SpecificCodeLimit(signo, out SiginfoLayout specific);
                if (code <= limit)
                {
                    return specific;
                }

                // NSIGPOLL: any other signal raised with a poll code reads as SIGPOLL's.
                return code <= 6 ? SiginfoLayout.Poll : SiginfoLayout.Kill;
            }

            if (code == SigInfo.SI_TIMER)
            {
                return SiginfoLayout.Timer;
            }

            if (code == SI_SIGIO)
            {
                return SiginfoLayout.Poll;
            }

            return code < 0 ? SiginfoLayout.RealTime : SiginfoLayout.Kill;
        }

        /// <summary>Writes the record for <paramref name="info"/>: every byte the layout does not use is zero.</summary>
        public static void Encode(in SigInfo info, Span<byte> destination)
        {
            destination.Slice(0, Size).Clear();
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(SignoOffset), info.Signo);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(CodeOffset), info.Code);
            switch (Layout(info.Signo, info.Code))
            {
                case SiginfoLayout.Kill:
                case SiginfoLayout.Child:
                    // Kiln raises no SIGCHLD with child details (no fork): status and times stay zero.
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(PidOffset), info.Pid);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(UidOffset), info.Uid);
                    break;
                case SiginfoLayout.RealTime:
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(PidOffset), info.Pid);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(UidOffset), info.Uid);
                    WriteValue(info, destination);
                    break;
                case SiginfoLayout.Timer:
                    // SigInfo keeps a timer's id in Pid and its overrun in Uid.
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(TidOffset), info.Pid);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(OverrunOffset), info.Uid);
                    WriteValue(info, destination);
                    break;
                case SiginfoLayout.Fault:
                    BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(AddrOffset), info.Kind == SigInfoKind.Fault ? info.Value : 0);
                    break;
            }
        }

        // si_value is a union sigval: ssi_ptr gets all 64 bits and ssi_int its low 32, as Linux copies both.
        private static void WriteValue(in SigInfo info, Span<byte> destination)
        {
            ulong value = info.Kind == SigInfoKind.Fault ? 0 : info.Value;
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(PtrOffset), value);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(IntOffset), (int)value);
        }

        // sig_specific_sicodes: how many codes of its own a signal has (NSIGILL ...) and the member they use; -1 for
        // signals without any.
        private static int SpecificCodeLimit(int signo, out SiginfoLayout layout)
        {
            layout = SiginfoLayout.Fault;
            switch (signo)
            {
                case SignalNumbers.SIGILL:
                    return 11;
                case SignalNumbers.SIGFPE:
                    return 15;
                case SignalNumbers.SIGSEGV:
                    return 10;
                case SignalNumbers.SIGBUS:
                    return 5;
                case SignalNumbers.SIGTRAP:
                    return 6;
                case SignalNumbers.SIGCHLD:
                    layout = SiginfoLayout.Child;
                    return 6;
                case SIGPOLL:
                    layout = SiginfoLayout.Poll;
                    return 6;
                case SignalNumbers.SIGSYS:
                    layout = SiginfoLayout.Sys;
                    return 2;
                default:
                    return -1;
            }
        }
    }
}
