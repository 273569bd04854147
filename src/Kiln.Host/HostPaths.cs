// Finds what kiln needs on the host: qemu-system-x86_64 on PATH and the built kernel (KILN_KERNEL, or
// <repo>/out/kiln-kernel.elf where <repo> is the nearest directory above kiln's own files that holds Kiln.sln).

using System;
using System.IO;

namespace Kiln.Host
{
    /// <summary>Locates QEMU and the Kiln kernel.</summary>
    public static class HostPaths
    {
        /// <summary>The QEMU executable kiln runs.</summary>
        public const string QemuName = "qemu-system-x86_64";

        /// <summary>The environment variable that overrides the kernel location.</summary>
        public const string KernelVariable = "KILN_KERNEL";

        /// <summary>Finds <see cref="QemuName"/> in the directories of <paramref name="path"/> (a PATH value).</summary>
        public static bool TryFindQemu(string? path, out string qemu, out HostError? error)
        {
            foreach (string directory in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(directory, QemuName);
                if (File.Exists(candidate))
                {
                    qemu = candidate;
                    error = null;
                    return true;
                }
            }

            qemu = "";
            error = new HostError("QEMU is not installed: run `sudo apt-get install qemu-system-x86` (Debian/Ubuntu)");
            return false;
        }

        /// <summary>Finds the kernel ELF.</summary>
        /// <param name="overridePath">The value of KILN_KERNEL, or null.</param>
        /// <param name="baseDirectory">Where kiln's own files are (AppContext.BaseDirectory).</param>
        /// <param name="kernel">The kernel path.</param>
        /// <param name="error">Why it was not found.</param>
        public static bool TryFindKernel(string? overridePath, string baseDirectory, out string kernel, out HostError? error)
        {
            error = null;
            if (!string.IsNullOrEmpty(overridePath))
            {
                kernel = overridePath;
                if (File.Exists(kernel))
                {
                    return true;
                }

                error = new HostError($"kernel not found: {KernelVariable} is {overridePath}, which does not exist");
                return false;
            }

            string? repository = FindRepository(baseDirectory);
            kernel = repository == null ? "" : Path.Combine(repository, "out", "kiln-kernel.elf");
            if (repository != null && File.Exists(kernel))
            {
                return true;
            }

            error = new HostError("kernel not built: run ./setup.sh", $"or set {KernelVariable} to the path of kiln-kernel.elf");
            return false;
        }

        private static string? FindRepository(string start)
        {
            for (DirectoryInfo? directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Kiln.sln")))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }
}
