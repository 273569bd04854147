// Device interrupts. The legacy 8259 PICs are masked at boot; Kiln drives no interrupting device yet, so anything
// that arrives is counted and otherwise ignored.
namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Interrupts
    {
        public static ulong Spurious { get; private set; }

        public static void MaskLegacyPic()
        {
            Cpu.OutByte(0x21, 0xFF);
            Cpu.OutByte(0xA1, 0xFF);
        }

        public static void Dispatch(TrapFrame* frame) => Spurious++;
    }
}
