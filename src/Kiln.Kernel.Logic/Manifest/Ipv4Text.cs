// IPv4 addresses as the manifest writes them: strict dotted quads "A.B.C.D" (four decimal numbers 0-255, no leading
// zeros, which inet_aton would read as octal) and "A.B.C.D/PREFIX" with a prefix length of 1 to 32. Addresses come out
// in host byte order, as the network stack keeps them (10.0.2.15 is 0x0A00020F).
using System;

namespace Kiln.Manifest
{
    /// <summary>Parses the IPv4 values of the <c>ip</c>, <c>gateway</c> and <c>dns</c> records.</summary>
    public static class Ipv4Text
    {
        /// <summary>True with the address when <paramref name="text"/> is exactly a dotted quad.</summary>
        public static bool TryParse(ReadOnlySpan<byte> text, out uint address)
        {
            address = 0;
            int position = 0;
            for (int part = 0; part < 4; part++)
            {
                if (part > 0)
                {
                    if (position >= text.Length || text[position] != (byte)'.')
                    {
                        return false;
                    }

                    position++;
                }

                int start = position;
                uint value = 0;
                while (position < text.Length && position - start < 4 && text[position] >= (byte)'0' && text[position] <= (byte)'9')
                {
                    value = value * 10 + (uint)(text[position] - (byte)'0');
                    position++;
                }

                int digits = position - start;
                if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[start] == (byte)'0'))
                {
                    return false;
                }

                address = (address << 8) | value;
            }

            return position == text.Length;
        }

        /// <summary>True with the address and prefix length when <paramref name="text"/> is "A.B.C.D/PREFIX", PREFIX 1 to 32.</summary>
        public static bool TryParsePrefix(ReadOnlySpan<byte> text, out uint address, out int prefixLength)
        {
            address = 0;
            prefixLength = 0;
            int slash = ManifestKeys.IndexOf(text, (byte)'/');
            if (slash < 0 || !TryParse(text.Slice(0, slash), out address))
            {
                return false;
            }

            ReadOnlySpan<byte> prefix = text.Slice(slash + 1);
            if (prefix.Length == 0 || prefix.Length > 2 || (prefix.Length == 2 && prefix[0] == (byte)'0'))
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (prefix[i] < (byte)'0' || prefix[i] > (byte)'9')
                {
                    return false;
                }

                prefixLength = prefixLength * 10 + (prefix[i] - (byte)'0');
            }

            return prefixLength >= 1 && prefixLength <= 32;
        }

        /// <summary>The netmask of a prefix length (0 to 32), in host byte order: 24 gives 0xFFFFFF00.</summary>
        public static uint Netmask(int prefixLength)
        {
            // A shift by 32 is a shift by 0 in C#, so /0 is spelled out.
            return prefixLength <= 0 ? 0u : prefixLength >= 32 ? 0xFFFFFFFFu : 0xFFFFFFFFu << (32 - prefixLength);
        }
    }
}
