#!/usr/bin/env bash
# Boot time: wall clock from launching to the first output line of a static hello program, for (a) Kiln through
# `./kiln run --accel tcg` and the raw QEMU command Kiln used, (b) a Linux guest (Debian's kernel, busybox initramfs)
# on the same QEMU and flags, (c) the program run natively. Prints median/min/max over N runs and the ratios.
# Usage: bench/boot.sh [-n RUNS] [-t TIMEOUT_SECONDS] [-o kiln,kiln-qemu,linux,native]
# Environment: QEMU (default qemu-system-x86_64), KILN (default ./kiln), KILN_KERNEL (as for kiln).
set -euo pipefail

runs=10
timeout=120
only=kiln,kiln-qemu,linux,native
usage() { sed -n '2,6s/^# \{0,1\}//p' "$0"; }
while getopts "n:t:o:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        t) timeout=$OPTARG ;;
        o) only=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "boot.sh: -n wants a positive number, got '$runs'" >&2; exit 2; }

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/.." && pwd)
work=$bench/work
mkdir -p "$work"
marker="hello from kiln guest"
qemu=${QEMU:-qemu-system-x86_64}
kiln=${KILN:-$repo/kiln}
bios=/usr/share/qemu/qboot.rom
wants() { [[ ,$only, == *,$1,* ]]; }

command -v python3 >/dev/null || { echo "boot.sh: python3 is needed to time runs" >&2; exit 1; }
gcc -static -O2 -o "$work/hello" "$repo/tests/guest/hello.c"

# results[name] holds the space-separated milliseconds of the successful runs; notes[name] says why not.
declare -A results notes
measure() {  # measure NAME COMMAND...
    local name=$1 line ms
    shift
    results[$name]=""
    for ((i = 1; i <= runs; i++)); do
        line=$(python3 "$bench/firstline.py" --marker "$marker" --timeout "$timeout" --log "$work/$name.last.log" -- "$@") || true
        if [[ $line != ok* ]]; then
            notes[$name]="run $i: ${line#fail } (output in bench/work/$name.last.log)"
            echo "  $name run $i: $line" >&2
            continue
        fi
        ms=$(awk '{print $2}' <<< "$line")
        results[$name]+="$ms "
        printf '  %-10s run %2d: %9.1f ms  %s\n' "$name" "$i" "$ms" "$(awk '{print $3}' <<< "$line")" >&2
    done
}

stats() {  # stats "ms ms ms" -> "median min max count"
    tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - - 0"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR
        }'
}

if wants native; then
    echo "native: $work/hello" >&2
    measure native "$work/hello"
fi

if wants linux; then
    kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $kernel ]]; then
        notes[linux]="no /boot/vmlinuz-*: apt-get install linux-image-amd64"
        echo "boot.sh: no Linux kernel in /boot, skipping the Linux guest: apt-get install linux-image-amd64" >&2
    elif [[ ! -r $bios ]]; then
        notes[linux]="no $bios: apt-get install qemu-system-x86"
        echo "boot.sh: $bios missing, skipping the Linux guest" >&2
    else
        "$bench/linux-initramfs.sh" "$work/hello" "$work/linux-initramfs.cpio.gz"
        echo "linux: $kernel with a busybox initramfs" >&2
        measure linux "$qemu" -accel tcg -m 256M -smp 1 -bios "$bios" -display none -monitor none -no-reboot \
            -nodefaults -serial stdio -device isa-debug-exit -kernel "$kernel" \
            -initrd "$work/linux-initramfs.cpio.gz" -append 'console=ttyS0 quiet panic=-1'
    fi
fi

if wants kiln || wants kiln-qemu; then
    if [[ ! -x $kiln ]]; then
        notes[kiln]="$kiln is missing: build the CLI first (./setup.sh)"
    elif [[ ! -f ${KILN_KERNEL:-$repo/out/kiln-kernel.elf} ]]; then
        notes[kiln]="${KILN_KERNEL:-$repo/out/kiln-kernel.elf} is missing: build the kernel first (./setup.sh)"
    else
        # One capture run records the QEMU command Kiln launches, with copies of its kernel and root disk.
        rm -rf "$work/kiln-qemu"
        python3 "$bench/firstline.py" --marker "$marker" --timeout "$timeout" --capture-qemu "$work/kiln-qemu" \
            --log "$work/kiln-capture.log" -- "$kiln" run --accel tcg "$work/hello" >/dev/null || true
        if wants kiln; then
            echo "kiln: ./kiln run --accel tcg" >&2
            measure kiln "$kiln" run --accel tcg "$work/hello"
        fi
        if wants kiln-qemu; then
            if [[ -f $work/kiln-qemu/cmdline.json ]]; then
                mapfile -d '' -t raw < <(python3 -c 'import json,sys; sys.stdout.write("\0".join(json.load(open(sys.argv[1]))["argv"]))' "$work/kiln-qemu/cmdline.json")
                echo "kiln-qemu: ${raw[*]}" >&2
                measure kiln-qemu "${raw[@]}"
            else
                notes[kiln-qemu]="could not capture the QEMU command of ./kiln run (see bench/work/kiln-capture.log)"
            fi
        fi
    fi
    [[ -n ${notes[kiln]:-} ]] && { notes[kiln-qemu]=${notes[kiln]}; echo "boot.sh: ${notes[kiln]}" >&2; }
fi

echo
echo "Boot to first output line of a static hello, $runs runs each, QEMU -accel tcg (wall clock, ms)"
printf '%-10s %10s %10s %10s %6s  %s\n' target median min max ok note
declare -A median
for name in kiln kiln-qemu linux native; do
    wants "$name" || continue
    read -r med min max count <<< "$(stats "${results[$name]:-}")"
    median[$name]=$med
    printf '%-10s %10s %10s %10s %6s  %s\n' "$name" "$med" "$min" "$max" "$count/$runs" "${notes[$name]:-}"
done
ratio() {  # ratio A B: prints A/B of the medians when both exist
    local a=${median[$1]:--} b=${median[$2]:--}
    if [[ $a != - && $b != - ]]; then
        awk -v a="$a" -v b="$b" -v n="$1/$2" 'BEGIN { printf "%-18s %10.3f\n", n, a / b }'
    else
        printf '%-18s %10s\n' "$1/$2" "n/a"
    fi
}
echo
echo "Ratios of the medians"
ratio kiln linux
ratio kiln native
ratio kiln-qemu linux
ratio linux native
