// The DHCP client states of RFC 2131 figure 5 that Kiln uses (no INIT-REBOOT: a unikernel boots without a lease).
namespace Kiln.Net.Dhcp
{
    public enum DhcpState
    {
        Stopped,
        Selecting,
        Requesting,
        Bound,
        Renewing,
        Rebinding,
    }
}
