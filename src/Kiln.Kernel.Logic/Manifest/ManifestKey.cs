// The keys a Kiln manifest may hold (see ManifestReader for the format).

namespace Kiln.Manifest
{
    /// <summary>A manifest record's key.</summary>
    public enum ManifestKey
    {
        /// <summary>A key this version does not know; the reader rejects it.</summary>
        Unknown,

        /// <summary><c>program</c>: absolute path of the program in the root file system; exactly one.</summary>
        Program,

        /// <summary><c>arg</c>: one argv element, repeatable, in order, argv[0] first.</summary>
        Arg,

        /// <summary><c>env</c>: one environment entry NAME=VALUE, repeatable, in order.</summary>
        Env,

        /// <summary><c>trace</c>: 1 to print each system call, 0 (the default) not to.</summary>
        Trace,

        /// <summary><c>syscall-summary</c>: 1 to print a count of system calls at exit.</summary>
        SyscallSummary,

        /// <summary><c>cwd</c>: absolute guest path of the program's initial working directory (the last one wins; default "/").</summary>
        WorkingDirectory,

        /// <summary><c>mount</c>: LABEL:/guest/path, a KilnFS volume (found by its label) to mount there; repeatable.</summary>
        Mount,

        /// <summary><c>ip</c>: the static address and prefix length "A.B.C.D/PREFIX" (the last one wins).</summary>
        Ip,

        /// <summary><c>gateway</c>: the default route's next hop "A.B.C.D" (the last one wins).</summary>
        Gateway,

        /// <summary><c>dns</c>: a name server "A.B.C.D"; repeatable, in order of preference.</summary>
        Dns,

        /// <summary><c>dhcp</c>: 1 to configure the NIC by DHCP instead of <c>ip</c> and <c>gateway</c>, 0 (the default) not to.</summary>
        Dhcp,
    }
}
