// The DHCP client state machine (RFC 2131 4.4): DISCOVER, OFFER, REQUEST, ACK or NAK; then BOUND until T1 (renew by
// unicast to the server), T2 (rebind by broadcast) and the end of the lease (start over). Messages are retransmitted
// with exponential backoff (4, 8, 16, 32, 64 s; 4.1), renewals at half the time left, at least 60 s (4.4.5). The lease
// is applied through the stack (address, prefix, gateway); the DNS servers it names are kept for resolv.conf.
#nullable enable
using System;
using Kiln.Net.Stack;

namespace Kiln.Net.Dhcp
{
    public sealed class DhcpClient
    {
        private const long Second = 1_000_000_000;
        private const long FirstRetransmitNs = 4 * Second;
        private const long LastRetransmitNs = 64 * Second;
        private const int RequestAttempts = 4;
        private const long MinimumRenewRetryNs = 60 * Second;
        private const long NakPauseNs = 2 * Second;

        private readonly NetStack _stack;
        private readonly NetInterface _interface;
        private readonly byte[] _message = new byte[DhcpMessage.WriteRoom];
        private uint _transactionId;
        private long _retransmitNs;
        private int _attempts;
        private uint _offeredAddress;
        private long _leaseStartNs;
        private long _renewAtNs;
        private long _rebindAtNs;
        private long _expireAtNs;
        private DhcpMessage _lease;

        public DhcpClient(NetStack stack, NetInterface networkInterface)
        {
            _stack = stack;
            _interface = networkInterface;
        }

        public DhcpState State { get; private set; }

        /// <summary>True while a lease is held (BOUND, RENEWING or REBINDING).</summary>
        public bool IsBound => State == DhcpState.Bound || State == DhcpState.Renewing || State == DhcpState.Rebinding;

        public long NextDeadline { get; private set; } = long.MaxValue;

        public uint Address => IsBound ? _lease.YourAddress : 0;
        public int PrefixLength => IsBound ? PrefixOf(_lease) : 0;
        public uint Router => IsBound ? _lease.Router : 0;
        public uint Server => IsBound ? _lease.ServerIdentifier : 0;
        public uint LeaseSeconds => IsBound ? _lease.LeaseSeconds : 0;
        public int DnsServerCount => IsBound ? _lease.DnsCount : 0;
        public uint GetDnsServer(int index) => IsBound ? _lease.GetDns(index) : 0;

        /// <summary>Leases taken (the first ACK and every renewal).</summary>
        public int Acks { get; private set; }
        public int Naks { get; private set; }

        /// <summary>Begins (or restarts) from INIT: a fresh transaction and a DISCOVER now.</summary>
        public void Start(long nowNs)
        {
            _transactionId = (uint)_stack.Environment.NextRandom();
            State = DhcpState.Selecting;
            _attempts = 0;
            _retransmitNs = FirstRetransmitNs;
            SendDiscover();
            NextDeadline = nowNs + _retransmitNs;
        }

        public void OnTimer(long nowNs)
        {
            switch (State)
            {
                case DhcpState.Selecting:
                    Backoff(nowNs);
                    SendDiscover();
                    break;
                case DhcpState.Requesting:
                    if (++_attempts >= RequestAttempts)
                    {
                        Start(nowNs);
                        return;
                    }

                    Backoff(nowNs);
                    SendRequest(0, true);
                    break;
                case DhcpState.Bound:
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    OnLeaseTimer(nowNs);
                    break;
                default:
                    NextDeadline = long.MaxValue;
                    break;
            }
        }

        /// <summary>A message for port 68 on this interface.</summary>
        public void Receive(ReadOnlySpan<byte> payload, long nowNs)
        {
            if (!DhcpMessage.Parse(payload, out DhcpMessage message) || message.Operation != DhcpMessage.OperationReply
                || message.TransactionId != _transactionId || message.ClientMac != _interface.MacAddress)
            {
                return;
            }

            if (State == DhcpState.Selecting && message.MessageType == DhcpMessageType.Offer && message.YourAddress != 0
                && message.ServerIdentifier != 0)
            {
                _offeredAddress = message.YourAddress;
                _lease.ServerIdentifier = message.ServerIdentifier;
                State = DhcpState.Requesting;
                _attempts = 0;
                _retransmitNs = FirstRetransmitNs;
                SendRequest(0, true);
                NextDeadline = nowNs + _retransmitNs;
                return;
            }

            bool waitingForAck = State == DhcpState.Requesting || State == DhcpState.Renewing || State == DhcpState.Rebinding;
            if (!waitingForAck)
            {
                return;
            }

            if (message.MessageType == DhcpMessageType.Nak)
            {
                Naks++;
                if (IsBound)
                {
                    _stack.DropLease(_interface);
                }

                // Start over after a short pause, so a server that keeps refusing is not asked in a tight loop.
                _transactionId = (uint)_stack.Environment.NextRandom();
                State = DhcpState.Selecting;
                _retransmitNs = NakPauseNs;
                NextDeadline = nowNs + NakPauseNs;
                return;
            }

            if (message.MessageType == DhcpMessageType.Ack && message.YourAddress != 0)
            {
                Bind(message, nowNs);
            }
        }

