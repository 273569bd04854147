// The guest programs checked on the host Linux alone: they must behave as designed there, or a differential pass
// under Kiln would prove nothing. These run without Kiln and pass before the kernel exists.
using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class NativeBehaviourTests
{
    public static TheoryData<LibcVariant, string> Cases
    {
        get
        {
            var data = new TheoryData<LibcVariant, string>();
            foreach (LibcVariant variant in Enum.GetValues<LibcVariant>())
            {
                foreach (GuestCase c in GuestCases.All.Where(c => variant.Builds(c.Program)))
                {
                    data.Add(variant, c.Id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Program_behaves_as_designed_on_Linux(LibcVariant variant, string caseId)
    {
        GuestCase guest = GuestCases.Get(caseId);
        await GuestBuild.EnsureBuiltAsync();
        string program = RepoPaths.Program(variant, guest.Program);
        Assert.True(File.Exists(program), $"{program} was not built");

        ProcessResult run = await NativeRunner.RunAsync(program, guest);

        Assert.False(run.TimedOut, run.Describe());
        Assert.True(run.ExitCode == guest.ExitCode, $"expected exit code {guest.ExitCode}\n{run.Describe()}");
        string[] lines = run.StdoutText.Split('\n');
        // Programs that print facts print "...: yes"; a "no" or "FAILED" is the program finding Linux at fault.
        Assert.DoesNotContain(lines, line => line.EndsWith(": no", StringComparison.Ordinal) || line.Contains("FAILED"));
    }

    [Fact]
    public async Task Errors_program_reports_the_expected_errnos_on_Linux()
    {
        await GuestBuild.EnsureBuiltAsync();
        GuestCase guest = GuestCases.Get("errors");
        ProcessResult run = await NativeRunner.RunAsync(RepoPaths.Program(LibcVariant.Glibc, "errors"), guest);

        Assert.Equal(
            "syscall(1000): rc=-1 errno=ENOSYS\n" +
            "syscall(500): rc=-1 errno=ENOSYS\n" +
            "write(1, (void *)1, 10): rc=-1 errno=EFAULT\n" +
            "write(1, unmapped, 10): rc=-1 errno=EFAULT\n" +
            "read(0, unmapped, 10): rc=-1 errno=EFAULT\n" +
            "write(1, kernel address, 10): rc=-1 errno=EFAULT\n" +
            "write(99, ...): rc=-1 errno=EBADF\n" +
            "read(99, ...): rc=-1 errno=EBADF\n" +
            "still running after all of them: yes\n",
            run.StdoutText);
    }

    [Fact]
    public async Task Args_program_sees_exactly_the_given_arguments_and_environment()
    {
        await GuestBuild.EnsureBuiltAsync();
        GuestCase guest = GuestCases.Get("args/many");
        string program = RepoPaths.Program(LibcVariant.Glibc, "args");
        ProcessResult run = await NativeRunner.RunAsync(program, guest);

        Assert.Equal(
            "argc: 8\n" +
            $"argv[0]: [{program}]\n" +
            "argv[1]: [one]\nargv[2]: [hello world]\nargv[3]: []\nargv[4]: [ünïcödé]\nargv[5]: [--flag=x]\n" +
            "argv[6]: [tab\there]\nargv[7]: [$HOME]\nargv[argc] is NULL: yes\n" +
            "env KILN_A: [alpha]\nenv KILN_B: [x=y z]\nenv KILN_EMPTY: []\nenv KILN_UNSET: (unset)\n",
            run.StdoutText);
    }

    [Fact]
    public async Task Stdio_program_writes_more_than_64_KiB_and_flushes_at_exit()
    {
        await GuestBuild.EnsureBuiltAsync();
        ProcessResult run = await NativeRunner.RunAsync(RepoPaths.Program(LibcVariant.Glibc, "stdio"), GuestCases.Get("stdio"));

        Assert.True(run.Stdout.Length > 400 * 1024, run.Describe());
        Assert.StartsWith("full buffering: line 1\nfull buffering: line 2\nraw write after fflush\n", run.StdoutText);
        Assert.EndsWith("\nlast words without a newline", run.StdoutText);
        Assert.Equal("stderr: after full buffering\nstderr: after line buffering\nstderr: before exit\n", run.Stderr);
    }
}
