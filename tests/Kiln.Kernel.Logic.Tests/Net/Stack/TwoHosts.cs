// Two NetStacks on one simulated Ethernet segment: A is 10.0.0.1/24 and B 10.0.0.2/24, with a probe station at
// 10.0.0.9 that tests drive by hand (raw frames in, every frame it hears recorded).
using System.Collections.Generic;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class TwoHosts
    {
        public const uint AddressA = 0x0A00_0001;
        public const uint AddressB = 0x0A00_0002;
        public const uint ProbeAddress = 0x0A00_0009;
        public const ulong MacA = 0x0200_0000_0001;
        public const ulong MacB = 0x0200_0000_0002;
        public const ulong ProbeMac = 0x0200_0000_0009;

        public readonly SimulatedClock Clock = new SimulatedClock();
        public readonly SimulatedWire Wire;
        public readonly NetStack A;
        public readonly NetStack B;
        public readonly SimulatedWire.Station StationA;
        public readonly SimulatedWire.Station StationB;
        public readonly SimulatedWire.Station Probe;
        public readonly List<byte[]> ProbeHeard = new List<byte[]>();

        public TwoHosts(int seed = 1, bool configure = true)
        {
            Wire = new SimulatedWire(Clock, seed);
            A = new NetStack(new SimulatedEnvironment(Clock, seed * 3 + 1));
            B = new NetStack(new SimulatedEnvironment(Clock, seed * 3 + 2));
            StationA = Wire.Attach(A, MacA);
            StationB = Wire.Attach(B, MacB);
            Probe = Wire.AttachRaw(ProbeMac, frame => ProbeHeard.Add(frame));
            if (configure)
            {
                A.SetAddress(StationA.Interface!, AddressA, 24);
                B.SetAddress(StationB.Interface!, AddressB, 24);
                Wire.Run(10_000_000);
                ProbeHeard.Clear();
            }
        }

        public NetInterface InterfaceA => StationA.Interface!;
        public NetInterface InterfaceB => StationB.Interface!;

        /// <summary>Sends a raw frame from the probe.</summary>
        public void ProbeSend(byte[] frame) => Probe.Transmit(frame);
    }
}
