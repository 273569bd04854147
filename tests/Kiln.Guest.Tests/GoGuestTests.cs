// Every Go program (CGO_ENABLED=0 go build), run natively and under Kiln.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class GoGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.Go);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.Go, guestCase);
}
