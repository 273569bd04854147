// Kiln-only behaviour: a deliberate kernel bug (kiln.selftest=panic on the kernel command line makes the kernel
// dereference null) must end in a panic report whose backtrace kiln names by function, and a distinct exit status.
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class KernelPanicTests
{
    [Fact]
    public async Task A_kernel_null_dereference_panics_with_named_functions()
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            // A substitute runner (a Linux guest) has no Kiln kernel to break.
            return;
        }

        await GuestBuild.EnsureBuiltAsync();

        ProcessResult result = await ProcessRunner.RunAsync(
            RepoPaths.KilnLauncher,
            new[] { "run", "--accel", "tcg", RepoPaths.Program(LibcVariant.Glibc, "hello") },
            new Dictionary<string, string> { ["KILN_KERNEL_CMDLINE"] = "kiln.selftest=panic" },
            replaceEnv: false,
            stdin: "",
            KilnRunner.Timeout,
            RepoPaths.Root);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("kiln: kernel panic: page fault (#PF) in the kernel", result.Stderr);
        Assert.Contains("rip=", result.Stderr);
        Assert.Matches(@"kiln:   #0 kernel 0x[0-9a-f]{16} Kiln_Kernel_Kiln_Kernel_Diagnostics_SelfTest__DereferenceNull\+0x", result.Stderr);
        Assert.DoesNotContain("hello from kiln guest", result.StdoutText);
    }
}
