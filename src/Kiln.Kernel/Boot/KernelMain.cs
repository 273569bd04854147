// The kernel's C# entry point, called by boot.S in long mode with the PVH start-info physical address. It wires the
// layers together in order (console, memory, CPU tables, time, entropy, system calls, devices), mounts the root disk
// and the volumes, loads the program the manifest names and drops to user mode; it never returns.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Internal.Runtime.CompilerHelpers;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;
using Kiln.Kernel.Diagnostics;
using Kiln.Kernel.Files;
using Kiln.Kernel.FileSystems;
using Kiln.Kernel.FileSystems.KilnFs;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Syscalls;
using Kiln.Kernel.Time;

namespace Kiln.Kernel.Boot
{
    internal static unsafe class KernelMain
    {
        private const ulong FaultStackSize = 16 * 1024;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__modules_start")]
        private static extern void ModulesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__modules_end")]
        private static extern void ModulesEnd();

        [UnmanagedCallersOnly(EntryPoint = "kiln_main")]
        private static void Main(ulong startInfo)
        {
            int earlyInput = new Serial16550(Serial16550.Com1).Initialize(fifos: false);
            new Serial16550(Serial16550.Com2).Initialize(fifos: true);

            ulong* ramStart = stackalloc ulong[StartInfo.RegionCapacity];
            ulong* ramEnd = stackalloc ulong[StartInfo.RegionCapacity];
            int regions = StartInfo.Parse(startInfo, ramStart, ramEnd);
            if (regions <= 0)
            {
                KernelLog.WriteLine("kiln: kernel panic: no PVH start info with a memory map (boot with qemu -kernel)");
                DebugExit.PowerOff(Panic.PanicExitValue);
            }

            if (!PhysicalMemory.Initialize(ramStart, ramEnd, regions, StartInfo.ModuleStart, StartInfo.ModuleSize))
            {
                KernelLog.WriteLine("kiln: kernel panic: no room for the page allocator");
                DebugExit.PowerOff(Panic.PanicExitValue);
            }

            // From here on `new` works: the heap is up, and the runtime's statics can be given their storage.
            KernelHeap.Initialize();
            StartupCodeHelpers.InitializeModules((nint*)(delegate*<void>)&ModulesStart, (nint*)(delegate*<void>)&ModulesEnd);
            if (!PageTables.Initialize())
            {
                Panic.Stop("could not build the kernel page tables");
            }

            Gdt.Initialize(StackTop(FaultStackSize));
            Idt.Initialize();
            Interrupts.MaskLegacyPic();
            PerCpu.InitializeBootCpu();
            Clock.Initialize();
            LocalApic.Initialize();
            Entropy.Initialize();
            SyscallTable.Initialize();
            FutexTable.Initialize();
            SignalDelivery.Initialize();
            UserAddressSpace.Initialize();
            KernelOptions.Initialize(StartInfo.CommandLine);
            Kiln.Kernel.Net.NetworkService.Initialize();
            Kiln.Kernel.Devices.Pci.PciDrivers.Probe();
            SelfTest.RunIfAsked();

            // "/" is the KilnFS disk labelled "root" that kiln built (program, libraries, /kiln/manifest); then the
            // volumes the manifest names are mounted, and one that is named but missing stops the boot.
            if (!KilnFsBoot.MountRoot())
            {
                KernelLog.WriteLine("kiln: error: no root disk (a KilnFS disk labelled root): start the VM with kiln run");
                DebugExit.PowerOff(Panic.PanicExitValue);
            }

            if (!BootManifest.TryRead(out ReadOnlySpan<byte> manifest))
            {
                DebugExit.PowerOff(Panic.PanicExitValue);
            }

            // The program (and its interpreter) are mapped and its working directory entered before the volumes are
            // mounted: a volume mounted over where they lie in the image (say /tmp, for a program run from the host's
            // /tmp) must not hide them. A working directory that is itself a volume's path is entered again after.
            Thread main = ThreadRegistry.CreateMain(UserProcess.Pid);
            if (main == null || !ProgramLoader.Load(manifest, main.UserFrame) || !KilnFsBoot.MountVolumes(manifest))
            {
                DebugExit.PowerOff(Panic.PanicExitValue);
            }

            ProgramLoader.ReenterWorkingDirectory(manifest);
            PseudoFileSystems.Mount();

            ConsoleFiles.Initialize(earlyInput);
            main.Files = FileTable.CreateInitial();

            // Like Linux's comm, the main thread is named after the program file.
            int nameStart = UserProcess.ExecutablePathLength;
            while (nameStart > 0 && UserProcess.ExecutablePath[nameStart - 1] != (byte)'/')
            {
                nameStart--;
            }

            main.SetName(UserProcess.ExecutablePath + nameStart, UserProcess.ExecutablePathLength - nameStart);

            // The program starts with the x87/SSE state fninit left (control word 0x37f, MXCSR 0x1f80).
            Cpu.SaveFpu(main.FpuState);
            FpuState.MarkWhole(main.FpuState);
            Scheduler.Start(main);

            // The NICs get their addresses from the manifest, and the network thread starts (it runs once main blocks
            // or its time slice ends).
            Kiln.Kernel.Net.NetworkService.Start(manifest);
            Cpu.EnterUser(main.UserFrame, main.FpuState);
        }

        private static ulong StackTop(ulong size) => (ulong)KernelHeap.Allocate((nuint)size) + size;
    }
}
