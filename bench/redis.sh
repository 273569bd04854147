#!/usr/bin/env bash
# Redis benchmark: Debian's redis-server (dynamically linked, unmodified; `--save '' --appendonly no`) run natively,
# in the Linux comparison guest (Debian's kernel, busybox initramfs with redis-server's libraries, virtio-net) and
# in Kiln (`kiln run -p PORT /usr/bin/redis-server ...`), both guests on the same QEMU flags (q35, -cpu max, -m,
# -smp 1, -accel tcg, virtio-net-pci on user networking with hostfwd). For each: wait for PONG, warm up with a
# short run, then `redis-benchmark -q -n N -c 50 -t set,get,incr,lpush,lpop` RUNS times; prints the median
# requests/s of each test and the ratios Kiln/Linux-guest and Kiln/native. Every step is bounded in time.
# Usage: bench/redis.sh [-N REQUESTS] [-n RUNS] [-c CONNECTIONS] [-p PORT] [-m MEMORY] [-t TIMEOUT] [-o native,linux,kiln]
# Environment: QEMU (default qemu-system-x86_64), KILN (default ./kiln), KILN_KERNEL (as for kiln).
set -euo pipefail

requests=100000
runs=3
connections=50
port=6390
memory=256M
timeout=180
only=native,linux,kiln
tests=set,get,incr,lpush,lpop
usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }
while getopts "N:n:c:p:m:t:o:h" opt; do
    case $opt in
        N) requests=$OPTARG ;;
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
for n in "$requests" "$runs" "$connections" "$port" "$timeout"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "redis.sh: numbers must be positive, got '$n'" >&2; exit 2; }
done

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/.." && pwd)
work=$bench/work/redis
mkdir -p "$work"
# shellcheck source=bench/net/lib.sh
source "$bench/net/lib.sh"

server=/usr/bin/redis-server
for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" > /dev/null || { echo "redis.sh: $tool is needed: apt-get install redis-server redis-tools" >&2; exit 1; }
done
port_free "$port" || { echo "redis.sh: something already answers on 127.0.0.1:$port (choose another with -p)" >&2; exit 1; }
# Protected mode refuses clients from other hosts without a password: QEMU's forwarded connections come from 10.0.2.2.
server_args=(--port "$port" --save '' --appendonly no --protected-mode no --daemonize no)

ready() { [[ $(timeout 5 redis-cli -p "$port" PING 2> /dev/null) == PONG ]]; }

# Bounded: even at 500 requests/s a run of N requests per test finishes within this.
run_limit=$((requests * 5 / 500 + 60))

load() {  # load TARGET: warm-up, then RUNS measured redis-benchmark runs
    local target=$1 i out line name rps
    timeout 120 redis-benchmark -q -p "$port" -n 2000 -c "$connections" -t set,get > "$work/$target.warmup" 2>&1 || true
    for ((i = 1; i <= runs; i++)); do
        out=$work/$target.bench.$i
        if ! timeout "$run_limit" redis-benchmark -q -p "$port" -n "$requests" -c "$connections" -t "$tests" > "$out" 2>&1; then
            note "$target" "redis-benchmark run $i failed or overran ${run_limit} s (${out#$repo/})"
            continue
        fi
        # -q rewrites a progress line with carriage returns before each final "NAME: R requests per second" line.
        while read -r name rps; do
            record "$target" "$name" "$rps"
            printf '  %-7s run %d: %-6s %10s req/s\n' "$target" "$i" "$name" "$rps" >&2
        done < <(tr '\r' '\n' < "$out" | awk -F': ' '/requests per second/ { split($2, f, " "); print $1, f[1] }')
    done
    # Correctness, as a cheap check: every INCR of the last run landed once.
    local counter
    counter=$(timeout 5 redis-cli -p "$port" GET counter:__rand_int__ 2> /dev/null || true)
    [[ $counter =~ ^[0-9]+$ ]] && ((counter % requests == 0)) || note "$target" "INCR counter reads '$counter', not a multiple of $requests"
    ready || note "$target" "the server stopped answering after the load"
}

if wants native; then
    echo "native: $server ${server_args[*]}" >&2
    start_native "$work/native.log" "$server" "${server_args[@]}"
    wait_ready native "$work/native.log" && load native
    stop_server
fi

if wants linux; then
    # argv[0] decides what the redis-check-rdb binary behind /usr/bin/redis-server does: keep the name.
    cp -L "$server" "$work/redis-server"
    printf "#!/bin/busybox sh\n/redis-server --port %s --save '' --appendonly no --protected-mode no --daemonize no\n" \
        "$port" > "$work/linux-driver"
    if start_linux "$work/linux.log" "$work/linux-driver" "$work/redis-server" -- "$server"; then
        wait_ready linux "$work/linux.log" && load linux
    fi
    stop_server
fi

if wants kiln; then
    if start_kiln "$work/kiln.log" "$server" "${server_args[@]}"; then
        wait_ready kiln "$work/kiln.log" && load kiln
    fi
    stop_server
fi

names=(SET GET INCR LPUSH LPOP)
echo
echo "redis-server, redis-benchmark -q -n $requests -c $connections -t $tests, median req/s of $runs runs; guests: QEMU -accel tcg -m $memory -smp 1"
printf '%-8s' target
printf ' %10s' "${names[@]}"
printf '  %s\n' note
for target in kiln linux native; do
    wants "$target" || continue
    printf '%-8s' "$target"
    for name in "${names[@]}"; do printf ' %10s' "$(median "${results[$target.$name]:-}")"; done
    printf '  %s\n' "${notes[$target]:-}"
done
echo
echo "Ratios of the medians (above 1 is faster)"
printf '%-14s' ratio
printf ' %10s' "${names[@]}"
echo
for pair in "kiln linux" "kiln native" "linux native"; do
    read -r a b <<< "$pair"
    printf '%-14s' "$a/$b"
    for name in "${names[@]}"; do printf ' %10s' "$(ratio "$name" "$a" "$b")"; done
    echo
done
