// ARP (RFC 826) on Ethernet interfaces: answer requests for our addresses, learn senders that talk to us, resolve
// next hops with a small bounded queue of packets per address, ask again every second up to three times and then
// drop what waits (TCP connect then fails by its own timeout). Stale cache entries stay usable and are re-probed.
#nullable enable
using System;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        private const int ArpCacheCapacity = 128;
        private const long ArpReachableNs = 30L * 1_000_000_000;
        private const long ArpStaleNs = 60L * 1_000_000_000;
        private const long ArpIncompleteNs = 3L * 1_000_000_000;
        private const long ArpRetryNs = 1_000_000_000;
        private const int ArpMaximumRequests = 3;
        private const int ArpPendingAddresses = 32;
        // Linux's unres_qlen_bytes: what may wait for one neighbour, counted in bytes, so a fragmented datagram fits.
        private const int ArpPendingBytesPerAddress = 212992;

        private readonly ArpPendingEntry[] _arpPending = NewPendingTable();
        private long _arpNextDeadline = long.MaxValue;
        private readonly byte[] _arpFrame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];

        /// <summary>Packets dropped because their next hop never answered ARP (or its queue overflowed).</summary>
        public long ArpDrops { get; private set; }

        private static ArpPendingEntry[] NewPendingTable()
        {
            var table = new ArpPendingEntry[ArpPendingAddresses];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = new ArpPendingEntry();
            }

            return table;
        }

        private void ReceiveArp(NetInterface networkInterface, ReadOnlySpan<byte> payload)
        {
            if (ArpPacket.Parse(payload, out ArpPacket arp) != NetError.None || networkInterface.Ipv4Address == 0)
            {
                return;
            }

            if (arp.SenderIp == 0 || arp.SenderMac == EthernetFrame.BroadcastMac || (arp.SenderMac & 0x0100_0000_0000) != 0)
            {
                return;
            }

            long now = _environment.NowNanoseconds;
            bool forUs = arp.TargetIp == networkInterface.Ipv4Address;
            ArpCache cache = networkInterface.Arp!;

            // RFC 826 "merge": refresh a sender we already know; learn it when the packet is for us.
            if (forUs || cache.Lookup(arp.SenderIp, now, out _) != ArpEntryState.None)
            {
                if (arp.SenderIp != networkInterface.Ipv4Address)
                {
                    cache.Insert(arp.SenderIp, arp.SenderMac, now);
                    FlushPending(networkInterface, arp.SenderIp, arp.SenderMac);
                }
            }

            if (forUs && arp.Operation == ArpPacket.OperationRequest)
            {
                SendArp(networkInterface, ArpPacket.OperationReply, networkInterface.Ipv4Address, arp.SenderMac, arp.SenderIp, arp.SenderMac);
            }
        }

        internal void SendArp(NetInterface networkInterface, ushort operation, uint senderIp, ulong targetMac, uint targetIp, ulong frameDestination)
        {
            ArpPacket arp = default;
            arp.Operation = operation;
            arp.SenderMac = networkInterface.MacAddress;
            arp.SenderIp = senderIp;
            arp.TargetMac = targetMac;
            arp.TargetIp = targetIp;
            arp.Write(new Span<byte>(_arpFrame, EthernetFrame.HeaderLength, ArpPacket.Length));
            TransmitFrame(networkInterface, new Span<byte>(_arpFrame), frameDestination, EtherType.Arp);
        }

        // True with the MAC when the cache knows the neighbour; a stale entry is used and probed again at most once a second.
        private bool ResolveNeighbour(NetInterface networkInterface, uint address, out ulong mac)
        {
            long now = _environment.NowNanoseconds;
            ArpEntryState state = networkInterface.Arp!.Lookup(address, now, out mac);
            if (state == ArpEntryState.Reachable)
            {
                return true;
            }

            if (state == ArpEntryState.Stale)
            {
                if (now - networkInterface.LastStaleProbeNs >= ArpRetryNs)
                {
                    networkInterface.LastStaleProbeNs = now;
                    SendArp(networkInterface, ArpPacket.OperationRequest, networkInterface.Ipv4Address, 0, address, EthernetFrame.BroadcastMac);
                }

                return true;
            }

            return false;
        }

        private void QueueForArp(NetInterface networkInterface, uint address, ReadOnlySpan<byte> frame)
        {
            long now = _environment.NowNanoseconds;
            ArpPendingEntry? entry = FindPending(networkInterface, address);
            if (entry == null)
            {
                entry = ClaimPendingEntry(now);
                entry.Interface = networkInterface;
                entry.Address = address;
                entry.CreatedNs = now;
                entry.RequestsSent = 1;
                entry.NextRequestNs = now + ArpRetryNs;
                _arpNextDeadline = Math.Min(_arpNextDeadline, entry.NextRequestNs);
                networkInterface.Arp!.MarkIncomplete(address, now);
                SendArp(networkInterface, ArpPacket.OperationRequest, networkInterface.Ipv4Address, 0, address, EthernetFrame.BroadcastMac);
            }

            while (entry.Head != null && entry.Bytes + frame.Length > ArpPendingBytesPerAddress)
            {
                PacketBuffer oldest = entry.Head;
                entry.Head = oldest.Next;
                entry.Count--;
                entry.Bytes -= oldest.Length;
                _pool.Return(oldest);
                ArpDrops++;
            }

            PacketBuffer? buffer = _pool.Rent(frame.Length);
            if (buffer == null)
            {
                ArpDrops++;
                return;
            }

            frame.CopyTo(new Span<byte>(buffer.Data, 0, frame.Length));
            if (entry.Head == null)
            {
                entry.Head = buffer;
            }
            else
            {
                entry.Tail!.Next = buffer;
            }

            entry.Tail = buffer;
            entry.Count++;
            entry.Bytes += buffer.Length;
        }

        private ArpPendingEntry? FindPending(NetInterface networkInterface, uint address)
        {
            for (int i = 0; i < _arpPending.Length; i++)
            {
                ArpPendingEntry entry = _arpPending[i];
                if (entry.Interface == networkInterface && entry.Address == address)
                {
                    return entry;
                }
            }

            return null;
        }

        // A free entry, else the oldest one, whose packets are dropped.
        private ArpPendingEntry ClaimPendingEntry(long now)
        {
            ArpPendingEntry oldest = _arpPending[0];
            for (int i = 0; i < _arpPending.Length; i++)
            {
                ArpPendingEntry entry = _arpPending[i];
                if (!entry.InUse)
                {
                    return entry;
                }

                if (entry.CreatedNs < oldest.CreatedNs)
                {
                    oldest = entry;
                }
            }

            DropPending(oldest);
            return oldest;
        }

        private void DropPending(ArpPendingEntry entry)
        {
            ArpDrops += entry.Count;
            _pool.ReturnChain(entry.Head);
            entry.Head = null;
            entry.Tail = null;
            entry.Count = 0;
            entry.Bytes = 0;
            entry.Interface = null;
        }

        private void FlushPending(NetInterface networkInterface, uint address, ulong mac)
        {
            ArpPendingEntry? entry = FindPending(networkInterface, address);
            if (entry == null)
            {
                return;
            }

            PacketBuffer? buffer = entry.Head;
            entry.Head = null;
            entry.Tail = null;
            entry.Count = 0;
            entry.Bytes = 0;
            entry.Interface = null;
            while (buffer != null)
            {
                PacketBuffer? next = buffer.Next;
                TransmitFrame(networkInterface, new Span<byte>(buffer.Data, 0, buffer.Length), mac, EtherType.Ipv4);
                _pool.Return(buffer);
                buffer = next;
            }
        }

        private void RunArpTimers(long now)
        {
            if (now < _arpNextDeadline)
            {
                return;
            }

            long next = long.MaxValue;
            for (int i = 0; i < _arpPending.Length; i++)
            {
                ArpPendingEntry entry = _arpPending[i];
                if (!entry.InUse)
                {
                    continue;
                }

                if (entry.NextRequestNs <= now)
                {
                    if (entry.RequestsSent >= ArpMaximumRequests)
                    {
                        NetInterface networkInterface = entry.Interface!;
                        uint address = entry.Address;
                        networkInterface.Arp!.Remove(address);
                        DropPending(entry);
                        ReportNeighbourUnreachable(address);
                        continue;
                    }

                    entry.RequestsSent++;
                    entry.NextRequestNs = now + ArpRetryNs;
                    entry.Interface!.Arp!.MarkIncomplete(entry.Address, now);
                    SendArp(entry.Interface, ArpPacket.OperationRequest, entry.Interface.Ipv4Address, 0, entry.Address, EthernetFrame.BroadcastMac);
                }

                next = Math.Min(next, entry.NextRequestNs);
            }

            _arpNextDeadline = next;
        }
    }
}
