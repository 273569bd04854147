// Every guest program built with gcc -static, run natively and under Kiln.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class GlibcGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.Glibc);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.Glibc, guestCase);
}
