// Every Rust program (Debian's rustc, +crt-static), run natively and under Kiln.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class RustGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.Rust);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.Rust, guestCase);
}
