// struct epoll_event as x86-64 lays it out: packed, 12 bytes (include/uapi/linux/eventpoll.h, EPOLL_PACKED).
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct EpollEvent
    {
        public const int Size = 12;

        [FieldOffset(0)]
        public uint Events;

        [FieldOffset(4)]
        public ulong Data;
    }
}
