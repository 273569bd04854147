// IPv4 fragment reassembly (RFC 791 3.2, RFC 815) with bounded memory: at most a fixed number of datagrams in
// progress (a new one evicts the oldest) and a cap on the bytes held, each datagram given up 30 seconds after its
// first fragment (Linux's ipfrag_time). Fragments may come in any order; an exact duplicate is ignored, and a partial
// overlap drops the whole datagram, as Linux does since 4.19 (overlaps only come from attacks such as Teardrop).
#nullable enable
using System;

namespace Kiln.Net.Stack
{
    public sealed class Ipv4Reassembler
    {
        public const long TimeoutNs = 30L * 1_000_000_000;

        // The largest payload a datagram can carry: total length 65,535 less the 20-byte header we rebuild.
        private const int MaximumPayload = 65535 - Ipv4Header.MinimumLength;

        private readonly PacketBufferPool _pool;
        private readonly ReassemblyEntry[] _entries;
        private readonly int _byteLimit;
        private int _heldBytes;

        public Ipv4Reassembler(PacketBufferPool pool, int maximumDatagrams, int byteLimit)
        {
            _pool = pool;
            _byteLimit = byteLimit;
            _entries = new ReassemblyEntry[maximumDatagrams];
            for (int i = 0; i < _entries.Length; i++)
            {
                _entries[i] = new ReassemblyEntry();
            }
        }

