// Kernel self-tests asked for on the kernel command line: `kiln.selftest=panic` faults on purpose, so that tests and
// users can see the panic report a real kernel bug produces (registers and a backtrace that kiln names function by
// function); `kiln.selftest=block` exercises the disks and powers off (BlockSelfTest).
using System.Runtime.CompilerServices;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class SelfTest
    {
        public static void RunIfAsked()
        {
            if (Boot.KernelOptions.Has("kiln.selftest=panic"))
            {
                DereferenceNull(null);
            }

            if (Boot.KernelOptions.Has("kiln.selftest=block"))
            {
                BlockSelfTest.Run();
            }

            if (Boot.KernelOptions.Has("kiln.selftest=net"))
            {
                NetSelfTest.Run();
            }
        }

        // A null dereference in kernel code: the page fault handler turns it into a panic.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void DereferenceNull(int* pointer) => *pointer = 1;
    }
}
