// What a user sees from one kiln invocation: exit code, stdout and stderr.

namespace Kiln.Cli.Tests.Support
{
    public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
}
