// Kiln-only behaviour: kernel memory is flat across AF_UNIX socket life cycles (pairs, descriptor passing, listen,
// connect and accept, path names): unixchurn's 2,000 rounds must end with the same kernel heap figure as 100 rounds,
// within the slack KernelMemoryTests allows, since sockets, their queued messages and names are pooled or freed.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class SocketMemoryTests
{
    private const long Slack = 64 * 1024;

    [Fact]
    public async Task Kernel_heap_is_flat_across_2000_unix_socket_rounds()
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            return;
        }

        await GuestBuild.EnsureBuiltAsync();
        long few = await KernelMemoryTests.HeapInUseAfterRunAsync("unixchurn", "100", "rounds: 100 ");
        long many = await KernelMemoryTests.HeapInUseAfterRunAsync("unixchurn", "2000", "rounds: 2000 ");
        Assert.True(many - few <= Slack,
            $"the kernel heap grew by {many - few} bytes between 100 and 2,000 AF_UNIX socket rounds ({few} -> {many} " +
            $"bytes in use at exit; allowed slack {Slack}): closing sockets does not free what they took");
    }
}
