// siginfo_t as the x86-64 kernel writes it (include/uapi/asm-generic/siginfo.h): 128 bytes, si_signo, si_errno and
// si_code, then a union whose member depends on how the signal was raised. Kiln keeps the few fields it fills in this
// small struct (one per pending signal) and encodes the 128 bytes only when a handler or sigtimedwait asks for them.
using System;
using System.Buffers.Binary;

namespace Kiln.Linux
{
    public struct SigInfo
    {
        public const int Size = 128;
        public const int SignoOffset = 0;
        public const int ErrnoOffset = 4;
        public const int CodeOffset = 8;

        // The union starts at 16 (after three ints and padding to 8).
        public const int PidOffset = 16;        // _kill, _rt: si_pid
        public const int UidOffset = 20;        // _kill, _rt: si_uid
        public const int TimerIdOffset = 16;    // _timer: si_tid (the timer's id)
        public const int OverrunOffset = 20;    // _timer: si_overrun
        public const int ValueOffset = 24;      // _timer, _rt: si_value (union sigval)
        public const int AddrOffset = 16;       // _sigfault: si_addr

        // si_code values.
        public const int SI_USER = 0;
        public const int SI_KERNEL = 0x80;
        public const int SI_QUEUE = -1;
        public const int SI_TIMER = -2;
        public const int SI_TKILL = -6;
        public const int SEGV_MAPERR = 1;
        public const int SEGV_ACCERR = 2;
        public const int BUS_ADRALN = 1;
        public const int BUS_ADRERR = 2;
        public const int ILL_ILLOPN = 2;
        public const int FPE_INTDIV = 1;
        public const int FPE_FLTDIV = 3;
        public const int FPE_FLTOVF = 4;
        public const int FPE_FLTUND = 5;
        public const int FPE_FLTRES = 6;
        public const int FPE_FLTINV = 7;
        public const int TRAP_BRKPT = 1;
        public const int TRAP_TRACE = 2;

        public int Signo;
        public int Code;
        public SigInfoKind Kind;

        /// <summary>_kill/_rt: the sender's pid; _timer: the timer id.</summary>
        public int Pid;

        /// <summary>_kill/_rt: the sender's uid; _timer: the overrun count.</summary>
        public int Uid;

        /// <summary>_timer/_rt: si_value; _sigfault: si_addr.</summary>
        public ulong Value;

        public static SigInfo FromSender(int signo, int code, int pid, int uid) =>
            new SigInfo { Signo = signo, Code = code, Kind = SigInfoKind.Kill, Pid = pid, Uid = uid };

        public static SigInfo FromTimer(int signo, int timerId, int overrun, ulong value) =>
            new SigInfo { Signo = signo, Code = SI_TIMER, Kind = SigInfoKind.Timer, Pid = timerId, Uid = overrun, Value = value };

        public static SigInfo FromFault(int signo, int code, ulong address) =>
            new SigInfo { Signo = signo, Code = code, Kind = SigInfoKind.Fault, Value = address };

        /// <summary>Writes the 128-byte siginfo_t, zeroing every byte the union member does not use.</summary>
        public readonly void Encode(Span<byte> destination)
        {
            destination.Slice(0, Size).Clear();
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(SignoOffset), Signo);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(CodeOffset), Code);
            switch (Kind)
            {
                case SigInfoKind.Kill:
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(PidOffset), Pid);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(UidOffset), Uid);
                    break;
                case SigInfoKind.Timer:
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(TimerIdOffset), Pid);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(OverrunOffset), Uid);
                    BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(ValueOffset), Value);
                    break;
                case SigInfoKind.Fault:
                    BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(AddrOffset), Value);
                    break;
            }
        }
    }
}
