// An IPv4 address and port, both in host byte order, as sockets and the stack pass them around. Address 0 is
// INADDR_ANY and port 0 means "not chosen yet". IPv6 will get its own endpoint type beside this one.
namespace Kiln.Net
{
    public struct Ipv4Endpoint
    {
        public uint Address;
        public ushort Port;

        public Ipv4Endpoint(uint address, ushort port)
        {
            Address = address;
            Port = port;
        }
    }
}
