#!/usr/bin/env python3
"""Times one launch of a command: wall clock from just before starting it to the first appearance of a marker
string in its output (stdout and stderr merged, read from a pipe). Used by boot.sh.

Prints one line: `ok <milliseconds> exit=<code>` or `fail <reason>`. After the marker the command gets a short
grace period to exit by itself (its exit code is reported), then its whole process group is killed; every run is
bounded by --timeout. With --capture-qemu DIR it also records the first qemu-system-* process started under the
command: its argv goes to DIR/cmdline.json and the files it names with -kernel/-initrd and the -drive disks are copied into DIR, so
that boot.sh can replay the exact QEMU command without the launcher.
"""
import argparse
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time


def session_processes(session_id):
    """Yields (pid, comm) of live processes in the given session."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # The comm field is in parentheses and may contain spaces; the fields after it are space-separated.
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session_id:
            yield int(entry), comm


def capture_qemu(session_id, directory):
    """Returns True once a QEMU process of the session has been recorded into directory."""
    for pid, comm in session_processes(session_id):
        if not comm.startswith("qemu-system"):
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = [a.decode() for a in f.read().split(b"\0") if a]
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            return False
        os.makedirs(directory, exist_ok=True)
        rewritten = list(argv)
        for i, arg in enumerate(argv[:-1]):
            if arg in ("-kernel", "-initrd"):
                source = os.path.join(cwd, argv[i + 1])
                target = os.path.join(directory, os.path.basename(source))
                try:
                    shutil.copyfile(source, target)
                except OSError:
                    return False
                rewritten[i + 1] = target
            elif arg == "-drive":
                # file=PATH,format=raw,... (QEMU doubles commas inside PATH): copy the disk, sparse, and point at the copy.
                options = argv[i + 1]
                if not options.startswith("file="):
                    continue
                end = 5
                while end < len(options) and not (options[end] == "," and options[end + 1:end + 2] != ","):
                    end += 2 if options[end] == "," else 1
                source = os.path.join(cwd, options[5:end].replace(",,", ","))
                target = os.path.join(directory, os.path.basename(source))
                if subprocess.run(["cp", "--sparse=always", source, target]).returncode != 0:
                    return False
                rewritten[i + 1] = "file=" + target.replace(",", ",,") + options[end:]
        with open(os.path.join(directory, "cmdline.json"), "w") as f:
            json.dump({"argv": rewritten, "original": argv, "cwd": cwd}, f, indent=1)
        return True
    return False


def kill_group(pgid):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marker", required=True)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before the run counts as failed")
    parser.add_argument("--grace", type=float, default=5.0, help="seconds to wait for exit after the marker")
    parser.add_argument("--capture-qemu", metavar="DIR")
    parser.add_argument("--log", metavar="FILE", help="write everything the command printed here")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    marker = args.marker.encode()
    output = bytearray()
    start = time.monotonic_ns()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
    deadline = start + int(args.timeout * 1e9)
    found_at = None
    captured = args.capture_qemu is None
    eof = False
    while not eof and found_at is None and time.monotonic_ns() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], 0.005 if not captured else 0.1)
        if ready:
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                eof = True
            output += chunk
            # Search only the tail that could hold a new match, so long outputs stay linear.
            if output.find(marker, max(0, len(output) - len(chunk) - len(marker))) >= 0:
                found_at = time.monotonic_ns()
        if not captured:
            captured = capture_qemu(child.pid, args.capture_qemu)

    exit_code = None
    if found_at is not None:
        grace_end = time.monotonic_ns() + int(args.grace * 1e9)
        while exit_code is None and time.monotonic_ns() < grace_end:
            ready, _, _ = select.select([child.stdout], [], [], 0.05)
            if ready:
                output += os.read(child.stdout.fileno(), 65536)
            exit_code = child.poll()
    kill_group(child.pid)
    child.wait()
    if exit_code is None and found_at is None:
        exit_code = child.returncode
    if args.log:
        with open(args.log, "wb") as f:
            f.write(output)

    if found_at is not None:
        exit_text = "killed" if exit_code is None else str(exit_code)
        print(f"ok {(found_at - start) / 1e6:.3f} exit={exit_text}")
        return 0
    if eof:
        print(f"fail exited with {child.returncode} before the marker")
    else:
        print(f"fail no marker within {args.timeout:g}s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
