// Every guest program built with musl-gcc -static, run natively and under Kiln.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class MuslGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.Musl);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.Musl, guestCase);
}
