// Kiln-only behaviour: the VFS frees what it allocates. fileschurn makes and removes files, links, directories and
// symlinks on /tmp; after 3000 rounds the kernel heap must hold no more than after 100 (within a small slack), so
// evicted inodes, their names, page-cache bookkeeping, open files and path-walk cursors all go back.
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class FileMemoryTests
{
    private const long Slack = 64 * 1024;

    [Fact]
    public async Task Kernel_heap_is_flat_across_3000_file_create_remove_rounds()
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            return;
        }

        await GuestBuild.EnsureBuiltAsync();
        long few = await KernelMemoryTests.HeapInUseAfterRunAsync("fileschurn", "100", "rounds: 100 ");
        long many = await KernelMemoryTests.HeapInUseAfterRunAsync("fileschurn", "3000", "rounds: 3000 ");
        Assert.True(many - few <= Slack,
            $"the kernel heap grew by {many - few} bytes between 100 and 3000 file rounds ({few} -> {many} bytes): " +
            "removing files, directories or symlinks does not free everything creating them allocates");
    }
}
