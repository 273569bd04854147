// Tests of the test harness itself: the program table matches the Makefile, and the crash-report and output
// comparisons accept what they should and reject what they should.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class HarnessTests
{
    [Fact]
    public async Task Program_table_matches_what_the_Makefile_builds()
    {
        ProcessResult list = await ProcessRunner.RunAsync(
            "make", new[] { "-s", "-C", RepoPaths.GuestSources, "list" }, new Dictionary<string, string>(),
            replaceEnv: false, "", TimeSpan.FromSeconds(30), RepoPaths.Root);
        Assert.Equal(0, list.ExitCode);
        string[] built = list.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] In(LibcVariant variant) => built
            .Where(t => t.StartsWith($"build/{variant.BuildFolder()}/"))
            .Select(t => t[$"build/{variant.BuildFolder()}/".Length..])
            .OrderBy(p => p)
            .ToArray();

        Assert.Equal(LibcVariantExtensions.AllPrograms.OrderBy(p => p), In(LibcVariant.Glibc));
        Assert.Equal(LibcVariantExtensions.PiePrograms.OrderBy(p => p), In(LibcVariant.GlibcPie));
        Assert.Equal(LibcVariantExtensions.DynamicPrograms.OrderBy(p => p), In(LibcVariant.GlibcDynamic));
        // Go, Rust (and musl) are built only where their toolchain is installed; where it is, the lists must agree.
        foreach (LibcVariant optional in new[] { LibcVariant.Musl, LibcVariant.Go, LibcVariant.Rust })
        {
            string[] listed = In(optional);
            if (listed.Length > 0)
            {
                Assert.Equal(optional.Programs().OrderBy(p => p), listed);
            }
        }

        Assert.All(GuestCases.All, c => Assert.Contains(Enum.GetValues<LibcVariant>(), v => v.Builds(c.Program)));
        Assert.Empty(LibcVariantExtensions.AllPrograms.Intersect(LibcVariantExtensions.GoPrograms.Concat(LibcVariantExtensions.RustPrograms)));
    }

    [Fact]
    public void Case_ids_are_unique()
    {
        Assert.Equal(GuestCases.All.Count, GuestCases.All.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("kiln: program killed by SIGSEGV at 0x1234 (write, not present)\nbacktrace:\n  #0 0x401745 crash\n  #1 0x401058 main\n")]
    [InlineData("SIGSEGV: fault address 0000000000001234\nrip=0x0000000000401745\nCall Trace:\n 0x0000000000401745\n")]
    [InlineData("signal SIGSEGV (11), address 0x0000000000001234\nstack trace: 0x401745 <crash+5> 0x401058 <main+8>\n")]
    [InlineData("kiln: SIGSEGV: write to 0x1234 at pc 0x401745\nkiln:   #0 pc 0x401745 crash+0x5\nkiln:   #1 pc 0x401058 main+0x8\n")]
    public void Crash_report_matcher_accepts_complete_reports(string stderr)
    {
        Assert.Empty(CrashReport.Problems(stderr, CrashExpectation.Segv(0x1234)));
    }

    [Theory]
    [InlineData("program killed by signal 11 at 0x1234\nbacktrace:\n 0x401745\n", "SIGSEGV")]
    [InlineData("SIGSEGV at 0x12345\nbacktrace:\n 0x401745\n", "faulting address")]
    [InlineData("SIGSEGV at pid 1234\nbacktrace:\n 0x401745\n", "faulting address")]
    [InlineData("SIGSEGV at 0x1234\n", "backtrace")]
    [InlineData("SIGSEGV at 0x1234\nbacktrace unavailable\n", "backtrace")]
    [InlineData("SIGSEGV at 0x1234\n#0 pc unknown\n", "backtrace")]
    public void Crash_report_matcher_names_what_is_missing(string stderr, string expectedProblem)
    {
        IReadOnlyList<string> problems = CrashReport.Problems(stderr, CrashExpectation.Segv(0x1234));
        Assert.Single(problems);
        Assert.Contains(expectedProblem, problems[0]);
    }

    [Fact]
    public void Kernel_half_address_is_found_in_either_spelling()
    {
        Assert.Contains(0xffffffff80000000UL, CrashReport.HexNumbers("cr2=0xffffffff80000000"));
        Assert.Contains(0xffffffff80000000UL, CrashReport.HexNumbers("cr2=FFFFFFFF80000000"));
    }

    [Fact]
    public void First_difference_names_the_line_and_both_versions()
    {
        string message = Differential.FirstDifference(
            Encoding.UTF8.GetBytes("a\nsame\nlinux says this\n"), Encoding.UTF8.GetBytes("a\nsame\nkiln says that\n"));
        Assert.Contains("line 3", message);
        Assert.Contains("[linux says this]", message);
        Assert.Contains("[kiln says that]", message);
        Assert.Contains("(end of output)", Differential.FirstDifference(new byte[] { 1, 2 }, new byte[] { 1 }));
    }

    [Fact]
    public void Program_stderr_lines_must_appear_in_order_among_kernel_messages()
    {
        const string program = "first\nsecond\n";
        Assert.Null(Differential.MissingStderrLine(program, "kiln: booted\nfirst\nkiln: note\nsecond\nkiln: exit 0\n"));
        Assert.Equal("second", Differential.MissingStderrLine(program, "second\nfirst\n"));
        Assert.Equal("first", Differential.MissingStderrLine(program, "kiln: booted\n"));
    }
}
