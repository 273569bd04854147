// A program that passed ProgramCheck: where it is on the host and its bytes, ready to pack into the initrd.

namespace Kiln.Host
{
    /// <summary>A static x86-64 ELF executable read from the host.</summary>
    /// <param name="HostPath">The path as the user typed it.</param>
    /// <param name="Image">The file's bytes.</param>
    public sealed record CheckedProgram(string HostPath, byte[] Image);
}
