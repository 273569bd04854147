// Resolves --accel auto|kvm|tcg against what the host offers. KVM on a kvm_pvm host runs the guest kernel in emulated
// ring 0 where SSE instructions fail, and the Kiln kernel uses SSE, so auto picks TCG there and says so once.

namespace Kiln.Host
{
    /// <summary>Chooses the accelerator QEMU runs with.</summary>
    public static class AcceleratorChoice
    {
        /// <summary>The notice printed when auto avoids kvm_pvm.</summary>
        public const string PvmNotice = "kiln: /dev/kvm is kvm_pvm (no hardware virtualization for guest kernels); using TCG";

        /// <summary>Resolves <paramref name="requested"/> to Kvm or Tcg.</summary>
        /// <param name="requested">What the user asked for.</param>
        /// <param name="host">What the host offers.</param>
        /// <param name="notice">A line for stderr, or null.</param>
        /// <param name="error">Why the request cannot be met, or null.</param>
        public static Accelerator Choose(Accelerator requested, HostVirtualization host, out string? notice, out HostError? error)
        {
            notice = null;
            error = null;
            switch (requested)
            {
                case Accelerator.Tcg:
                    return Accelerator.Tcg;
                case Accelerator.Kvm:
                    if (!host.KvmUsable)
                    {
                        error = new HostError("KVM is not available: /dev/kvm cannot be opened read-write", "use --accel tcg, or add yourself to the kvm group");
                    }

                    return Accelerator.Kvm;
                default:
                    if (host.KvmUsable && host.KvmIsPvm)
                    {
                        notice = PvmNotice;
                        return Accelerator.Tcg;
                    }

                    return host.KvmUsable ? Accelerator.Kvm : Accelerator.Tcg;
            }
        }
    }
}