        /// <summary>Datagrams with fragments held.</summary>
        public int InProgress
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _entries.Length; i++)
                {
                    if (_entries[i].InUse)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        public int HeldBytes => _heldBytes;

        /// <summary>Datagrams given up: timed out, evicted, overlapping or inconsistent.</summary>
        public long Dropped { get; private set; }

        public long NextDeadline
        {
            get
            {
                long deadline = long.MaxValue;
                for (int i = 0; i < _entries.Length; i++)
                {
                    if (_entries[i].InUse)
                    {
                        deadline = Math.Min(deadline, _entries[i].DeadlineNs);
                    }
                }

                return deadline;
            }
        }

        /// <summary>Takes one fragment (<paramref name="packet"/> is the whole IPv4 packet). Returns the reassembled
        /// datagram (a fresh 20-byte header, then the payload) in a buffer the caller returns to the pool, or null.</summary>
        public PacketBuffer? Add(in Ipv4Header header, ReadOnlySpan<byte> packet, long nowNs)
        {
            ReadOnlySpan<byte> payload = packet.Slice(header.HeaderLength, header.PayloadLength);
            int start = header.FragmentOffset * 8;
            int end = start + payload.Length;
            if (payload.Length == 0 || end > MaximumPayload || (header.MoreFragments && (payload.Length & 7) != 0))
            {
                return null;
            }

            ReassemblyEntry entry = FindOrClaim(header, nowNs);
            if (!header.MoreFragments)
            {
                if ((entry.TotalLength >= 0 && entry.TotalLength != end) || LastEnd(entry) > end)
                {
                    Discard(entry);
                    return null;
                }

                entry.TotalLength = end;
            }
            else if (entry.TotalLength >= 0 && end > entry.TotalLength)
            {
                Discard(entry);
                return null;
            }

            // Find where it goes: after the last fragment that starts before it.
            PacketBuffer? previous = null;
            PacketBuffer? next = entry.Fragments;
            while (next != null && next.Offset < start)
            {
                previous = next;
                next = next.Next;
            }

            if (next != null && next.Offset == start && next.Length == payload.Length)
            {
                return null;
            }

            if ((previous != null && previous.Offset + previous.Length > start) || (next != null && next.Offset < end))
            {
                Discard(entry);
                return null;
            }

            while (_heldBytes + payload.Length > _byteLimit && EvictOldest(entry))
            {
            }

            PacketBuffer? fragment = _heldBytes + payload.Length <= _byteLimit ? _pool.Rent(payload.Length) : null;
            if (fragment == null)
            {
                Discard(entry);
                return null;
            }

            payload.CopyTo(new Span<byte>(fragment.Data, 0, payload.Length));
            fragment.Offset = start;
            fragment.Next = next;
            if (previous == null)
            {
                entry.Fragments = fragment;
            }
            else
            {
                previous.Next = fragment;
            }

            entry.ReceivedBytes += payload.Length;
            entry.HeldBytes += fragment.Capacity;
            _heldBytes += fragment.Capacity;
            if (entry.TotalLength < 0 || entry.ReceivedBytes != entry.TotalLength)
            {
                return null;
            }

            return Assemble(entry, header);
        }

        /// <summary>Drops every datagram whose 30 seconds are up.</summary>
        public void Expire(long nowNs)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].InUse && _entries[i].DeadlineNs <= nowNs)
                {
                    Discard(_entries[i]);
                }
            }
        }

        private PacketBuffer? Assemble(ReassemblyEntry entry, in Ipv4Header last)
        {
            int total = Ipv4Header.MinimumLength + entry.TotalLength;
            PacketBuffer? whole = _pool.Rent(total);
            if (whole != null)
            {
                Ipv4Header header = default;
                header.TotalLength = (ushort)total;
                header.Identification = entry.Identification;
                header.TimeToLive = last.TimeToLive;
                header.Protocol = entry.Protocol;
                header.Source = entry.Source;
                header.Destination = entry.Destination;
                header.TypeOfService = last.TypeOfService;
                header.Write(new Span<byte>(whole.Data, 0, Ipv4Header.MinimumLength));
                for (PacketBuffer? fragment = entry.Fragments; fragment != null; fragment = fragment.Next)
                {
                    new ReadOnlySpan<byte>(fragment.Data, 0, fragment.Length)
                        .CopyTo(new Span<byte>(whole.Data, Ipv4Header.MinimumLength + fragment.Offset, fragment.Length));
                }
            }

            Release(entry);
            return whole;
        }

        private ReassemblyEntry FindOrClaim(in Ipv4Header header, long nowNs)
        {
            ReassemblyEntry? free = null;
            ReassemblyEntry oldest = _entries[0];
            for (int i = 0; i < _entries.Length; i++)
            {
                ReassemblyEntry entry = _entries[i];
                if (!entry.InUse)
                {
                    free ??= entry;
                    continue;
                }

                if (entry.Identification == header.Identification && entry.Source == header.Source
                    && entry.Destination == header.Destination && entry.Protocol == header.Protocol)
                {
                    return entry;
                }

                if (!oldest.InUse || entry.DeadlineNs < oldest.DeadlineNs)
                {
                    oldest = entry;
                }
            }

            if (free == null)
            {
                Discard(oldest);
                free = oldest;
            }

            free.InUse = true;
            free.Source = header.Source;
            free.Destination = header.Destination;
            free.Identification = header.Identification;
            free.Protocol = header.Protocol;
            free.DeadlineNs = nowNs + TimeoutNs;
            free.TotalLength = -1;
            free.ReceivedBytes = 0;
            free.HeldBytes = 0;
            free.Fragments = null;
            return free;
        }

        private static int LastEnd(ReassemblyEntry entry)
        {
            int end = 0;
            for (PacketBuffer? fragment = entry.Fragments; fragment != null; fragment = fragment.Next)
            {
                end = fragment.Offset + fragment.Length;
            }

            return end;
        }

        // Drops the datagram with the earliest deadline other than keep; false when there is none.
        private bool EvictOldest(ReassemblyEntry keep)
        {
            ReassemblyEntry? oldest = null;
            for (int i = 0; i < _entries.Length; i++)
            {
                ReassemblyEntry entry = _entries[i];
                if (entry.InUse && entry != keep && (oldest == null || entry.DeadlineNs < oldest.DeadlineNs))
                {
                    oldest = entry;
                }
            }

            if (oldest == null)
            {
                return false;
            }

            Discard(oldest);
            return true;
        }

        private void Discard(ReassemblyEntry entry)
        {
            Dropped++;
            Release(entry);
        }

        private void Release(ReassemblyEntry entry)
        {
            _pool.ReturnChain(entry.Fragments);
            _heldBytes -= entry.HeldBytes;
            entry.Fragments = null;
            entry.HeldBytes = 0;
            entry.InUse = false;
        }
    }
}
