// What this host offers for running VMs: whether /dev/kvm opens read-write, and whether it is the paravirtual kvm_pvm
// module, which cannot run a guest kernel's ring-0 SSE code.

using System;
using System.IO;

namespace Kiln.Host
{
    /// <summary>Facts about the host's KVM support; the constructor takes them so choices can be tested.</summary>
    /// <param name="KvmUsable">/dev/kvm can be opened read-write.</param>
    /// <param name="KvmIsPvm">The KVM module is kvm_pvm.</param>
    public sealed record HostVirtualization(bool KvmUsable, bool KvmIsPvm)
    {
        /// <summary>Probes this machine.</summary>
        public static HostVirtualization Probe()
        {
            return new HostVirtualization(CanOpenKvm(), IsKvmPvm());
        }

        private static bool CanOpenKvm()
        {
            try
            {
                using FileStream kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return false;
            }
        }

        private static bool IsKvmPvm()
        {
            if (Directory.Exists("/sys/module/kvm_pvm"))
            {
                return true;
            }

            try
            {
                foreach (string line in File.ReadLines("/proc/modules"))
                {
                    if (line.StartsWith("kvm_pvm ", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // No /proc/modules (a container, or a kernel without modules): nothing more to learn.
            }

            return false;
        }
    }
}
