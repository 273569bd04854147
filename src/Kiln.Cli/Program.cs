// Entry point of the kiln tool: splits the program's arguments off, parses kiln's own with System.CommandLine,
// and reports parse errors in kiln's format ("kiln: error: ...", exit code 2).

using System;
using System.CommandLine;

namespace Kiln.Cli
{
    /// <summary>The kiln executable.</summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            string[] kilnArguments = ArgumentSplitter.Split(args, out string[] programArguments, out string? splitError);
            if (splitError != null)
            {
                return CliErrors.ReportUsage(Console.Error, splitError);
            }

            KilnCommandLine commandLine = new KilnCommandLine(
                settings => RunCommand.Execute(settings, Console.Error),
                (settings, output) => RunCommand.Execute(settings, Console.Error, output),
                programArguments);
            ParseResult result = commandLine.Root.Parse(kilnArguments);
            if (result.UnmatchedTokens.Count > 0)
            {
                string token = result.UnmatchedTokens[0];
                string message = token.StartsWith('-') ? $"unknown option '{token}'"
                    : result.CommandResult.Command == commandLine.Root ? $"unknown command '{token}'"
                    : $"unexpected argument '{token}'";
                return CliErrors.ReportUsage(Console.Error, message);
            }

            if (args.Length == 0)
            {
                return CliErrors.ReportUsage(Console.Error, "no command given; to run a program: kiln run PROGRAM [ARGS...]");
            }

            string command = result.CommandResult.Command.Name;
            if (result.Errors.Count > 0 && (command == "run" || command == "build") &&
                !Array.Exists(kilnArguments, token => token == "--"))
            {
                return CliErrors.ReportUsage(Console.Error, $"missing PROGRAM: kiln {command} [OPTIONS] PROGRAM [ARGS...]");
            }

            if (result.Errors.Count > 0)
            {
                return CliErrors.ReportUsage(Console.Error, Describe(result.Errors[0].Message));
            }

            return result.Invoke();
        }

        // System.CommandLine's messages are sentences ending in '.'; kiln's error lines do not end in one.
        private static string Describe(string message)
        {
            string text = message.TrimEnd('.');
            return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text.Substring(1) : text;
        }
    }
}
