// A 16550 UART driven by polling: COM1 carries the program's stdout, COM2 its stderr and the kernel's messages.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices
{
    internal readonly struct Serial16550
    {
        public const ushort Com1 = 0x3F8;
        public const ushort Com2 = 0x2F8;

        private const int Data = 0;
        private const int InterruptEnable = 1;
        private const int FifoControl = 2;
        private const int LineControl = 3;
        private const int ModemControl = 4;
        private const int LineStatus = 5;
        private const byte TransmitHoldingEmpty = 0x20;
        private const byte DataReady = 0x01;

        private readonly ushort _port;

        public Serial16550(ushort port) => _port = port;

        /// <summary>
        /// 115200 baud, 8N1, interrupts off, FIFOs on when <paramref name="fifos"/> says so. Switching the FIFOs on
        /// empties the receiver (QEMU does so, as 16550s may), and a byte QEMU delivers between a read of the
        /// receiver and that switch is lost: kiln writes a piped stdin before the kernel boots, so the port that
        /// carries input (COM1) keeps its FIFOs off and QEMU hands it one byte at a time, each after the previous
        /// was read. A byte already waiting is still taken first and returned (-1 when none waited), for a FIFO
        /// switch a firmware may have made; the console hands it to the program before anything read later.
        /// </summary>
        public int Initialize(bool fifos)
        {
            int early = -1;
            if ((Cpu.InByte((ushort)(_port + LineStatus)) & DataReady) != 0)
            {
                early = Cpu.InByte(_port);
            }

            Cpu.OutByte((ushort)(_port + InterruptEnable), 0x00);
            Cpu.OutByte((ushort)(_port + LineControl), 0x80);
            Cpu.OutByte((ushort)(_port + Data), 0x01);
            Cpu.OutByte((ushort)(_port + InterruptEnable), 0x00);
            Cpu.OutByte((ushort)(_port + LineControl), 0x03);
            Cpu.OutByte((ushort)(_port + FifoControl), fifos ? (byte)0xC7 : (byte)0x00);
            Cpu.OutByte((ushort)(_port + ModemControl), 0x03);
            return early;
        }

        public void Write(byte value)
        {
            while ((Cpu.InByte((ushort)(_port + LineStatus)) & TransmitHoldingEmpty) == 0)
            {
            }

            Cpu.OutByte(_port, value);
        }

        /// <summary>True when a received byte waits to be read (the line status register's data-ready bit).</summary>
        public bool HasInput => (Cpu.InByte((ushort)(_port + LineStatus)) & DataReady) != 0;

        public bool TryRead(out byte value)
        {
            if ((Cpu.InByte((ushort)(_port + LineStatus)) & DataReady) == 0)
            {
                value = 0;
                return false;
            }

            value = Cpu.InByte(_port);
            return true;
        }
    }
}
