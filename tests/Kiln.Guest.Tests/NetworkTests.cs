// End-to-end network tests with unmodified servers: the Go net/http server (tests/guest/go/gohttp) under wrk,
// Debian's redis-server under redis-benchmark and redis-cli, python3 -m http.server serving a file, a Go client in
// Kiln fetching from a server on the host (10.0.2.2 under QEMU user networking), 1,000 connections held open at
// once, and the kernel heap flat across many connections opened and closed. The server cases also run natively,
// which checks the tests themselves; in Kiln the server's port is forwarded with `kiln run -p PORT`. Each case is
// bounded to seconds of load (plus the boot) under TCG.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class NetworkTests : IDisposable
{
    private const string Wrk = "/usr/bin/wrk";
    private const string RedisServer = "/usr/bin/redis-server";
    private const string RedisCli = "/usr/bin/redis-cli";
    private const string RedisBenchmark = "/usr/bin/redis-benchmark";
    private const string Python = "/usr/bin/python3";

    /// <summary>Room for kernel allocations that depend on history (a grown table, a pool's high-water mark).</summary>
    private const long HeapSlack = 256 * 1024;

    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(120);

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"kiln-network-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private static string GoHttp => RepoPaths.Program(LibcVariant.Go, "gohttp");

    private static string GoFetch => RepoPaths.Program(LibcVariant.Go, "gofetch");

    [Theory]
    [InlineData(ServerHost.Native)]
    [InlineData(ServerHost.Kiln)]
    public async Task Go_http_server_answers_wrk_with_only_200s_and_no_socket_errors(ServerHost host)
    {
        RequireTool(Wrk, "wrk");
        await using NetworkServer server = await StartGoHttpAsync(host);
        ProcessResult wrk = await RunToolAsync(Wrk, "-t2", "-c50", "-d3s", "--latency", $"http://127.0.0.1:{server.Port}/");
        WrkSummary? summary = WrkSummary.Parse(wrk.StdoutText);
        string context = $"wrk:\n{wrk.StdoutText}{wrk.Describe()}server:\n{server.Describe()}";
        Assert.True(summary != null, "wrk printed no summary\n" + context);
        Assert.True(summary.Requests > 0, "wrk completed no request\n" + context);
        Assert.True(summary.SocketErrors == 0, $"{summary.SocketErrors} socket errors\n" + context);
        Assert.True(summary.Non2xx == 0, $"{summary.Non2xx} responses were not 2xx/3xx\n" + context);

        // The server counted at least every request wrk completed, and is still healthy afterwards.
        using HttpClient http = Client();
        string count = await http.GetStringAsync($"http://127.0.0.1:{server.Port}/count");
        Assert.True(long.Parse(count.Trim(), CultureInfo.InvariantCulture) > summary.Requests,
            $"the server counted {count.Trim()} requests, wrk completed {summary.Requests}\n" + context);
        await QuitGoHttpAsync(server, http);
    }

    [Theory]
    [InlineData(ServerHost.Native)]
    [InlineData(ServerHost.Kiln)]
    public async Task Redis_server_answers_redis_benchmark_and_redis_cli_with_correct_values(ServerHost host)
    {
        RequireTool(RedisServer, "redis-server");
        RequireTool(RedisCli, "redis-tools");
        int port = NetworkServer.FreePort();
        // Protected mode refuses clients from other hosts without a password; QEMU's forwarded connections come
        // from 10.0.2.2.
        await using NetworkServer server = await NetworkServer.StartAsync(host, port, RedisServer, new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--daemonize", "no",
        });
        string p = port.ToString(CultureInfo.InvariantCulture);
        await server.WaitUntilAsync(async () => (await RunToolAsync(RedisCli, "-p", p, "PING")).StdoutText.Trim() == "PONG",
            "PONG from redis-cli PING");

        async Task<string> Cli(params string[] command) =>
            (await RunToolAsync(RedisCli, new[] { "-p", p }.Concat(command).ToArray())).StdoutText.Trim();

        Assert.Equal("OK", await Cli("SET", "greeting", "hello from kiln"));
        Assert.Equal("hello from kiln", await Cli("GET", "greeting"));
        Assert.Equal("1", await Cli("INCR", "visits"));
        Assert.Equal("2", await Cli("INCR", "visits"));
        Assert.Equal("12", await Cli("INCRBY", "visits", "10"));
        Assert.Equal("3", await Cli("LPUSH", "letters", "a", "b", "c"));
        Assert.Equal("c", await Cli("LPOP", "letters"));
        Assert.Equal("b\na", await Cli("LRANGE", "letters", "0", "-1"));
        string big = new string('x', 100_000);
        Assert.Equal("OK", await Cli("SET", "big", big));
        Assert.Equal("100000", await Cli("STRLEN", "big"));

        const int requests = 2000;
        ProcessResult bench = await RunToolAsync(RedisBenchmark, "-q", "-p", p, "-n", requests.ToString(CultureInfo.InvariantCulture),
            "-c", "50", "-t", "set,get,incr,lpush,lpop");
        IReadOnlyDictionary<string, double> rates = RedisBenchmarkOutput.Parse(bench.StdoutText);
        string context = $"redis-benchmark:\n{bench.StdoutText}{bench.Describe()}server:\n{server.Describe()}";
        Assert.True(bench.ExitCode == 0, "redis-benchmark failed\n" + context);
        foreach (string test in new[] { "SET", "GET", "INCR", "LPUSH", "LPOP" })
        {
            Assert.True(rates.TryGetValue(test, out double rate) && rate > 0, $"no {test} figure\n" + context);
        }

        // Every INCR landed once, every LPUSH was popped again, SET stored its 3-byte value.
        Assert.Equal(requests.ToString(CultureInfo.InvariantCulture), await Cli("GET", "counter:__rand_int__"));
        Assert.Equal("0", await Cli("LLEN", "mylist"));
        Assert.Equal("3", await Cli("STRLEN", "key:__rand_int__"));
        Assert.Equal("12", await Cli("GET", "visits"));

        await Cli("SHUTDOWN", "NOSAVE");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(ServerHost.Native)]
    [InlineData(ServerHost.Kiln)]
    public async Task Python_http_server_serves_a_file_byte_for_byte(ServerHost host)
    {
        RequireTool(Python, "python3");
        string site = Path.Combine(_scratch, "site");
        Directory.CreateDirectory(site);
        byte[] content = new byte[300_000];
        new Random(5).NextBytes(content);
        File.WriteAllBytes(Path.Combine(site, "data.bin"), content);
        File.WriteAllText(Path.Combine(site, "index.txt"), "served by python3 -m http.server\n");

        int port = NetworkServer.FreePort();
        string p = port.ToString(CultureInfo.InvariantCulture);
        await using NetworkServer server = await NetworkServer.StartAsync(host, port, Python,
            new[] { "-m", "http.server", p, "--bind", "0.0.0.0", "--directory", site },
            kilnArgs: new[] { "--dir", site });
        using HttpClient http = Client();
        await server.WaitUntilAsync(async () =>
            await http.GetStringAsync($"http://127.0.0.1:{port}/index.txt") == "served by python3 -m http.server\n",
            "the index file over HTTP");

        for (int round = 0; round < 3; round++)
        {
            byte[] fetched = await http.GetByteArrayAsync($"http://127.0.0.1:{port}/data.bin");
            Assert.True(fetched.AsSpan().SequenceEqual(content),
                $"round {round}: {fetched.Length} bytes back, {content.Length} served, " +
                $"SHA-256 {Convert.ToHexString(SHA256.HashData(fetched))} vs {Convert.ToHexString(SHA256.HashData(content))}\n{server.Describe()}");
        }

        using HttpResponseMessage missing = await http.GetAsync($"http://127.0.0.1:{port}/no-such-file");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Go_program_in_kiln_fetches_a_page_from_a_server_on_the_host()
    {
        await GuestBuild.EnsureBuiltAsync();
        KilnRunner.AssertPrerequisites();
        byte[] page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"line {i} of the host's page\n")));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        int served = 0;
        Task serving = ServeOnePageAsync(listener, page, () => Interlocked.Increment(ref served), stop.Token);
        try
        {
            // QEMU user networking: the guest reaches the host's 127.0.0.1 as 10.0.2.2.
            ProcessResult kiln = await KilnRunner.RunAsync(GoFetch,
                new GuestCase("gofetch", "gofetch", new[] { $"http://10.0.2.2:{port}/page" }, new Dictionary<string, string>(), "", 0, null));
            string expected = $"status: 200 OK\nlength: {page.Length}\nsha256: {Convert.ToHexString(SHA256.HashData(page)).ToLowerInvariant()}\n";
            Assert.True(kiln.StdoutText == expected && kiln.ExitCode == 0,
                $"expected:\n{expected}got:\n{kiln.StdoutText}{kiln.Describe()}");
            Assert.Equal(1, served);
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            await Task.WhenAny(serving, Task.Delay(1000));
        }
    }

    [Theory]
    [InlineData(ServerHost.Native)]
    [InlineData(ServerHost.Kiln)]
    public async Task A_thousand_connections_are_held_open_at_once_then_all_answered(ServerHost host)
    {
        const int connections = 1000;
        await using NetworkServer server = await StartGoHttpAsync(host);
        var clients = new List<TcpClient>();
        try
        {
            // Open them all first, then ask on every one: each request has its own connection, all open together.
            for (int i = 0; i < connections; i++)
            {
                var client = new TcpClient { NoDelay = true };
                clients.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, server.Port);
            }

            for (int round = 0; round < 2; round++)
            {
                int answered = 0;
                var failures = new List<string>();
                await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = 64 },
                    async (i, _) =>
                    {
                        string? problem = await AskAsync(clients[i], $"/bytes?n={i % 7 * 100}", i % 7 * 100);
                        if (problem == null)
                        {
                            Interlocked.Increment(ref answered);
                        }
                        else
                        {
                            lock (failures)
                            {
                                failures.Add($"connection {i}: {problem}");
                            }
                        }
                    });
                Assert.True(answered == connections,
                    $"round {round}: {answered} of {connections} connections answered; first failures:\n  " +
                    string.Join("\n  ", failures.Take(5)) + "\n" + server.Describe());
            }
        }
        finally
        {
            foreach (TcpClient client in clients)
            {
                client.Dispose();
            }
        }

        using HttpClient http = Client();
        await QuitGoHttpAsync(server, http);
    }

    [Fact]
    public async Task Kernel_heap_is_flat_across_connections_opened_and_closed()
    {
        // tests/net-soak.sh sets a far larger count (100,000 by default).
        int count = Environment.GetEnvironmentVariable("KILN_NET_SOAK_CONNECTIONS") is { Length: > 0 } soak
            ? int.Parse(soak, CultureInfo.InvariantCulture)
            : 1000;
        long few = await HeapAfterConnectionsAsync(100);
        long many = await HeapAfterConnectionsAsync(count);
        Assert.True(many - few <= HeapSlack,
            $"the kernel heap grew by {many - few} bytes between 100 and {count:N0} connections opened and closed " +
            $"({few} -> {many} bytes in use at exit; allowed slack {HeapSlack}): closing a connection does not free " +
            "everything opening it allocated");
    }

    /// <summary>
    /// Boots gohttp in Kiln with kiln.stats=1, opens and closes <paramref name="connections"/> connections (one
    /// request each, eight at a time), asks it to quit and returns the kernel heap figure printed at exit.
    /// </summary>
    internal static async Task<long> HeapAfterConnectionsAsync(int connections)
    {
        await using NetworkServer server = await StartGoHttpAsync(ServerHost.Kiln,
            new Dictionary<string, string> { ["KILN_KERNEL_CMDLINE"] = "kiln.stats=1" });
        int failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) =>
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(IPAddress.Loopback, server.Port);
                if (await AskAsync(client, "/", -1) != null)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        Assert.True(failed == 0, $"{failed} of {connections} requests failed\n{server.Describe()}");
        using HttpClient http = Client();
        await QuitGoHttpAsync(server, http);
        long? heap = KernelMemoryTests.HeapInUse(server.Stderr);
        Assert.True(heap.HasValue, $"no kernel heap line with kiln.stats=1\n{server.Describe()}");
        return heap.Value;
    }

    private static async Task<NetworkServer> StartGoHttpAsync(ServerHost host, IReadOnlyDictionary<string, string>? hostEnv = null)
    {
        await GuestBuild.EnsureBuiltAsync();
        Assert.True(File.Exists(GoHttp), $"{GoHttp} was not built: {LibcVariant.Go.ToolchainHint()}");
        int port = NetworkServer.FreePort();
        NetworkServer server = await NetworkServer.StartAsync(host, port, GoHttp,
            new[] { port.ToString(CultureInfo.InvariantCulture) }, hostEnv: hostEnv);
        try
        {
            using HttpClient http = Client();
            await server.WaitUntilAsync(async () => await http.GetStringAsync($"http://127.0.0.1:{port}/") == "Hello, World!\n",
                "\"Hello, World!\" over HTTP");
            return server;
        }
        catch
        {
            // Nobody else will: the VM slot and the process go with it.
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task QuitGoHttpAsync(NetworkServer server, HttpClient http)
    {
        Assert.Equal("bye\n", await http.GetStringAsync($"http://127.0.0.1:{server.Port}/quit"));
        int status = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(status == 0, $"gohttp exited with {status}\n{server.Describe()}");
        Assert.Contains("gohttp: served ", server.Stdout);
    }

    /// <summary>
    /// One keep-alive GET on an open connection; null when a 200 came back with a body of
    /// <paramref name="expectedLength"/> bytes (any length when negative), else what went wrong.
    /// </summary>
    private static async Task<string?> AskAsync(TcpClient client, string path, int expectedLength)
    {
        try
        {
            NetworkStream stream = client.GetStream();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            byte[] request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: kiln\r\n\r\n");
            await stream.WriteAsync(request, cancel.Token);
            var received = new MemoryStream();
            byte[] buffer = new byte[8192];
            while (true)
            {
                string text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
                int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headerEnd >= 0)
                {
                    string headers = text[..headerEnd];
                    if (!headers.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
                    {
                        return "status line " + headers.Split("\r\n")[0];
                    }

                    string? lengthLine = headers.Split("\r\n")
                        .FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    if (lengthLine == null)
                    {
                        return "no Content-Length";
                    }

                    int length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    if (received.Length >= headerEnd + 4 + length)
                    {
                        return expectedLength < 0 || length == expectedLength ? null : $"body of {length} bytes";
                    }
                }

                int n = await stream.ReadAsync(buffer, cancel.Token);
                if (n == 0)
                {
                    return $"connection closed after {received.Length} bytes";
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static async Task ServeOnePageAsync(TcpListener listener, byte[] page, Action counted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using TcpClient client = await listener.AcceptTcpClientAsync(stop);
            NetworkStream stream = client.GetStream();
            var request = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int n = await stream.ReadAsync(buffer, stop);
                if (n == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            bool wanted = request.ToString().StartsWith("GET /page ", StringComparison.Ordinal);
            byte[] body = wanted ? page : Encoding.ASCII.GetBytes("not here\n");
            string head = $"HTTP/1.1 {(wanted ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\n" +
                "Content-Type: text/plain\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
            await stream.WriteAsync(body, stop);
            if (wanted)
            {
                counted();
            }
        }
    }

    private static HttpClient Client() => new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    private static void RequireTool(string path, string package) =>
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install {package}");

    private static Task<ProcessResult> RunToolAsync(string tool, params string[] args) =>
        ProcessRunner.RunAsync(tool, args, new Dictionary<string, string>(), replaceEnv: false, "", s_toolTimeout, RepoPaths.Root);
}
