// Every guest program built with gcc -static-pie (the PIE subset), run natively and under Kiln.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class GlibcPieGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.GlibcPie);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.GlibcPie, guestCase);
}
