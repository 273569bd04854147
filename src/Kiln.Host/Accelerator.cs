// The QEMU accelerators kiln can ask for.

namespace Kiln.Host
{
    /// <summary>How QEMU executes the guest.</summary>
    public enum Accelerator
    {
        /// <summary>KVM if it can run a guest kernel here, otherwise TCG.</summary>
        Auto,

        /// <summary>Hardware virtualization through /dev/kvm.</summary>
        Kvm,

        /// <summary>QEMU's binary translator: slower, works everywhere.</summary>
        Tcg,
    }
}
