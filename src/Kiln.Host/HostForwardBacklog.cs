// Raises the listen backlog of QEMU's port-forwarding sockets. libslirp (QEMU user networking) listens on each
// hostfwd port with listen(fd, 1), so while QEMU's main loop turns around to accept(), a client that opens connections
// back to back overflows the host's accept queue: Linux drops the SYN (TcpExtListenOverflows) and the client retries
// after its 1 s SYN timeout, then 3 s, ... (1,000 connections opened in a row took minutes). A native server listens
// with a backlog of 4096. Calling listen() again on a listening socket only changes its backlog, and the socket is
// shared, so kiln takes a duplicate of QEMU's descriptor (pidfd_getfd, Linux 5.6+: QEMU is kiln's child, same user)
// and calls listen(dup, 4096) on it. Best effort: when anything is missing, forwarding works as before, only slower.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Kiln.Host
{
    /// <summary>Gives QEMU's hostfwd listening sockets the backlog a native server would have.</summary>
    public static class HostForwardBacklog
    {
        /// <summary>Linux's default somaxconn, the backlog Go and most servers ask for.</summary>
        public const int Backlog = 4096;

        private const string ListenState = "0A";

        /// <summary>
        /// In the background, waits (up to <paramref name="timeout"/>) for process <paramref name="pid"/> to listen on
        /// each TCP port in <paramref name="ports"/> and raises that socket's backlog.
        /// </summary>
        public static void RaiseInBackground(int pid, IReadOnlyList<int> ports, TimeSpan timeout)
        {
            if (ports.Count == 0 || !OperatingSystem.IsLinux())
            {
                return;
            }

            Thread thread = new Thread(() => RaiseWhenListening(pid, ports, timeout)) { IsBackground = true, Name = "hostfwd backlog" };
            thread.Start();
        }

        /// <summary>Polls until every port is raised or <paramref name="timeout"/> passes; returns how many were raised.</summary>
        public static int RaiseWhenListening(int pid, IReadOnlyList<int> ports, TimeSpan timeout)
        {
            var pending = new List<int>(ports);
            DateTime deadline = DateTime.UtcNow + timeout;
            int raised = 0;
            while (pending.Count > 0)
            {
                for (int i = pending.Count - 1; i >= 0; i--)
                {
                    if (TryRaise(pid, pending[i]))
                    {
                        pending.RemoveAt(i);
                        raised++;
                    }
                }

                if (pending.Count == 0 || DateTime.UtcNow >= deadline)
                {
                    break;
                }

                Thread.Sleep(20);
            }

            return raised;
        }

        /// <summary>Raises the backlog of <paramref name="pid"/>'s socket listening on TCP <paramref name="port"/> (IPv4).</summary>
        /// <returns>True when that socket was found and listen() succeeded.</returns>
        public static bool TryRaise(int pid, int port)
        {
            try
            {
                ulong? inode = FindListenerInode(File.ReadAllText("/proc/net/tcp"), port);
                if (inode == null)
                {
                    return false;
                }

                int targetFd = FindSocketDescriptor(pid, inode.Value);
                if (targetFd < 0)
                {
                    return false;
                }

                int pidFd = pidfd_open(pid, 0);
                if (pidFd < 0)
                {
                    return false;
                }

                int duplicate = pidfd_getfd(pidFd, targetFd, 0);
                close(pidFd);
                if (duplicate < 0)
                {
                    return false;
                }

                int result = listen(duplicate, Backlog);
                close(duplicate);
                return result == 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }

        /// <summary>
        /// The inode of the socket in LISTEN state on local port <paramref name="port"/> in the text of /proc/net/tcp
        /// (columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode), or null.
        /// </summary>
        public static ulong? FindListenerInode(string procNetTcp, int port)
        {
            foreach (string line in procNetTcp.Split('\n'))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != ListenState)
                {
                    continue;
                }

                int colon = fields[1].LastIndexOf(':');
                if (colon < 0 || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int localPort)
                    || localPort != port)
                {
                    continue;
                }

                if (ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) && inode != 0)
                {
                    return inode;
                }
            }

            return null;
        }

        /// <summary>The descriptor number under which <paramref name="pid"/> holds socket <paramref name="inode"/>, or -1.</summary>
        private static int FindSocketDescriptor(int pid, ulong inode)
        {
            string wanted = "socket:[" + inode.ToString(CultureInfo.InvariantCulture) + "]";
            foreach (string path in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(path).LinkTarget;
                }
                catch (IOException)
                {
                    continue; // closed while we looked
                }

                if (target == wanted && int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
                {
                    return fd;
                }
            }

            return -1;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int pidfd_open(int pid, uint flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int pidfd_getfd(int pidfd, int targetfd, uint flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int listen(int fd, int backlog);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }
}
