// The load generators of the end-to-end network tests and what their output says: wrk's summary (requests,
// socket errors, non-2xx responses, requests per second, latency percentiles with --latency) and
// redis-benchmark -q's per-test lines ("SET: 1234.56 requests per second[, p50=0.5 msec]"). The parsers are
// checked against captured output below, so a format change fails loudly instead of passing silently.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Kiln.Guest.Tests;

/// <summary>What one wrk run reported.</summary>
public sealed record WrkSummary(long Requests, long SocketErrors, long Non2xx, double RequestsPerSecond, double? P50Ms, double? P99Ms)
{
    private static readonly Regex s_requests = new Regex(@"^\s*(\d+) requests in ", RegexOptions.Multiline);
    private static readonly Regex s_socketErrors = new Regex(
        @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.Multiline);
    private static readonly Regex s_non2xx = new Regex(@"Non-2xx or 3xx responses: (\d+)", RegexOptions.Multiline);
    private static readonly Regex s_rate = new Regex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline);
    private static readonly Regex s_percentile = new Regex(@"^\s+(50|99)(?:\.0+)?%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);

    /// <summary>The summary of wrk's output, or null when it has no "N requests in" and "Requests/sec" lines.</summary>
    public static WrkSummary? Parse(string output)
    {
        Match requests = s_requests.Match(output);
        Match rate = s_rate.Match(output);
        if (!requests.Success || !rate.Success)
        {
            return null;
        }

        Match errors = s_socketErrors.Match(output);
        long socketErrors = errors.Success
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0;
        Match non2xx = s_non2xx.Match(output);
        double? p50 = null, p99 = null;
        foreach (Match m in s_percentile.Matches(output))
        {
            double value = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * m.Groups[3].Value switch
            {
                "us" => 0.001,
                "ms" => 1.0,
                _ => 1000.0,
            };
            if (m.Groups[1].Value == "50")
            {
                p50 = value;
            }
            else
            {
                p99 = value;
            }
        }

        return new WrkSummary(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            socketErrors,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            p50,
            p99);
    }
}

public static class RedisBenchmarkOutput
{
    private static readonly Regex s_line = new Regex(@"^\s*([A-Z][A-Z0-9_ ()]*?): ([0-9.]+) requests per second");

    /// <summary>Requests per second by test name ("SET", "LPUSH", ...) from redis-benchmark -q output.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string output)
    {
        var rates = new Dictionary<string, double>();
        // -q rewrites a progress line with carriage returns before the final figure: each piece is a line.
        foreach (string piece in output.Split('\r', '\n'))
        {
            Match m = s_line.Match(piece);
            if (m.Success)
            {
                rates[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return rates;
    }
}

public sealed class NetworkLoadParserTests
{
    private const string WrkOutput =
        "Running 1s test @ http://127.0.0.1:18080/\n" +
        "  2 threads and 50 connections\n" +
        "  Thread Stats   Avg      Stdev     Max   +/- Stdev\n" +
        "    Latency     1.93ms    2.26ms  21.44ms   89.47%\n" +
        "    Req/Sec    16.24k     4.78k   22.21k    72.73%\n" +
        "  Latency Distribution\n" +
        "     50%    1.29ms\n" +
        "     75%    2.20ms\n" +
        "     90%    4.36ms\n" +
        "     99%   11.53ms\n" +
        "  35582 requests in 1.11s, 3.94MB read\n" +
        "Requests/sec:  32101.49\n" +
        "Transfer/sec:      3.55MB\n";

    [Fact]
    public void Wrk_summary_without_errors()
    {
        WrkSummary? s = WrkSummary.Parse(WrkOutput);
        Assert.NotNull(s);
        Assert.Equal(35582, s.Requests);
        Assert.Equal(0, s.SocketErrors);
        Assert.Equal(0, s.Non2xx);
        Assert.Equal(32101.49, s.RequestsPerSecond, 2);
        Assert.Equal(1.29, s.P50Ms!.Value, 3);
        Assert.Equal(11.53, s.P99Ms!.Value, 3);
    }

    [Fact]
    public void Wrk_summary_counts_socket_errors_and_bad_statuses()
    {
        string output = WrkOutput.Replace("     50%    1.29ms", "     50%  812.00us").Replace("     99%   11.53ms", "     99%    1.20s")
            .Replace("Requests/sec", "  Socket errors: connect 3, read 2, write 0, timeout 7\n  Non-2xx or 3xx responses: 11\nRequests/sec");
        WrkSummary? s = WrkSummary.Parse(output);
        Assert.NotNull(s);
        Assert.Equal(12, s.SocketErrors);
        Assert.Equal(11, s.Non2xx);
        Assert.Equal(0.812, s.P50Ms!.Value, 3);
        Assert.Equal(1200, s.P99Ms!.Value, 3);
    }

    [Fact]
    public void Wrk_output_without_a_summary_is_null()
    {
        Assert.Null(WrkSummary.Parse("unable to connect to 127.0.0.1:8080 Connection refused\n"));
    }

    [Fact]
    public void Redis_benchmark_quiet_lines_with_progress_rewrites()
    {
        string output =
            " \rSET: rps=0.0 (overall: 0.0) avg_msec=-nan (overall: -nan)\r                 \rSET: 52631.58 requests per second, p50=0.575 msec\n" +
            " \rGET: 55555.56 requests per second, p50=0.559 msec\n" +
            "LPUSH: 4000.00 requests per second\n" +
            " \rLPOP: 54054.05 requests per second, p50=0.559 msec\n\n";
        IReadOnlyDictionary<string, double> rates = RedisBenchmarkOutput.Parse(output);
        Assert.Equal(new[] { "GET", "LPOP", "LPUSH", "SET" }, rates.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(52631.58, rates["SET"], 2);
        Assert.Equal(4000.0, rates["LPUSH"], 2);
    }
}