        private void Bind(in DhcpMessage ack, long nowNs)
        {
            _lease = ack;
            if (_lease.ServerIdentifier == 0)
            {
                _lease.ServerIdentifier = ack.ServerAddress;
            }

            // RFC 2131 4.4.5: T1 defaults to half the lease, T2 to 7/8 of it; an infinite lease never renews.
            long lease = ack.LeaseSeconds == 0 ? 3600 : ack.LeaseSeconds;
            long renew = ack.RenewalSeconds != 0 ? ack.RenewalSeconds : lease / 2;
            long rebind = ack.RebindingSeconds != 0 ? ack.RebindingSeconds : lease * 7 / 8;
            _leaseStartNs = nowNs;
            if (ack.LeaseSeconds == 0xFFFF_FFFF)
            {
                _renewAtNs = _rebindAtNs = _expireAtNs = long.MaxValue;
            }
            else
            {
                _renewAtNs = nowNs + renew * Second;
                _rebindAtNs = nowNs + rebind * Second;
                _expireAtNs = nowNs + lease * Second;
            }

            State = DhcpState.Bound;
            Acks++;
            NextDeadline = _renewAtNs;
            _stack.ApplyLease(_interface, ack.YourAddress, PrefixOf(ack), ack.Router);
        }

        private void OnLeaseTimer(long nowNs)
        {
            if (nowNs >= _expireAtNs)
            {
                _stack.DropLease(_interface);
                Start(nowNs);
                return;
            }

            if (nowNs >= _rebindAtNs)
            {
                State = DhcpState.Rebinding;
                SendRequest(_lease.YourAddress, false);
                NextDeadline = nowNs + Math.Max(MinimumRenewRetryNs, (_expireAtNs - nowNs) / 2);
                NextDeadline = Math.Min(NextDeadline, _expireAtNs);
                return;
            }

            State = DhcpState.Renewing;
            _transactionId = (uint)_stack.Environment.NextRandom();
            SendRequest(_lease.YourAddress, false);
            NextDeadline = Math.Min(nowNs + Math.Max(MinimumRenewRetryNs, (_rebindAtNs - nowNs) / 2), _rebindAtNs);
        }

        private void Backoff(long nowNs)
        {
            _retransmitNs = Math.Min(_retransmitNs * 2, LastRetransmitNs);
            NextDeadline = nowNs + _retransmitNs;
        }

        private void SendDiscover()
        {
            DhcpMessage message = NewMessage(DhcpMessageType.Discover);
            Send(message, 0);
        }

        // From SELECTING: broadcast with the offered address and the chosen server (4.3.2); renewing or rebinding:
        // ciaddr set and neither option, unicast to the server when renewing.
        private void SendRequest(uint clientAddress, bool selecting)
        {
            DhcpMessage message = NewMessage(DhcpMessageType.Request);
            if (selecting)
            {
                message.RequestedAddress = _offeredAddress;
                message.ServerIdentifier = _lease.ServerIdentifier;
                Send(message, 0);
                return;
            }

            message.ClientAddress = clientAddress;
            message.BroadcastFlag = false;
            Send(message, State == DhcpState.Renewing ? _lease.ServerIdentifier : 0);
        }

        private DhcpMessage NewMessage(byte type)
        {
            DhcpMessage message = default;
            message.Operation = DhcpMessage.OperationRequest;
            message.TransactionId = _transactionId;
            message.BroadcastFlag = true;
            message.ClientMac = _interface.MacAddress;
            message.MessageType = type;
            return message;
        }

        private void Send(in DhcpMessage message, uint server)
        {
            int length = message.Write(_message);
            if (length > 0)
            {
                _stack.SendDhcp(_interface, new ReadOnlySpan<byte>(_message, 0, length), server);
            }
        }

        private static int PrefixOf(in DhcpMessage message)
        {
            if (!message.HasSubnetMask)
            {
                // RFC 2132 3.3 leaves the mask to the client; take the classful default.
                uint first = message.YourAddress >> 24;
                return first < 128 ? 8 : first < 192 ? 16 : 24;
            }

            int prefix = 0;
            uint mask = message.SubnetMask;
            while ((mask & 0x8000_0000) != 0)
            {
                prefix++;
                mask <<= 1;
            }

            return prefix;
        }
    }
}
