// The kernel's one network stack: created at boot with its loopback interface, later given the NICs the PCI probe
// found and their addresses (static from the manifest, or DHCP). Socket system calls reach the stack through here.
using Kiln.Net.Stack;

namespace Kiln.Kernel.Net
{
    internal static class NetworkService
    {
        private static NetStack s_stack;

        /// <summary>The stack; never null after Initialize.</summary>
        public static NetStack Stack => s_stack;

        public static void Initialize()
        {
            s_stack = new NetStack(new KernelNetEnvironment());
        }
    }
}
