#!/usr/bin/python3
# Gives a QEMU's hostfwd listening socket on 127.0.0.1:PORT a backlog of 4096, as `kiln run -p` does for its own QEMU
# (src/Kiln.Host/HostForwardBacklog.cs): libslirp listens with a backlog of 1, and back-to-back connects overflow it
# and wait for the client's 1 s SYN retry. The benchmarks give the Linux guest's QEMU the same treatment so both guests
# are measured behind the same forwarding. Usage: widen-backlog.py PID PORT [TIMEOUT_SECONDS]
import ctypes, os, socket, sys, time

SYS_PIDFD_GETFD = 438
pid, port = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 60)
libc = ctypes.CDLL(None, use_errno=True)


def listening_inode():
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            if fields[1] == "0100007F:%04X" % port and fields[3] == "0A":
                return fields[9]
    return None


while time.monotonic() < deadline:
    inode = listening_inode()
    if inode:
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if target == "socket:[%s]" % inode:
                pidfd = os.pidfd_open(pid)
                copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd), 0)
                if copy < 0:
                    sys.exit("widen-backlog: pidfd_getfd: %s" % os.strerror(ctypes.get_errno()))
                socket.socket(fileno=copy).listen(4096)
                sys.exit(0)
    time.sleep(0.05)
sys.exit("widen-backlog: no listener on 127.0.0.1:%d in process %d" % (port, pid))
