// Builds the qemu-system-x86_64 argument list (checked against QEMU 7.2). COM1 (-serial stdio) carries the program's
// stdout; COM2 is a file chardev on /dev/stderr, which QEMU reopens as its own stderr (a pipe kiln reads), carrying
// the program's stderr and the kernel's messages. append=on keeps QEMU from truncating stderr when it is a file.

using System.Collections.Generic;

namespace Kiln.Host
{
    /// <summary>The QEMU command line kiln runs.</summary>
    public static class QemuCommandLine
    {
        /// <summary>Where Debian's qemu-system-data package installs qboot, a firmware that boots in milliseconds.</summary>
        public const string DefaultBiosPath = "/usr/share/qemu/qboot.rom";

        /// <summary>The I/O port of isa-debug-exit: a write of v makes QEMU exit with status (v &lt;&lt; 1) | 1.</summary>
        public const string DebugExitDevice = "isa-debug-exit,iobase=0xf4,iosize=0x04";

        /// <summary>The arguments after the executable name.</summary>
        public static IReadOnlyList<string> Build(QemuOptions options)
        {
            bool kvm = options.Accelerator == Accelerator.Kvm;
            List<string> arguments = new List<string>
            {
                "-machine", "q35",
                // Under KVM the guest sees the host CPU; under TCG "max" emulates every feature QEMU has, RDRAND included.
                "-cpu", kvm ? "host" : "max",
                "-m", $"{options.MemoryMiB}M",
                "-smp", "1",
                "-accel", kvm ? "kvm" : "tcg",
                "-bios", options.BiosPath,
                "-kernel", options.KernelPath,
                "-initrd", options.InitrdPath,
                "-display", "none",
                "-monitor", "none",
                "-no-reboot",
                "-nodefaults",
                "-serial", "stdio",
                "-chardev", "file,id=kerr,path=/dev/stderr,append=on",
                "-serial", "chardev:kerr",
                "-device", DebugExitDevice,
            };

            // A developer's knob: KILN_KERNEL_CMDLINE reaches the kernel as its command line (for example
            // `kiln.selftest=panic`, which makes the kernel fault on purpose to show its panic report).
            string? kernelCommandLine = System.Environment.GetEnvironmentVariable(KernelCommandLineVariable);
            if (!string.IsNullOrEmpty(kernelCommandLine))
            {
                arguments.Add("-append");
                arguments.Add(kernelCommandLine);
            }

            return arguments;
        }

        /// <summary>The environment variable whose value becomes the kernel's command line.</summary>
        public const string KernelCommandLineVariable = "KILN_KERNEL_CMDLINE";
    }
}
