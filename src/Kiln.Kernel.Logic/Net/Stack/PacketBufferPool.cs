// Pooled packet buffers in power-of-two size classes (256 bytes to 64 KiB plus headers), so memory held follows the
// bytes queued rather than a fixed amount per socket. Freed buffers stay in the pool for reuse (the kernel never
// collects garbage), and a cap on the bytes handed out bounds what hostile traffic can pin: Rent returns null past it.
#nullable enable

namespace Kiln.Net.Stack
{
    public sealed class PacketBufferPool
    {
        private const int SmallestShift = 8;
        private const int ClassCount = 9;

        /// <summary>The largest buffer: a 64 KiB IPv4 datagram with room for link and IPv4 headers.</summary>
        public const int LargestCapacity = (1 << (SmallestShift + ClassCount - 1)) + 128;

        private readonly PacketBuffer?[] _free = new PacketBuffer?[ClassCount];
        private readonly long _byteLimit;

        public PacketBufferPool(long byteLimit)
        {
            _byteLimit = byteLimit;
        }

        /// <summary>Buffers ever created (flat once the load is steady).</summary>
        public int Created { get; private set; }

        /// <summary>Buffers handed out and not yet returned.</summary>
        public int Outstanding { get; private set; }

        /// <summary>Capacity of the buffers handed out and not yet returned.</summary>
        public long OutstandingBytes { get; private set; }

        /// <summary>A buffer of at least <paramref name="length"/> bytes with Length set to it, or null when the
        /// length is too large or the pool is at its limit.</summary>
        public PacketBuffer? Rent(int length)
        {
            int sizeClass = ClassFor(length);
            if (sizeClass < 0)
            {
                return null;
            }

            int capacity = CapacityOf(sizeClass);
            if (OutstandingBytes + capacity > _byteLimit)
            {
                return null;
            }

            PacketBuffer? buffer = _free[sizeClass];
            if (buffer != null)
            {
                _free[sizeClass] = buffer.Next;
            }
            else
            {
                buffer = new PacketBuffer(capacity, sizeClass);
                Created++;
            }

            buffer.Next = null;
            buffer.Length = length;
            buffer.Address = 0;
            buffer.Port = 0;
            buffer.Offset = 0;
            Outstanding++;
            OutstandingBytes += capacity;
            return buffer;
        }

        public void Return(PacketBuffer buffer)
        {
            Outstanding--;
            OutstandingBytes -= buffer.Capacity;
            buffer.Next = _free[buffer.SizeClass];
            _free[buffer.SizeClass] = buffer;
        }

        /// <summary>Returns a whole chain linked through Next.</summary>
        public void ReturnChain(PacketBuffer? head)
        {
            while (head != null)
            {
                PacketBuffer? next = head.Next;
                Return(head);
                head = next;
            }
        }

        private static int CapacityOf(int sizeClass) =>
            sizeClass == ClassCount - 1 ? LargestCapacity : 1 << (SmallestShift + sizeClass);

        private static int ClassFor(int length)
        {
            if (length < 0 || length > LargestCapacity)
            {
                return -1;
            }

            for (int sizeClass = 0; sizeClass < ClassCount; sizeClass++)
            {
                if (length <= CapacityOf(sizeClass))
                {
                    return sizeClass;
                }
            }

            return -1;
        }
    }
}
