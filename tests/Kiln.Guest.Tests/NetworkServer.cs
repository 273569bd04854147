// A server program running for the length of one end-to-end network test: natively on the host, or in Kiln through
// `kiln run --accel tcg -p PORT` (QEMU user networking forwarding host 127.0.0.1:PORT to the guest's PORT). The
// test picks a free host port, starts the server, waits until a probe of its own (an HTTP GET, a redis PING) gets
// an answer, talks to it, and either asks it to exit (to read its exit status and kiln.stats output) or kills it.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

/// <summary>Where a network test runs its server.</summary>
public enum ServerHost
{
    /// <summary>Directly on the host: checks the test and the program themselves.</summary>
    Native,

    /// <summary>In a Kiln VM under TCG, the port forwarded by <c>kiln run -p</c>.</summary>
    Kiln,
}

internal sealed class NetworkServer : IAsyncDisposable
{
    /// <summary>Boot, program start-up and the first answer under TCG (python3 alone takes seconds to start).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new StringBuilder();
    private readonly StringBuilder _stderr = new StringBuilder();
    private readonly bool _holdsVmSlot;
    private bool _released;

    private NetworkServer(Process process, string commandLine, int port, ServerHost host, bool holdsVmSlot)
    {
        _process = process;
        CommandLine = commandLine;
        Port = port;
        Host = host;
        _holdsVmSlot = holdsVmSlot;
    }

    public string CommandLine { get; }

    public int Port { get; }

    public ServerHost Host { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>A port nothing on the host listens on now (the kernel's pick for a socket bound to port 0).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/>; in Kiln with <c>-p port</c> and
    /// <paramref name="kilnArgs"/> before the program, and <paramref name="hostEnv"/> in kiln's environment.
    /// </summary>
    public static async Task<NetworkServer> StartAsync(ServerHost host, int port, string program, IEnumerable<string> args,
        IEnumerable<string>? kilnArgs = null, IReadOnlyDictionary<string, string>? hostEnv = null)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        if (host == ServerHost.Kiln)
        {
            KilnRunner.AssertPrerequisites();
            psi.FileName = RepoPaths.KilnLauncher;
            foreach (string arg in new[] { "run", "--accel", "tcg", "-p", port.ToString() }
                .Concat(kilnArgs ?? Array.Empty<string>()).Append(program))
            {
                psi.ArgumentList.Add(arg);
            }
        }
        else
        {
            psi.FileName = program;
        }

        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (KeyValuePair<string, string> pair in hostEnv ?? new Dictionary<string, string>())
        {
            psi.Environment[pair.Key] = pair.Value;
        }

        bool slot = host == ServerHost.Kiln;
        if (slot)
        {
            await KilnRunner.s_vmSlots.WaitAsync();
        }

        var process = new Process { StartInfo = psi };
        var server = new NetworkServer(process, ProcessResult.Quote(new[] { psi.FileName }.Concat(psi.ArgumentList)), port, host, slot);
        process.OutputDataReceived += (_, e) => server.Append(server._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(server._stderr, e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            server.ReleaseSlot();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Calls <paramref name="probe"/> until it returns true; fails the test if the server exits or the time runs out.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> probe, string what)
    {
        var clock = Stopwatch.StartNew();
        string lastError = "";
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the server exited (status {_process.ExitCode}) before {what}\n{Describe()}");
            }

            try
            {
                if (await probe())
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or System.IO.IOException or HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                lastError = e.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"no {what} within {StartTimeout.TotalSeconds} s (last probe error: {lastError})\n{Describe()}");
    }

    /// <summary>Waits for the server to exit by itself; returns its exit status, or fails the test.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server did not exit within {timeout.TotalSeconds} s\n{Describe()}");
        }

        // The asynchronous readers may still hold the last lines.
        _process.WaitForExit();
        ReleaseSlot();
        return _process.ExitCode;
    }

    public string Describe(int tailLines = 40)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"  command: {CommandLine}");
        sb.AppendLine(_process.HasExited ? $"  exit code: {_process.ExitCode}" : "  still running");
        foreach ((string name, string text) in new[] { ("stdout", Stdout), ("stderr", Stderr) })
        {
            string[] lines = text.Split('\n');
            int first = Math.Max(0, lines.Length - tailLines);
            sb.AppendLine(first == 0 ? $"  {name}:" : $"  {name} (last {tailLines} lines):");
            for (int i = first; i < lines.Length; i++)
            {
                sb.Append("    | ").AppendLine(lines[i]);
            }
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        ReleaseSlot();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }

    private void ReleaseSlot()
    {
        if (_holdsVmSlot && !_released)
        {
            _released = true;
            KilnRunner.s_vmSlots.Release();
        }
    }
}
