// The receive queue of an AF_UNIX socket: messages in arrival order and the count of unread bytes in them.
namespace Kiln.Kernel.Sockets
{
    internal sealed class UnixMessageQueue
    {
        private UnixMessage _head;
        private UnixMessage _tail;

        /// <summary>Unread bytes queued.</summary>
        public int Bytes { get; private set; }

        public int Count { get; private set; }

        public bool IsEmpty => _head == null;

        public UnixMessage Head => _head;

        public void Enqueue(UnixMessage message)
        {
            message.Next = null;
            if (_tail == null)
            {
                _head = message;
            }
            else
            {
                _tail.Next = message;
            }

            _tail = message;
            Bytes += message.Unread;
            Count++;
        }

        /// <summary>Records that <paramref name="bytes"/> of the head message were read.</summary>
        public void Consumed(int bytes)
        {
            _head.Offset += bytes;
            Bytes -= bytes;
        }

        /// <summary>Takes the head message off the queue (its unread bytes leave the count); the caller frees it.</summary>
        public UnixMessage Dequeue()
        {
            UnixMessage message = _head;
            _head = message.Next;
            if (_head == null)
            {
                _tail = null;
            }

            Bytes -= message.Unread;
            Count--;
            message.Next = null;
            return message;
        }

        /// <summary>Frees every queued message (a socket closing: passed descriptors are dropped).</summary>
        public void Purge()
        {
            while (_head != null)
            {
                Dequeue().Free();
            }
        }
    }
}
