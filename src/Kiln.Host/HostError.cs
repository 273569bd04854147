// A user-facing error from the host library: one sentence, and a hint that says what to do where one helps.

namespace Kiln.Host
{
    /// <summary>An error to show the user as "kiln: error: Message", then "hint: Hint" if there is one.</summary>
    /// <param name="Message">What went wrong, naming the file or value involved.</param>
    /// <param name="Hint">What to do about it, or null.</param>
    public sealed record HostError(string Message, string? Hint = null);
}
