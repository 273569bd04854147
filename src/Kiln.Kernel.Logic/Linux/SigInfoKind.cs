// Which member of siginfo_t's union a signal fills: the sender (kill, tgkill), a timer, or a faulting address.
namespace Kiln.Linux
{
    public enum SigInfoKind
    {
        Kill,
        Timer,
        Fault,
    }
}
