#!/usr/bin/env bash
# HTTP benchmark: the Go net/http hello server (tests/guest/go/gohttp, static) run natively, in the Linux
# comparison guest (Debian's kernel, busybox initramfs, virtio-net) and in Kiln (`kiln run -p PORT`), both guests
# on the same QEMU flags (q35, -cpu max, -m, -smp 1, -accel tcg, virtio-net-pci on user networking with hostfwd).
# For each: wait until GET / answers, warm up with one short wrk run, then `wrk -t2 -c50 -dDs --latency` RUNS times;
# prints the median requests/s and latency p50/p99, socket errors and non-2xx responses, and the ratios
# Kiln/Linux-guest and Kiln/native. Every step is bounded in time.
# Usage: bench/http.sh [-d SECONDS] [-n RUNS] [-c CONNECTIONS] [-p PORT] [-m MEMORY] [-t TIMEOUT] [-o native,linux,kiln]
# Environment: QEMU (default qemu-system-x86_64), KILN (default ./kiln), KILN_KERNEL (as for kiln).
set -euo pipefail

duration=10
runs=3
connections=50
port=8080
memory=256M
timeout=180
only=native,linux,kiln
usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }
while getopts "d:n:c:p:m:t:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        n) runs=$OPTARG ;;
        c) connections=$OPTARG ;;
        p) port=$OPTARG ;;
        m) memory=$OPTARG ;;
        t) timeout=$OPTARG ;;
        o) only=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
for n in "$duration" "$runs" "$connections" "$port" "$timeout"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "http.sh: numbers must be positive, got '$n'" >&2; exit 2; }
done

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/.." && pwd)
work=$bench/work/http
mkdir -p "$work"
# shellcheck source=bench/net/lib.sh
source "$bench/net/lib.sh"

command -v wrk > /dev/null || { echo "http.sh: wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v curl > /dev/null || { echo "http.sh: curl is needed: apt-get install curl" >&2; exit 1; }
port_free "$port" || { echo "http.sh: something already answers on 127.0.0.1:$port (choose another with -p)" >&2; exit 1; }
make -s -C "$repo/tests/guest" build/go/gohttp
server=$repo/tests/guest/build/go/gohttp
url=http://127.0.0.1:$port/

ready() { [[ $(curl -sf --max-time 2 "$url" 2> /dev/null) == "Hello, World!" ]]; }

# to_ms VALUE: wrk's 812.00us / 1.29ms / 1.20s in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else print "-"
    }'
}

load() {  # load TARGET: warm-up, then RUNS measured wrk runs against the server
    local target=$1 i out rps p50 p99 errors non2xx
    timeout $((duration + 30)) wrk -t2 -c"$connections" -d2s "$url" > "$work/$target.warmup" 2>&1 || true
    for ((i = 1; i <= runs; i++)); do
        out=$work/$target.wrk.$i
        if ! timeout $((duration + 30)) wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" > "$out" 2>&1; then
            note "$target" "wrk run $i failed or overran (${out#$repo/})"
            continue
        fi
        rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
        p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
        p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
        errors=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")
        non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$out")
        errors=${errors:-0}
        non2xx=${non2xx:-0}
        if [[ -z $rps ]]; then
            note "$target" "wrk run $i printed no summary (${out#$repo/})"
            continue
        fi
        printf '  %-7s run %d: %10s req/s  p50 %8s ms  p99 %8s ms  socket errors %s  non-2xx %s\n' \
            "$target" "$i" "$rps" "$p50" "$p99" "$errors" "$non2xx" >&2
        record "$target" rps "$rps"
        record "$target" p50 "$p50"
        record "$target" p99 "$p99"
        record "$target" errors "$errors"
        record "$target" non2xx "$non2xx"
    done
    ready || note "$target" "the server stopped answering after the load"
}

if wants native; then
    echo "native: $server $port" >&2
    start_native "$work/native.log" "$server" "$port"
    wait_ready native "$work/native.log" && load native
    stop_server
fi

if wants linux; then
    printf '#!/bin/busybox sh\n/gohttp %s\n' "$port" > "$work/linux-driver"
    if start_linux "$work/linux.log" "$work/linux-driver" "$server"; then
        wait_ready linux "$work/linux.log" && load linux
    fi
    stop_server
fi

if wants kiln; then
    if start_kiln "$work/kiln.log" "$server" "$port"; then
        wait_ready kiln "$work/kiln.log" && load kiln
    fi
    stop_server
fi

sum() { tr ' ' '\n' <<< "$1" | awk '{ s += $1 } END { print s + 0 }'; }
echo
echo "Go net/http hello, wrk -t2 -c$connections -d${duration}s, median of $runs runs; guests: QEMU -accel tcg -m $memory -smp 1"
printf '%-8s %12s %10s %10s %6s %8s %8s  %s\n' target req/s p50_ms p99_ms ok sockerr non2xx note
for target in kiln linux native; do
    wants "$target" || continue
    ok=$(tr ' ' '\n' <<< "${results[$target.rps]:-}" | grep -c . || true)
    printf '%-8s %12s %10s %10s %6s %8s %8s  %s\n' "$target" "$(median "${results[$target.rps]:-}")" \
        "$(median "${results[$target.p50]:-}")" "$(median "${results[$target.p99]:-}")" "$ok/$runs" \
        "$(sum "${results[$target.errors]:-}")" "$(sum "${results[$target.non2xx]:-}")" "${notes[$target]:-}"
done
echo
echo "Ratios of the medians (req/s: above 1 is faster; latency: below 1 is faster)"
printf '%-14s %10s %10s %10s\n' ratio req/s p50 p99
for pair in "kiln linux" "kiln native" "linux native"; do
    read -r a b <<< "$pair"
    printf '%-14s %10s %10s %10s\n' "$a/$b" "$(ratio rps "$a" "$b")" "$(ratio p50 "$a" "$b")" "$(ratio p99 "$a" "$b")"
done
