// What the program learns of its forwarded ports: PORT, the first forwarded TCP port (the variable Heroku-style and
// ops-built servers read to choose where to listen), and KILN_PORTS and KILN_UDP_PORTS, every forwarded TCP and UDP port
// comma-separated in the order given. A variable the user set (--env, the config's Env) is left as the user set it;
// nothing is added when no port is forwarded.

using System;
using System.Collections.Generic;
using System.Linq;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>Adds the port variables to the program's environment.</summary>
    internal static class PortEnvironment
    {
        /// <summary>The first forwarded TCP port.</summary>
        public const string PortVariable = "PORT";

        /// <summary>Every forwarded TCP port.</summary>
        public const string TcpPortsVariable = "KILN_PORTS";

        /// <summary>Every forwarded UDP port.</summary>
        public const string UdpPortsVariable = "KILN_UDP_PORTS";

        /// <summary><paramref name="environment"/> with the variables of <paramref name="forwards"/> appended where unset.</summary>
        public static IReadOnlyList<string> Add(IReadOnlyList<string> environment, IReadOnlyList<PortForward> forwards)
        {
            List<int> tcp = forwards.Where(forward => forward.Protocol == ForwardProtocol.Tcp).Select(forward => forward.Port).ToList();
            List<int> udp = forwards.Where(forward => forward.Protocol == ForwardProtocol.Udp).Select(forward => forward.Port).ToList();
            HashSet<string> set = new HashSet<string>(environment.Select(entry => entry.Substring(0, Math.Max(entry.IndexOf('='), 0))), StringComparer.Ordinal);
            List<string> result = new List<string>(environment);
            void AddUnset(string name, List<int> ports, bool firstOnly)
            {
                if (ports.Count > 0 && !set.Contains(name))
                {
                    result.Add($"{name}={(firstOnly ? ports[0].ToString() : string.Join(',', ports))}");
                }
            }

            AddUnset(PortVariable, tcp, firstOnly: true);
            AddUnset(TcpPortsVariable, tcp, firstOnly: false);
            AddUnset(UdpPortsVariable, udp, firstOnly: false);
            return result;
        }
    }
}
