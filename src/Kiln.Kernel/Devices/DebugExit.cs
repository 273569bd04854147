// Powers the VM off through QEMU's isa-debug-exit device (iobase 0xf4): QEMU exits with status (value << 1) | 1.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices
{
    internal static class DebugExit
    {
        private const ushort Port = 0xF4;

        public static void PowerOff(uint value)
        {
            Cpu.OutDword(Port, value);

            // Without the device (a VM started by hand) there is nothing left to do but stop.
            Cpu.DisableInterrupts();
            for (;;)
            {
                Cpu.Halt();
            }
        }
    }
}
