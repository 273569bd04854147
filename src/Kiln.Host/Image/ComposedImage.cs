// The outcome of composing an image for one run: its files, and how the kernel starts the program in it.

using System.Collections.Generic;

namespace Kiln.Host.Image
{
    /// <summary>An image's content and the program's start.</summary>
    /// <param name="Content">Every file in the image.</param>
    /// <param name="GuestProgram">The absolute guest path of the program to execute.</param>
    /// <param name="Arguments">argv, argv[0] first.</param>
    /// <param name="WorkingDirectory">The program's initial working directory in the guest.</param>
    /// <param name="Warnings">Things left out or unresolved that do not stop the run (a module's missing library).</param>
    public sealed record ComposedImage(
        ImageContent Content,
        string GuestProgram,
        IReadOnlyList<string> Arguments,
        string WorkingDirectory,
        IReadOnlyList<string> Warnings);
}
