// The network records of a manifest (ip, gateway, dns, dhcp) gathered into one value the kernel reads at boot to
// configure its NIC: DHCP, or a static address with its prefix, a gateway and name servers. Read without allocating.
using System;

namespace Kiln.Manifest
{
    /// <summary>How the manifest asks the guest's network to be configured.</summary>
    public struct ManifestNetwork
    {
        /// <summary>Name servers kept: glibc's resolver uses the first three (MAXNS in resolv.h), so do we.</summary>
        public const int MaxNameServers = 3;

        /// <summary>True if <c>dhcp=1</c> (the last <c>dhcp</c> record wins): ask DHCP for the address, gateway and name servers.</summary>
        public bool Dhcp;

        /// <summary>True if the manifest has an <c>ip</c> record.</summary>
        public bool HasAddress;

        /// <summary>The static address (host byte order), valid when <see cref="HasAddress"/>.</summary>
        public uint Address;

        /// <summary>The static address's prefix length (1 to 32), valid when <see cref="HasAddress"/>.</summary>
        public int PrefixLength;

        /// <summary>True if the manifest has a <c>gateway</c> record.</summary>
        public bool HasGateway;

        /// <summary>The default route's next hop (host byte order), valid when <see cref="HasGateway"/>.</summary>
        public uint Gateway;

        /// <summary>How many name servers <see cref="NameServer"/> gives (at most <see cref="MaxNameServers"/>).</summary>
        public int NameServerCount;

        private uint _nameServer0;
        private uint _nameServer1;
        private uint _nameServer2;

        /// <summary>The netmask of the static address (host byte order): /24 is 0xFFFFFF00.</summary>
        public readonly uint Netmask => Ipv4Text.Netmask(PrefixLength);

        /// <summary>The <paramref name="index"/>th name server in manifest order (0 when out of range).</summary>
        public readonly uint NameServer(int index)
        {
            if (index < 0 || index >= NameServerCount)
            {
                return 0;
            }

            return index == 0 ? _nameServer0 : index == 1 ? _nameServer1 : _nameServer2;
        }

        /// <summary>
        /// Reads the network records of <paramref name="manifest"/>; returns the first malformed record's error (the
        /// whole manifest is checked, as <see cref="ManifestReader.Validate"/> does for records) or None.
        /// </summary>
        public static ManifestError Read(ReadOnlySpan<byte> manifest, out ManifestNetwork network)
        {
            network = default;
            ManifestReader reader = new ManifestReader(manifest);
            while (reader.MoveNext(out ManifestRecord record))
            {
                switch (record.Key)
                {
                    case ManifestKey.Dhcp:
                        network.Dhcp = record.Value[0] == (byte)'1';
                        break;
                    case ManifestKey.Ip:
                        network.HasAddress = Ipv4Text.TryParsePrefix(record.Value, out network.Address, out network.PrefixLength);
                        break;
                    case ManifestKey.Gateway:
                        network.HasGateway = Ipv4Text.TryParse(record.Value, out network.Gateway);
                        break;
                    case ManifestKey.Dns:
                        if (network.NameServerCount < MaxNameServers && Ipv4Text.TryParse(record.Value, out uint server))
                        {
                            network.AddNameServer(server);
                        }

                        break;
                }
            }

            return reader.Error;
        }

        private void AddNameServer(uint server)
        {
            if (NameServerCount == 0)
            {
                _nameServer0 = server;
            }
            else if (NameServerCount == 1)
            {
                _nameServer1 = server;
            }
            else
            {
                _nameServer2 = server;
            }

            NameServerCount++;
        }
    }
}
