// Counts of socket options a program set that Kiln stores but does not act on, and of options it does not know at
// all (answered ENOPROTOOPT): the honest record of what the socket layer leaves out, shown with kiln.stats=1.
namespace Kiln.Kernel.Sockets
{
    internal static class SocketOptionStatistics
    {
        /// <summary>setsockopt calls for options accepted and stored but not modelled (SO_PRIORITY, SO_TIMESTAMP ...).</summary>
        public static long Unmodelled;

        /// <summary>setsockopt and getsockopt calls answered ENOPROTOOPT.</summary>
        public static long Unknown;
    }
}
