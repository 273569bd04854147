// The dynamically linked guest programs (gcc without -static: the host's ld-linux-x86-64.so.2, libc.so.6 and libm),
// run natively and under Kiln, which loads the program and its ELF interpreter from the image and starts ld.so.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class GlibcDynamicGuestTests
{
    public static TheoryData<string> Cases => GuestCases.For(LibcVariant.GlibcDynamic);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_stdout_and_exit_code_as_Linux(string guestCase) =>
        Differential.RunAndCompareAsync(LibcVariant.GlibcDynamic, guestCase);
}
