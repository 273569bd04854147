#!/usr/bin/env bash
# System-call micro-benchmarks: getpid round trips, clock_gettime(CLOCK_MONOTONIC) through the vDSO, a futex
# ping-pong between two threads and thread create+join, each a static program from bench/syscalls/ that times itself
# with CLOCK_MONOTONIC and prints `name ns_per_op`. Run (a) in Kiln through `./kiln run --accel tcg`, (b) in a Linux
# guest (Debian's kernel, busybox initramfs) on the same QEMU flags (q35, -cpu max, 256M, 1 vCPU, TCG), all programs
# in one boot, (c) natively. Prints the median ns/op of RUNS runs and the ratios Kiln/Linux guest and Kiln/native.
# Usage: bench/syscalls.sh [-n RUNS] [-t TIMEOUT_SECONDS] [-o kiln,linux,native]
# Environment: QEMU (default qemu-system-x86_64), KILN (default ./kiln), KILN_KERNEL (as for kiln).
set -euo pipefail

runs=3
timeout=300
only=kiln,linux,native
usage() { sed -n '2,8s/^# \{0,1\}//p' "$0"; }
while getopts "n:t:o:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        t) timeout=$OPTARG ;;
        o) only=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "syscalls.sh: -n wants a positive number, got '$runs'" >&2; exit 2; }

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/.." && pwd)
work=$bench/work/syscalls
mkdir -p "$work"
qemu=${QEMU:-qemu-system-x86_64}
kiln=${KILN:-$repo/kiln}
bios=/usr/share/qemu/qboot.rom
wants() { [[ ,$only, == *,$1,* ]]; }

# program:iterations. Modest counts: under TCG every guest instruction is emulated.
benchmarks=(getpid:20000 clock:200000 futex:2000 thread:300)
names=(getpid clock_gettime futex_pingpong thread_create_join)
for b in "${benchmarks[@]}"; do
    gcc -static -O2 -Wall -Wextra -Werror -pthread -o "$work/${b%%:*}" "$bench/syscalls/${b%%:*}.c"
done

# results[target/name] holds the space-separated ns/op of the successful runs; notes[target] says what went wrong.
declare -A results notes
record() {  # record TARGET < output: keeps every `name number` line of a known benchmark
    local target=$1 name value
    while read -r name value; do
        [[ " ${names[*]} " == *" $name "* && $value =~ ^[0-9]+(\.[0-9]+)?$ ]] || continue
        results[$target/$name]+="$value "
    done < <(tr -d '\r')
}

if wants native; then
    echo "native: $work/<program>" >&2
    for ((i = 1; i <= runs; i++)); do
        for b in "${benchmarks[@]}"; do
            # record runs in this shell (never in a pipeline's subshell) so that results[] keeps what it adds.
            if timeout "$timeout" "$work/${b%%:*}" "${b##*:}" > "$work/native.out"; then
                cat "$work/native.out" >&2
                record native < "$work/native.out"
            else
                notes[native]+="${b%%:*} run $i failed; "
            fi
        done
    done
fi

if wants linux; then
    kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $kernel ]]; then
        notes[linux]="no /boot/vmlinuz-*: apt-get install linux-image-amd64"
    elif [[ ! -r $bios ]]; then
        notes[linux]="no $bios: apt-get install qemu-system-x86"
    else
        # One boot runs every benchmark RUNS times: booting Linux under TCG takes seconds.
        {
            echo '#!/bin/busybox sh'
            echo "for i in \$(/bin/busybox seq $runs); do"
            for b in "${benchmarks[@]}"; do echo "  /${b%%:*} ${b##*:}"; done
            echo 'done'
        } > "$work/linux-driver"
        chmod 755 "$work/linux-driver"
        files=()
        for b in "${benchmarks[@]}"; do files+=("$work/${b%%:*}"); done
        "$bench/linux-initramfs.sh" "$work/linux-driver" "$work/linux-initramfs.cpio.gz" "${files[@]}"
        echo "linux: $kernel with a busybox initramfs" >&2
        timeout "$timeout" "$qemu" -machine q35 -cpu max -m 256M -smp 1 -accel tcg -bios "$bios" -display none \
            -monitor none -no-reboot -nodefaults -serial stdio -kernel "$kernel" \
            -initrd "$work/linux-initramfs.cpio.gz" -append 'console=ttyS0 quiet panic=-1' </dev/null \
            > "$work/linux.log" 2>&1 || notes[linux]="QEMU failed or timed out (bench/work/syscalls/linux.log); "
        grep -E '^[a-z_]+ [0-9.]+' "$work/linux.log" | tr -d '\r' >&2 || true
        record linux < "$work/linux.log"
    fi
fi

if wants kiln; then
    if [[ ! -x $kiln ]]; then
        notes[kiln]="$kiln is missing: build the CLI first (./setup.sh)"
    elif [[ ! -f ${KILN_KERNEL:-$repo/out/kiln-kernel.elf} ]]; then
        notes[kiln]="${KILN_KERNEL:-$repo/out/kiln-kernel.elf} is missing: build the kernel first (./setup.sh)"
    else
        echo "kiln: $kiln run --accel tcg -m 256M" >&2
        for ((i = 1; i <= runs; i++)); do
            for b in "${benchmarks[@]}"; do
                log=$work/kiln-${b%%:*}.last.log
                if timeout "$timeout" "$kiln" run --accel tcg -m 256M "$work/${b%%:*}" "${b##*:}" > "$log.out" 2> "$log"; then
                    cat "$log.out" >&2
                    record kiln < "$log.out"
                else
                    notes[kiln]+="${b%%:*} run $i failed (bench/work/syscalls/kiln-${b%%:*}.last.log); "
                    echo "  kiln ${b%%:*} run $i failed: $(grep -v '^$' "$log" | tail -n 1)" >&2
                fi
            done
        done
    fi
fi

median() {  # median "v v v" -> v, or - when empty
    tr ' ' '\n' <<< "$1" | { grep . || true; } | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "-"; exit }
            printf "%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        }'
}
ratio() {  # ratio A B -> A/B to three decimals, or n/a
    if [[ $1 != - && $2 != - ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; else echo n/a; fi
}

echo
echo "System-call micro-benchmarks, ns per operation (median of $runs runs; QEMU -accel tcg, 1 vCPU, 256M)"
printf '%-20s %12s %12s %12s %12s %12s\n' benchmark kiln linux native kiln/linux kiln/native
for name in "${names[@]}"; do
    k=$(median "${results[kiln/$name]:-}")
    l=$(median "${results[linux/$name]:-}")
    n=$(median "${results[native/$name]:-}")
    printf '%-20s %12s %12s %12s %12s %12s\n' "$name" "$k" "$l" "$n" "$(ratio "$k" "$l")" "$(ratio "$k" "$n")"
done
for target in kiln linux native; do
    if wants "$target" && [[ -n ${notes[$target]:-} ]]; then
        echo "$target: ${notes[$target]}"
    fi
done
