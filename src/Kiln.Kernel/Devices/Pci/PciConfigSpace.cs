// PCI configuration space through the legacy mechanism #1 ports (PCI Local Bus 3.0, 3.2.2.3.2): write the
// function's address to 0xCF8, then read or write the dword window at 0xCFC. It reaches the first 256 bytes of every
// function, which holds everything the drivers need (BARs, the MSI-X and virtio capabilities), and it needs nothing
// from the firmware: q35's ECAM (0xB0000000) works only once PCIEXBAR is programmed, and MCFG is not parsed yet.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices.Pci
{
    internal static class PciConfigSpace
    {
        private const ushort AddressPort = 0xCF8;
        private const ushort DataPort = 0xCFC;
        private const uint Enable = 1u << 31;

        public static uint Read32(int bus, int device, int function, int offset)
        {
            Select(bus, device, function, offset);
            return Cpu.InDword(DataPort);
        }

        public static ushort Read16(int bus, int device, int function, int offset)
        {
            Select(bus, device, function, offset);
            return Cpu.InWord((ushort)(DataPort + (offset & 2)));
        }

        public static byte Read8(int bus, int device, int function, int offset)
        {
            Select(bus, device, function, offset);
            return Cpu.InByte((ushort)(DataPort + (offset & 3)));
        }

        public static void Write32(int bus, int device, int function, int offset, uint value)
        {
            Select(bus, device, function, offset);
            Cpu.OutDword(DataPort, value);
        }

        public static void Write16(int bus, int device, int function, int offset, ushort value)
        {
            Select(bus, device, function, offset);
            Cpu.OutWord((ushort)(DataPort + (offset & 2)), value);
        }

        private static void Select(int bus, int device, int function, int offset) =>
            Cpu.OutDword(AddressPort, Enable | ((uint)bus << 16) | ((uint)device << 11) | ((uint)function << 8) | ((uint)offset & 0xFC));
    }
}
