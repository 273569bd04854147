// One unit queued on an AF_UNIX socket: a datagram or record whole, or a piece of a byte stream, with the sender's
// name (for recvfrom on datagram sockets) and the descriptors passed with it (SCM_RIGHTS). The bytes live in a kernel
// heap block of the message's size, so a queue holds memory in proportion to what is queued; the objects are pooled.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe class UnixMessage
    {
        /// <summary>The largest piece of a byte stream in one message: one page with the heap's header.</summary>
        public const int StreamPiece = 4096 - 16;

        private static UnixMessage s_pool;

        public UnixMessage Next;
        public byte* Data;
        public int Capacity;

        /// <summary>Bytes in Data; Offset of them were already read (byte streams read messages in parts).</summary>
        public int Length;
        public int Offset;

        /// <summary>The sender's bound name (for datagrams), as UnixSocketAddress encodes names.</summary>
        public readonly byte[] SenderName = new byte[Kiln.Net.Addresses.UnixSocketAddress.PathCapacity];
        public int SenderNameLength;
        public bool SenderAbstract;

        /// <summary>Files passed with SCM_RIGHTS (one reference each, given to the receiver or dropped).</summary>
        public OpenFile[] Rights;
        public int RightsCount;

        public int Unread => Length - Offset;

        /// <summary>A message able to hold <paramref name="capacity"/> bytes, or null when the heap is exhausted.</summary>
        public static UnixMessage Create(int capacity)
        {
            byte* data = null;
            if (capacity > 0)
            {
                data = (byte*)KernelHeap.TryAllocate((nuint)capacity);
                if (data == null)
                {
                    return null;
                }
            }

            UnixMessage message = s_pool;
            if (message != null)
            {
                s_pool = message.Next;
            }
            else
            {
                message = new UnixMessage();
            }

            message.Next = null;
            message.Data = data;
            message.Capacity = capacity;
            message.Length = 0;
            message.Offset = 0;
            message.SenderNameLength = 0;
            message.SenderAbstract = false;
            message.RightsCount = 0;
            return message;
        }

        /// <summary>Attaches <paramref name="file"/> (taking over one reference).</summary>
        public void AddRight(OpenFile file)
        {
            if (Rights == null)
            {
                Rights = new OpenFile[SocketAbi.SCM_MAX_FD];
            }

            Rights[RightsCount++] = file;
        }

        /// <summary>Drops the files still attached, frees the bytes and returns the message to the pool.</summary>
        public void Free()
        {
            for (int i = 0; i < RightsCount; i++)
            {
                Rights[i].Drop();
                Rights[i] = null;
            }

            RightsCount = 0;
            KernelHeap.Free(Data, (nuint)Capacity);
            Data = null;
            Capacity = 0;
            Next = s_pool;
            s_pool = this;
        }
    }
}
