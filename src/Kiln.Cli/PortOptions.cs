// -p/--port and --udp (and the config's RunConfig.Ports and RunConfig.UDPPorts): PORT or FIRST-LAST, each port of a
// range forwarded on its own, host 127.0.0.1:PORT to the guest's PORT. Ports are 1 to 65535; a port given twice for the
// same protocol (in any two values, ranges included) is an error naming both.

using System.Collections.Generic;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>Parses and checks forwarded ports.</summary>
    internal static class PortOptions
    {
        /// <summary>The highest port.</summary>
        public const int MaxPort = 65535;

        /// <summary>The forwards of <paramref name="values"/> in order, or null with the first error.</summary>
        public static List<PortForward>? Collect(ForwardProtocol protocol, IEnumerable<OptionValue> values, out OptionError? error)
        {
            error = null;
            List<PortForward> forwards = new List<PortForward>();
            Dictionary<int, OptionValue> owners = new Dictionary<int, OptionValue>();
            foreach (OptionValue value in values)
            {
                if (!TryParseRange(value.Value, out int first, out int last, out string reason))
                {
                    error = OptionError.About(value, reason);
                    return null;
                }

                for (int port = first; port <= last; port++)
                {
                    if (owners.TryGetValue(port, out OptionValue? owner))
                    {
                        error = OptionError.About(value, $"port {port} is already forwarded by {owner.Quoted}");
                        return null;
                    }

                    owners[port] = value;
                    forwards.Add(new PortForward(protocol, port, value.Quoted));
                }
            }

            return forwards;
        }

        /// <summary>Parses PORT or FIRST-LAST.</summary>
        public static bool TryParseRange(string text, out int first, out int last, out string reason)
        {
            reason = "";
            int dash = text.IndexOf('-');
            string firstText = dash < 0 ? text : text.Substring(0, dash);
            string lastText = dash < 0 ? text : text.Substring(dash + 1);
            if (!TryParseNumber(firstText, out first) || !TryParseNumber(lastText, out last))
            {
                first = last = 0;
                reason = "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010";
                return false;
            }

            if (first < 1 || last < 1 || first > MaxPort || last > MaxPort)
            {
                reason = $"ports are 1 to {MaxPort}";
                return false;
            }

            if (first > last)
            {
                reason = "the range's first port is above its last";
                return false;
            }

            return true;
        }

        // Decimal digits only (no sign, no spaces), at most six so that 100000 still reads as "out of range".
        private static bool TryParseNumber(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 6)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = value * 10 + (c - '0');
            }

            return true;
        }
    }
}
