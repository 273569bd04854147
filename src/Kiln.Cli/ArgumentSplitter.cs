// Splits `kiln run|build [OPTIONS] PROGRAM [ARGS...]` at PROGRAM: everything after it belongs to the program, even tokens
// that look like kiln options (`kiln run ./prog -e x` passes "-e x" to the program). Only the part up to PROGRAM is
// given to System.CommandLine, with "--" put before PROGRAM so a name starting with '-' is still taken as PROGRAM.

using System;
using System.Collections.Generic;

namespace Kiln.Cli
{
    /// <summary>Separates kiln's own arguments from the program's.</summary>
    internal static class ArgumentSplitter
    {
        // Options of `kiln run` that take a value in the next token (the "--opt=value" form is a single token).
        private static readonly string[] s_optionsWithValue = { "-e", "--env", "-m", "--memory", "--accel", "--file", "--dir", "--mapdir", "--config", "--volume", "-o", "--output",
            "-p", "--port", "--udp", "--ip", "--netmask", "--gateway", "--dns" };

        // Options only `kiln run` has: the VM's resources and network wiring belong to a run, not to an image.
        private static readonly string[] s_runOnly = { "-m", "--memory", "--accel", "--verbose", "-p", "--port", "--udp", "--no-network" };

        // Options of `kiln run` that take no value.
        private static readonly string[] s_flags = { "--trace", "--syscall-summary", "--verbose", "--dhcp", "--no-network", "-h", "--help", "-?" };

        /// <summary>Splits <paramref name="args"/>; for anything but `run` everything goes to kiln.</summary>
        /// <param name="args">The command line.</param>
        /// <param name="programArguments">The tokens after PROGRAM (empty if there is none).</param>
        /// <param name="error">An unknown option before PROGRAM, described for the user; null if none.</param>
        /// <returns>The tokens for the parser.</returns>
        public static string[] Split(string[] args, out string[] programArguments, out string? error)
        {
            programArguments = Array.Empty<string>();
            error = null;
            if (args.Length == 0 || (args[0] != "run" && args[0] != "build"))
            {
                return args;
            }

            List<string> kiln = new List<string> { args[0] };
            for (int i = 1; i < args.Length; i++)
            {
                string token = args[i];
                int programIndex = -1;
                if (token == "--")
                {
                    programIndex = i + 1;
                }
                else if (Array.IndexOf(s_optionsWithValue, token) >= 0)
                {
                    if (error == null && args[0] != "run" && Array.IndexOf(s_runOnly, token) >= 0)
                    {
                        error = $"unknown option '{token}' for 'kiln {args[0]}'";
                    }

                    kiln.Add(token);
                    if (i + 1 < args.Length)
                    {
                        kiln.Add(args[++i]);
                    }

                    continue;
                }
                else if (!token.StartsWith('-') || token == "-")
                {
                    programIndex = i;
                }

                if (programIndex < 0)
                {
                    if (error == null && (!IsKnownOption(token) || (args[0] != "run" && Array.IndexOf(s_runOnly, OptionName(token)) >= 0)))
                    {
                        error = $"unknown option '{token}' for 'kiln {args[0]}'";
                    }

                    kiln.Add(token);
                    continue;
                }

                if (programIndex < args.Length)
                {
                    kiln.Add("--");
                    kiln.Add(args[programIndex]);
                    programArguments = args[(programIndex + 1)..];
                }

                break;
            }

            return kiln.ToArray();
        }

        private static string OptionName(string token)
        {
            int equals = token.IndexOf('=');
            return equals > 0 ? token.Substring(0, equals) : token;
        }

        private static bool IsKnownOption(string token)
        {
            int equals = token.IndexOf('=');
            string name = OptionName(token);
            if (Array.IndexOf(s_optionsWithValue, name) >= 0)
            {
                return true;
            }

            return equals < 0 && Array.IndexOf(s_flags, token) >= 0;
        }
    }
}
