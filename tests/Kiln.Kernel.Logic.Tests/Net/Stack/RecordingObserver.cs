// A SocketObserver for host tests: counts the notifications and keeps the last poll bits.
using Kiln.Net.Sockets;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class RecordingObserver : SocketObserver
    {
        public int Calls;
        public uint Last;

        public override void OnSocketEvents(uint pollEvents)
        {
            Calls++;
            Last = pollEvents;
        }
    }
}
