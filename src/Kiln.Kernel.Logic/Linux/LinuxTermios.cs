// The kernel's struct termios (include/uapi/asm-generic/termbits.h), 36 bytes, as TCGETS writes it and TCSETS*
// read it: four flag words, the line discipline, then c_cc[19]. glibc's tcgetattr/tcsetattr convert to and from its
// own 60-byte struct, so the kernel must never read or write more than these 36 bytes.
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 36)]
    public struct LinuxTermios
    {
        public const int Size = 36;

        /// <summary>Offset of c_cc[0]; NCCS entries follow.</summary>
        public const int ControlCharactersOffset = 17;
        public const int NCCS = 19;

        /// <summary>Index of the end-of-file character in c_cc.</summary>
        public const int VEOF = 4;

        // ioctl requests (include/uapi/asm-generic/ioctls.h).
        public const ulong TCGETS = 0x5401;
        public const ulong TCSETS = 0x5402;
        public const ulong TCSETSW = 0x5403;
        public const ulong TCSETSF = 0x5404;

        // The flags a cooked terminal has (termbits.h).
        public const uint ICRNL = 0x100;
        public const uint IXON = 0x400;
        public const uint OPOST = 0x1;
        public const uint ONLCR = 0x4;
        public const uint B38400 = 0xF;
        public const uint CS8 = 0x30;
        public const uint CREAD = 0x80;
        public const uint ISIG = 0x1;
        public const uint ICANON = 0x2;
        public const uint ECHO = 0x8;
        public const uint ECHOE = 0x10;
        public const uint ECHOK = 0x20;
        public const uint ECHOCTL = 0x200;
        public const uint ECHOKE = 0x800;
        public const uint IEXTEN = 0x8000;

        [FieldOffset(0)]
        public uint InputFlags;

        [FieldOffset(4)]
        public uint OutputFlags;

        [FieldOffset(8)]
        public uint ControlFlags;

        [FieldOffset(12)]
        public uint LocalFlags;

        [FieldOffset(16)]
        public byte Line;

        /// <summary>A terminal as Linux sets one up (tty_std_termios): cooked, echoing, 38400 baud, 8 bits.</summary>
        public static LinuxTermios Cooked()
        {
            LinuxTermios termios = default;
            termios.InputFlags = ICRNL | IXON;
            termios.OutputFlags = OPOST | ONLCR;
            termios.ControlFlags = B38400 | CS8 | CREAD;
            termios.LocalFlags = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
            return termios;
        }

        /// <summary>
        /// c_cc[<paramref name="index"/>] of a new terminal, Linux's INIT_C_CC (include/linux/tty.h): ^C, ^\, DEL,
        /// ^U, ^D, VTIME 0, VMIN 1, VSWTC 0, ^Q, ^S, ^Z, VEOL 0, ^R, ^O, ^W, ^V, VEOL2 0.
        /// </summary>
        public static byte InitialControlCharacter(int index) => index switch
        {
            0 => 3,      // VINTR
            1 => 0x1C,   // VQUIT
            2 => 0x7F,   // VERASE
            3 => 0x15,   // VKILL
            4 => 4,      // VEOF
            6 => 1,      // VMIN
            8 => 0x11,   // VSTART
            9 => 0x13,   // VSTOP
            10 => 0x1A,  // VSUSP
            12 => 0x12,  // VREPRINT
            13 => 0x0F,  // VDISCARD
            14 => 0x17,  // VWERASE
            15 => 0x16,  // VLNEXT
            _ => 0,
        };

        /// <summary>Whether reads end at a newline (canonical mode) under these settings.</summary>
        public readonly bool IsCanonical => (LocalFlags & ICANON) != 0;
    }
}
