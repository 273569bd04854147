// Which member of siginfo_t's union Linux reads for a signal, chosen from its number and si_code
// (enum siginfo_layout in include/linux/signal.h): signalfd copies only that member's fields.
namespace Kiln.Linux
{
    public enum SiginfoLayout
    {
        Kill,
        Timer,
        Poll,
        Fault,
        Child,
        RealTime,
        Sys,
    }
}
