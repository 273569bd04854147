// Ethernet II headers and ARP packets (RFC 826): parsing known bytes, building, and rejecting malformed input.

using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class EthernetArpTests
    {
        // A broadcast ARP request from 52:54:00:12:34:56 (10.0.2.15) asking who has 10.0.2.2, padded to 60 bytes.
        private static readonly byte[] s_request = Convert.FromHexString(
            "ffffffffffff525400123456" + "0806" +
            "0001080006040001" + "525400123456" + "0a00020f" + "000000000000" + "0a000202" +
            "000000000000000000000000000000000000");

        [Fact]
        public void ParsesAnEthernetHeader()
        {
            Assert.Equal(NetError.None, EthernetFrame.Parse(s_request, out EthernetFrame frame));
            Assert.Equal(EthernetFrame.BroadcastMac, frame.Destination);
            Assert.Equal(0x5254_0012_3456UL, frame.Source);
            Assert.Equal(EtherType.Arp, frame.EtherType);
            Assert.Equal(NetError.TooShort, EthernetFrame.Parse(new byte[13], out _));
        }

        [Fact]
        public void ParsesAnArpRequestAndBuildsTheReply()
        {
            Assert.Equal(NetError.None, ArpPacket.Parse(s_request.AsSpan(EthernetFrame.HeaderLength), out ArpPacket request));
            Assert.Equal(ArpPacket.OperationRequest, request.Operation);
            Assert.Equal(0x5254_0012_3456UL, request.SenderMac);
            Assert.Equal(0x0A00_020FU, request.SenderIp);
            Assert.Equal(0x0A00_0202U, request.TargetIp);

            ArpPacket reply = ArpPacket.ReplyTo(request, 0x5255_0A00_0202);
            byte[] bytes = new byte[ArpPacket.Length];
            Assert.Equal(ArpPacket.Length, reply.Write(bytes));
            Assert.Equal("0001080006040002" + "52550a000202" + "0a000202" + "525400123456" + "0a00020f", Convert.ToHexString(bytes).ToLowerInvariant());
        }

        [Fact]
        public void BuildsARequestThatRoundTrips()
        {
            byte[] frame = new byte[60];
            var ethernet = new EthernetFrame { Destination = EthernetFrame.BroadcastMac, Source = 0x5254_0012_3456, EtherType = EtherType.Arp };
            Assert.Equal(14, ethernet.Write(frame));
            Assert.Equal(28, ArpPacket.Request(0x5254_0012_3456, 0x0A00_020F, 0x0A00_0202).Write(frame.AsSpan(14)));
            Assert.Equal(s_request, frame);
        }

        [Fact]
        public void RejectsMalformedArp()
        {
            byte[] arp = s_request.AsSpan(14, 28).ToArray();
            Assert.Equal(NetError.TooShort, ArpPacket.Parse(arp.AsSpan(0, 27), out _));
            arp[7] = 3;
            Assert.Equal(NetError.BadOperation, ArpPacket.Parse(arp, out _));
            arp[7] = 1;
            arp[4] = 8;
            Assert.Equal(NetError.UnsupportedAddressFormat, ArpPacket.Parse(arp, out _));
            arp[4] = 6;
            arp[3] = 0xDD;
            Assert.Equal(NetError.UnsupportedAddressFormat, ArpPacket.Parse(arp, out _));
        }

        [Fact]
        public void BuildersRefuseSmallBuffers()
        {
            Assert.Equal(0, new EthernetFrame().Write(new byte[13]));
            Assert.Equal(0, new ArpPacket().Write(new byte[27]));
        }
    }
}
