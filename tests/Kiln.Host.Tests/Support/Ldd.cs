// Runs the host's ldd on a program and parses what it prints: "name => path (addr)", "name => not found", and the
// interpreter's "path (addr)" line. linux-vdso.so.1 (no file) is left out.

using System;
using System.Collections.Generic;

namespace Kiln.Host.Tests.Support
{
    internal sealed class Ldd
    {
        private Ldd()
        {
        }

        /// <summary>Names ldd resolved, each to its path.</summary>
        public Dictionary<string, string> Found { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Names ldd reported "not found".</summary>
        public HashSet<string> NotFound { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The interpreter line's path, or null.</summary>
        public string? Interpreter { get; private set; }

        public static Ldd Run(string program, IDictionary<string, string>? environment = null)
        {
            (int _, string stdout, string _) = Tool.Run("ldd", new[] { program }, environment: environment);
            Ldd result = new Ldd();
            foreach (string raw in stdout.Split('\n'))
            {
                string line = raw.Trim();
                int arrow = line.IndexOf(" => ", StringComparison.Ordinal);
                if (arrow > 0)
                {
                    string name = line.Substring(0, arrow);
                    string rest = line.Substring(arrow + 4);
                    if (rest.StartsWith("not found", StringComparison.Ordinal))
                    {
                        result.NotFound.Add(name);
                    }
                    else
                    {
                        result.Found[name] = rest.Substring(0, rest.LastIndexOf(" (", StringComparison.Ordinal));
                    }
                }
                else if (line.StartsWith('/'))
                {
                    result.Interpreter = line.Substring(0, line.LastIndexOf(" (", StringComparison.Ordinal));
                }
            }

            return result;
        }
    }
}
