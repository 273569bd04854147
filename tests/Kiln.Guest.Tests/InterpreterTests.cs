// End-to-end tests with unmodified Debian interpreters from the host's /usr/bin: python3, perl and node run the same
// code natively and through `kiln run` (which finds their libraries, extension modules and standard library by
// itself: no --file, no --dir), and stdout and the exit status must match. Always /usr/bin/python3, never `python3`
// from PATH, which may be a pyenv shim. Each case boots one VM; python's start-up is about 3 s under TCG.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class InterpreterTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string Perl = "/usr/bin/perl";
    private const string Node = "/usr/bin/node";

    private static readonly IReadOnlyDictionary<string, string> s_noEnv = new Dictionary<string, string>();

    // Per test case (xunit makes an instance per case): KILN_HOME for volumes, and the native stand-in for a volume.
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"kiln-interpreters-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private static string FilesScript => Path.Combine(RepoPaths.GuestSources, "python", "files.py");

    public static IEnumerable<object[]> PythonSnippets() => new[]
    {
        new object[]
        {
            "json",
            "import json; d = json.loads('{\"b\": [1, 2.5, null, true], \"a\": \"\\\\u00e9t\\\\u00e9\"}'); " +
            "print(json.dumps(d, sort_keys=True)); print(json.dumps(d, ensure_ascii=False, indent=1)); " +
            "print(sum(x for x in d['b'] if isinstance(x, (int, float)) and x is not True))",
        },
        new object[]
        {
            "hashlib",
            "import hashlib; data = b'The quick brown fox jumps over the lazy dog'; " +
            "print(hashlib.sha256(data).hexdigest()); print(hashlib.md5(data).hexdigest()); " +
            "print(hashlib.sha256(b'').hexdigest()); print(hashlib.sha1(data * 1000).hexdigest()); " +
            "print(hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 1000).hex())",
        },
        new object[]
        {
            "sqlite3",
            "import sqlite3; c = sqlite3.connect(':memory:'); " +
            "c.execute('create table t (name text primary key, n integer)'); " +
            "c.executemany('insert into t values (?, ?)', [('w%03d' % i, i * i) for i in range(500)]); " +
            "print(c.execute('select count(*), sum(n), max(name) from t where n % 7 = 1').fetchone()); " +
            "print(c.execute('select name from t order by n desc limit 3').fetchall()); " +
            "print(sqlite3.sqlite_version_info >= (3, 0, 0))",
        },
        new object[]
        {
            "ssl",
            "import ssl; print(ssl.OPENSSL_VERSION); ctx = ssl.create_default_context(); " +
            "print(ctx.verify_mode == ssl.CERT_REQUIRED, ctx.check_hostname); " +
            "s = ctx.cert_store_stats(); print(s); print(s['x509_ca'] > 0)",
        },
    };

    [Theory]
    [MemberData(nameof(PythonSnippets))]
    public async Task Python_imports_behave_as_on_linux(string module, string code)
    {
        Assert.False(string.IsNullOrEmpty(module));
        await CompareAsync(Python, new[] { "-c", code });
    }

    [Fact]
    public async Task Python_script_works_on_files_under_tmp()
    {
        ProcessResult kiln = await CompareAsync(Python, new[] { FilesScript, "/tmp" });
        Assert.Contains("removed False", kiln.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_script_keeps_files_on_a_volume_between_runs()
    {
        // Natively a host directory stands in for the volume; in Kiln the volume lives in KILN_HOME and is mounted on
        // /data by both runs, so the second finds only what the first left on the disk.
        string nativeBase = Path.Combine(_scratch, "native-data");
        Directory.CreateDirectory(nativeBase);
        var kilnHome = new Dictionary<string, string> { ["KILN_HOME"] = Path.Combine(_scratch, "home") };
        string[] volume = { "--verbose", "--volume", "pyfiles:/data:16M" };

        ProcessResult first = await CompareAsync(Python, new[] { FilesScript, nativeBase, "leave" },
            new[] { FilesScript, "/data", "leave" }, volume, kilnHome);
        Assert.Contains("kilnfs: mounted \"pyfiles\"", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("left notes 1250", first.StdoutText, StringComparison.Ordinal);

        ProcessResult second = await CompareAsync(Python, new[] { FilesScript, nativeBase, "find" },
            new[] { FilesScript, "/data", "find" }, volume, kilnHome);
        Assert.Contains("found 50 lines: written by the first run", second.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Perl_one_liner_with_modules_behaves_as_on_linux()
    {
        string code =
            "use strict; use warnings; use List::Util qw(sum max first reduce); use POSIX qw(floor ceil fmod strtol); " +
            "use Data::Dumper; use Digest::MD5 qw(md5_hex); $Data::Dumper::Sortkeys = 1; $Data::Dumper::Indent = 1; " +
            "my %count; $count{$_}++ for split /\\W+/, lc 'The cat and the hat and THE bat'; " +
            "print Dumper(\\%count); " +
            "print join(',', sum(1..100), max(3, 17, 5), first { $_ > 40 } (10, 41, 99)), \"\\n\"; " +
            "print join(',', floor(-2.5), ceil(2.1), fmod(10, 3), (strtol('ff', 16))[0]), \"\\n\"; " +
            "my $f = reduce { $a * $b } 1..10; print \"10! = $f\\n\"; " +
            "if ('2024-06-30 kiln v1.2.3' =~ /^(\\d{4})-(\\d\\d)-(\\d\\d)\\s+(\\w+)\\s+v([\\d.]+)$/) " +
            "{ print \"year=$1 month=$2 day=$3 name=$4 version=$5\\n\" } " +
            "(my $s = 'hello world') =~ s/(\\w+)/\\u$1/g; print \"$s\\n\"; " +
            "print md5_hex('kiln'), \"\\n\"; printf \"%.3f %s\\n\", POSIX::DBL_EPSILON() * 1e16, POSIX::INT_MAX;";
        await CompareAsync(Perl, new[] { "-e", code });
    }

    [Fact]
    public async Task Perl_one_liner_nobody_wrote_for_the_suite_reads_stdin()
    {
        // Abigail's prime-number regex, a well-known one-liner ("Perl One-Liners Explained"), over 1..60 on stdin,
        // then perlrun's -a/-F field splitting summing a column.
        string numbers = string.Join("\n", System.Linq.Enumerable.Range(1, 60)) + "\n";
        await CompareAsync(Perl, new[] { "-lne", "(1x$_) !~ /^1?$|^(11+?)\\1+$/ && print \"$_ is prime\"" }, stdin: numbers);
        await CompareAsync(Perl, new[] { "-F:", "-lane", "$t += $F[2]; END { print \"total $t\" }" },
            stdin: "root:x:0:0\nkiln:x:1000:1000\nnobody:x:65534:65534\n");
    }

    [Fact]
    public async Task Node_uses_crypto_fs_and_json_as_on_linux()
    {
        Assert.True(File.Exists(Node), $"{Node} is not installed: apt-get install nodejs (./setup.sh does)");
        string code =
            "const crypto = require('crypto'), fs = require('fs'), os = require('os'), path = require('path'); " +
            "const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-node-')); " +
            "const file = path.join(dir, 'data.json'); " +
            "fs.writeFileSync(file, JSON.stringify({ items: [3, 1, 2], name: 'kiln', nested: { ok: true } })); " +
            "const back = JSON.parse(fs.readFileSync(file, 'utf8')); " +
            "console.log(JSON.stringify(back.items.sort()), back.name, back.nested.ok, fs.statSync(file).size); " +
            "fs.renameSync(file, file + '.old'); console.log(JSON.stringify(fs.readdirSync(dir))); " +
            "console.log(crypto.createHash('sha256').update('The quick brown fox').digest('hex')); " +
            "console.log(crypto.createHash('md5').update('kiln').digest('hex')); " +
            "console.log(crypto.createHmac('sha1', 'key').update('message').digest('base64')); " +
            "console.log(crypto.randomBytes(16).length, typeof crypto.randomUUID()); " +
            "fs.rmSync(dir, { recursive: true }); console.log(fs.existsSync(dir)); process.exitCode = 3;";
        ProcessResult kiln = await CompareAsync(Node, new[] { "-e", code });
        Assert.Equal(3, kiln.ExitCode);
    }

    private static Task<ProcessResult> CompareAsync(string program, IReadOnlyList<string> args, string stdin = "") =>
        CompareAsync(program, args, args, Array.Empty<string>(), null, stdin);

    /// <summary>
    /// Runs <paramref name="program"/> natively with <paramref name="nativeArgs"/> and in Kiln with
    /// <paramref name="kilnArgs"/> (both with an empty environment), asserts that stdout and the exit status match and
    /// that the program's stderr lines reach kiln's stderr, and returns the Kiln run.
    /// </summary>
    private static async Task<ProcessResult> CompareAsync(string program, IReadOnlyList<string> nativeArgs,
        IReadOnlyList<string> kilnArgs, IReadOnlyList<string> kilnOptions, IReadOnlyDictionary<string, string>? hostEnv,
        string stdin = "")
    {
        Assert.True(File.Exists(program), $"{program} is not installed on this host (./setup.sh installs it)");
        KilnRunner.AssertPrerequisites();
        var nativeCase = new GuestCase(program, program, nativeArgs, s_noEnv, stdin, 0, null);
        var kilnCase = nativeCase with { Args = kilnArgs };

        ProcessResult native = await NativeRunner.RunAsync(program, nativeCase);
        ProcessResult kiln = await KilnRunner.RunAsync(program, kilnCase, kilnOptions, hostEnv);

        string context = $"native:\n{native.Describe()}kiln:\n{kiln.Describe()}";
        Assert.False(native.TimedOut, $"the program did not finish natively\n{context}");
        Assert.False(kiln.TimedOut, $"kiln run did not finish within {KilnRunner.Timeout.TotalSeconds} s\n{context}");
        Assert.True(native.Stdout.AsSpan().SequenceEqual(kiln.Stdout),
            "stdout differs between Linux and Kiln: " + Differential.FirstDifference(native.Stdout, kiln.Stdout) + "\n" + context);
        Assert.True(native.ExitCode == kiln.ExitCode,
            $"exit code differs: Linux {native.ExitCode}, Kiln {kiln.ExitCode}\n{context}");
        Assert.True(native.Stdout.Length > 0, $"the program printed nothing natively\n{context}");
        string? missing = Differential.MissingStderrLine(native.Stderr, kiln.Stderr);
        Assert.True(missing == null, $"the program's stderr line [{missing}] is not on kiln's stderr\n{context}");
        return kiln;
    }
}
