// What a PCI base address register decodes: nothing, 32- or 64-bit memory, or I/O ports (PCI Local Bus 3.0, 6.2.5.1).
namespace Kiln.Devices
{
    public enum PciBarKind
    {
        None,
        Memory32,
        Memory64,
        Io,
    }
}
