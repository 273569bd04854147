// Kiln-only behaviour: the vDSO serves the clocks without entering the kernel. The vdso program makes thousands of
// clock_gettime, gettimeofday, time and getcpu calls; under `kiln run --trace` (every system call on stderr) the only
// clock system calls must be the two the program makes on purpose through the vDSO's fallback path.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class VdsoTests
{
    // `kiln: trace: clock_gettime(0x2, 0x7ffc..., 0x0, 0xffffffff) = 0`
    private static readonly Regex s_traceLine = new Regex(@"^kiln: trace: (\w+)\((0x[0-9a-f]+)", RegexOptions.Multiline);

    public static TheoryData<LibcVariant> Variants => new TheoryData<LibcVariant> { LibcVariant.Glibc, LibcVariant.Musl };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Clocks_are_read_through_the_vDSO_without_system_calls(LibcVariant variant)
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            // A substitute runner (a Linux guest) has no --trace.
            return;
        }

        await GuestBuild.EnsureBuiltAsync();
        string program = RepoPaths.Program(variant, "vdso");
        Assert.True(File.Exists(program), $"{program} was not built");

        ProcessResult result = await ProcessRunner.RunAsync(
            RepoPaths.KilnLauncher,
            new[] { "run", "--accel", "tcg", "--trace", program },
            new Dictionary<string, string>(),
            replaceEnv: false,
            stdin: "",
            KilnRunner.Timeout,
            RepoPaths.Root);

        Assert.True(result.ExitCode == 0, "the vdso program failed under Kiln\n" + result.Describe());
        string[] facts = result.StdoutText.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.True(facts.Length >= 20, "the vdso program printed too little\n" + result.Describe());
        Assert.All(facts, fact => Assert.EndsWith(": yes", fact));

        List<(string Name, string FirstArgument)> calls = s_traceLine.Matches(result.Stderr)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToList();
        Assert.True(calls.Count > 0, "kiln --trace printed no system calls\n" + result.Describe());
        string[] clockCalls = calls
            .Where(c => c.Name is "clock_gettime" or "gettimeofday" or "time" or "getcpu")
            .Select(c => $"{c.Name}({c.FirstArgument})")
            .ToArray();

        // CLOCK_PROCESS_CPUTIME_ID (2) and the unknown clock 12345 (0x3039), both through the vDSO's syscall fallback.
        Assert.Equal(new[] { "clock_gettime(0x2)", "clock_gettime(0x3039)" }, clockCalls);
    }
}
