#!/usr/bin/env bash
# File-system benchmarks, Kiln against a Linux guest (Debian's kernel, busybox initramfs) on the same QEMU flags
# (q35, -cpu max, 256M, 1 vCPU, TCG, qboot), with the host as a reference column:
#  1. image build time and size for /usr/bin/python3 + bench/fs/script.py: `kiln build` against an ext4 image made
#     with `mkfs.ext4 -d` (python3, its libraries, its standard library) plus the guest's initramfs; and the script
#     end to end: `kiln run` against booting that Linux guest image, wall clock from launch to exit;
#  2. sequential write (64 MiB in 1 MiB writes + fsync) and read-back throughput, bench/fs/seqio.c, on a Kiln volume
#     (`kiln run --volume`) and on ext4 on a virtio-blk disk in the Linux guest; then a cold read (fresh VM for
#     Kiln, caches dropped for Linux);
#  3. small-file rates, bench/fs/smallfiles.c: 2000 files of 100 bytes created, stat'ed and unlinked.
# Prints medians of RUNS runs and the ratios kiln/linux (for a time or a size below 1 is better for Kiln, for a rate
# above 1). Usage: bench/fs.sh [-n RUNS] [-t TIMEOUT_SECONDS] [-o kiln,linux,native]
# Environment: QEMU (default qemu-system-x86_64), KILN (default ./kiln), KILN_KERNEL (as for kiln),
# KILN_VOLUME (the --volume argument, default bench:/data:512M, the size of the Linux guest's disk). Kiln's volumes
# are kept under bench/work/fs/kiln-home (KILN_HOME), so that every run of this script starts on a new volume.
set -euo pipefail

runs=3
timeout=600
only=kiln,linux,native
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while getopts "n:t:o:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        t) timeout=$OPTARG ;;
        o) only=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "fs.sh: -n wants a positive number, got '$runs'" >&2; exit 2; }

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/.." && pwd)
work=$bench/work/fs
rm -rf "$work"
mkdir -p "$work"
qemu=${QEMU:-qemu-system-x86_64}
kiln=${KILN:-$repo/kiln}
volume=${KILN_VOLUME:-bench:/data:512M}
data=${volume#*:}
data=${data%%:*}
python=/usr/bin/python3
script=$bench/fs/script.py
bios=/usr/share/qemu/qboot.rom
wants() { [[ ,$only, == *,$1,* ]]; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

for p in seqio smallfiles; do
    gcc -static -O2 -Wall -Wextra -Werror -o "$work/$p" "$bench/fs/$p.c"
done
[[ -x $python ]] || { echo "fs.sh: $python is needed for the image rows" >&2; exit 1; }
expected=$("$python" "$script")

# results[target/name] holds the space-separated values of the successful runs; notes[target] says what went wrong.
names=(build_s size_apparent size_allocated python_e2e_s seq_write_mb_s seq_read_mb_s seq_read_cold_mb_s
    create_files_s stat_files_s unlink_files_s)
declare -A results notes
record() {  # record TARGET < output: keeps every `name number` line of a known measure
    local target=$1 name value
    while read -r name value; do
        [[ " ${names[*]} " == *" $name "* && $value =~ ^[0-9]+(\.[0-9]+)?$ ]] || continue
        results[$target/$name]+="$value "
    done < <(tr -d '\r')
}
# note TARGET TEXT: says what went wrong, once per distinct TEXT with a count of the runs it happened in.
declare -A note_counts
note() {
    echo "  $1: $2" >&2
    note_counts[$1/$2]=$((${note_counts[$1/$2]:-0} + 1))
    [[ ${note_counts[$1/$2]} == 1 ]] && notes[$1]+="$2"$'\n'
    return 0
}
show_notes() {  # show_notes TARGET: its notes, one a line, with a count where a note repeated
    local text
    while IFS= read -r text; do
        [[ -n $text ]] || continue
        local count=${note_counts[$1/$text]}
        if ((count > 1)); then echo "$1: $text ($count runs)"; else echo "$1: $text"; fi
    done <<< "${notes[$1]:-}"
}
sizes() {  # sizes PATH...: `size_apparent BYTES` and `size_allocated BYTES` of the files together
    echo "size_apparent $(du -cb --apparent-size "$@" | tail -n 1 | cut -f1)"
    echo "size_allocated $(du -cB1 "$@" | tail -n 1 | cut -f1)"
}

if wants native; then
    echo "native: $work/<program> on $work (the host's file system)" >&2
    mkdir -p "$work/native-data"
    for ((i = 1; i <= runs; i++)); do
        start=$(now)
        if out=$(timeout "$timeout" "$python" "$script") && [[ $out == "$expected" ]]; then
            record native <<< "python_e2e_s $(since "$start")"
        else
            note native "python3 script failed or printed something else"
        fi
        if timeout "$timeout" "$work/seqio" "$work/native-data" > "$work/native.out" &&
            timeout "$timeout" "$work/seqio" --read "$work/native-data" >> "$work/native.out" &&
            timeout "$timeout" "$work/smallfiles" "$work/native-data/smallfiles-$i" >> "$work/native.out"; then
            cat "$work/native.out" >&2
            record native < "$work/native.out"
        else
            note native "file benchmarks failed"
        fi
        rm -f "$work/native-data/seqio.dat"
    done
fi

if wants linux; then
    kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
    kver=${kernel#/boot/vmlinuz-}
    if [[ -z $kernel ]]; then
        note linux "no /boot/vmlinuz-*: apt-get install linux-image-amd64"
    elif [[ ! -r $bios ]]; then
        note linux "no $bios: apt-get install qemu-system-x86"
    elif ! command -v mkfs.ext4 > /dev/null; then
        note linux "no mkfs.ext4: apt-get install e2fsprogs"
    elif [[ ! -r /lib/modules/$kver/modules.dep ]]; then
        note linux "no /lib/modules/$kver/modules.dep for $kernel: reinstall its linux-image package"
    elif ! "$bench/fs/linux-modules.sh" "$kver" "$work/modules" virtio_pci virtio_blk ext4 > "$work/modules.order"
    then
        note linux "the virtio-blk and ext4 modules of $kver could not be collected (see above)"
    else
        echo "linux: $kernel, modules from /lib/modules/$kver, busybox initramfs, ext4 on virtio-blk" >&2
        mapfile -t modules < "$work/modules.order"
        module_files=()
        for m in "${modules[@]}"; do module_files+=("$work/modules/$m"); done
        linux_qemu() {  # linux_qemu INITRAMFS DISK LOG: boots the guest with DISK as /dev/vda
            timeout "$timeout" "$qemu" -machine q35 -cpu max -m 256M -smp 1 -accel tcg -bios "$bios" \
                -display none -monitor none -no-reboot -nodefaults -serial stdio -kernel "$kernel" -initrd "$1" \
                -append 'console=ttyS0 quiet panic=-1' -drive "file=$2,format=raw,if=none,id=d0" \
                -device virtio-blk-pci,drive=d0 < /dev/null > "$3" 2>&1
        }
        # The start of every driver: the modules in dependency order, then wait for the disk to appear.
        driver_prologue() {
            echo '#!/bin/busybox sh'
            echo 'bb=/bin/busybox'
            echo "for m in ${modules[*]}; do \$bb insmod /\$m || echo \"fsbench: insmod \$m failed\"; done"
            echo 'n=0'
            echo 'while [ ! -b /dev/vda ]; do'
            echo '    n=$((n + 1)); [ $n -gt 400 ] && { echo "fsbench: no /dev/vda"; exit 1; }; $bb sleep 0.05'
            echo 'done'
        }

        # 1. The python3 image: root file system staged and packed with mkfs.ext4 -d, plus an initramfs whose
        # driver mounts it and runs the script in a chroot. Timed as a whole, as `kiln build` is.
        { driver_prologue; cat <<'DRIVER'; } > "$work/linux-python-driver"
$bb mkdir -p /root
$bb mount -t ext4 -o ro /dev/vda /root || { echo "fsbench: mount failed"; exit 1; }
$bb mount --bind /dev /root/dev
$bb mount -t proc proc /root/proc
$bb chroot /root /usr/bin/python3 /script.py
echo "fsbench: python exit $?"
DRIVER
        chmod 755 "$work/linux-python-driver"
        for ((i = 1; i <= runs; i++)); do
            rm -rf "$work/python-stage" "$work/linux-python.ext4" "$work/linux-python.cpio.gz"
            start=$(now)
            "$bench/fs/python-rootfs.sh" "$work/python-stage" "$script" "$python"
            # Room for the files at ext4's 4 KiB blocks, a quarter more for metadata, journal and slack.
            kib=$(du -sk "$work/python-stage" | cut -f1)
            truncate -s "$(((kib * 5 / 4 + 16384) / 1024))M" "$work/linux-python.ext4"
            mkfs.ext4 -q -F -L python -d "$work/python-stage" "$work/linux-python.ext4"
            "$bench/linux-initramfs.sh" "$work/linux-python-driver" "$work/linux-python.cpio.gz" "${module_files[@]}"
            record linux <<< "build_s $(since "$start")"
        done
        record linux < <(sizes "$work/linux-python.ext4" "$work/linux-python.cpio.gz")
        for ((i = 1; i <= runs; i++)); do
            start=$(now)
            if linux_qemu "$work/linux-python.cpio.gz" "$work/linux-python.ext4" "$work/linux-python.log" &&
                tr -d '\r' < "$work/linux-python.log" | grep -qxF "$expected"; then
                record linux <<< "python_e2e_s $(since "$start")"
            else
                note linux "python3 failed (bench/work/fs/linux-python.log)"
            fi
        done

        # 2 and 3. A fresh ext4 disk (inode tables and journal written now, so that no lazy initialisation runs
        # during the measurement) and one boot running every round; caches are dropped before the cold read.
        truncate -s 512M "$work/linux-data.ext4"
        mkfs.ext4 -q -F -L data -E lazy_itable_init=0,lazy_journal_init=0 "$work/linux-data.ext4"
        { driver_prologue; cat <<DRIVER; } > "$work/linux-fs-driver"
\$bb mkdir -p /data
\$bb mount -t ext4 /dev/vda /data || { echo "fsbench: mount failed"; exit 1; }
for i in \$(\$bb seq $runs); do
    /seqio /data || echo "fsbench: seqio failed"
    \$bb sync
    echo 3 > /proc/sys/vm/drop_caches
    /seqio --read /data || echo "fsbench: seqio --read failed"
    /smallfiles /data/smallfiles-\$i || echo "fsbench: smallfiles failed"
done
\$bb umount /data && echo "fsbench: done"
DRIVER
        chmod 755 "$work/linux-fs-driver"
        "$bench/linux-initramfs.sh" "$work/linux-fs-driver" "$work/linux-fs.cpio.gz" \
            "$work/seqio" "$work/smallfiles" "${module_files[@]}"
        linux_qemu "$work/linux-fs.cpio.gz" "$work/linux-data.ext4" "$work/linux-fs.log" ||
            note linux "file benchmarks: QEMU failed or timed out (bench/work/fs/linux-fs.log)"
        grep -E '^(fsbench|[a-z_]+ [0-9.]+)' "$work/linux-fs.log" | tr -d '\r' >&2 || true
        grep -q '^fsbench: done' "$work/linux-fs.log" ||
            note linux "file benchmarks did not finish (bench/work/fs/linux-fs.log)"
        record linux < "$work/linux-fs.log"
    fi
fi

if wants kiln; then
    if [[ ! -x $kiln ]]; then
        note kiln "$kiln is missing: build the CLI first (./setup.sh)"
    elif [[ ! -f ${KILN_KERNEL:-$repo/out/kiln-kernel.elf} ]]; then
        note kiln "${KILN_KERNEL:-$repo/out/kiln-kernel.elf} is missing: build the kernel first (./setup.sh)"
    else
        kiln_run() {  # kiln_run LOG [kiln run options...] PROGRAM ARGS...: stdout to LOG.out, stderr to LOG
            local log=$1
            shift
            KILN_HOME=$work/kiln-home timeout "$timeout" "$kiln" run --accel tcg -m 256M "$@" > "$log.out" 2> "$log"
        }
        last_error() { grep -v '^$' "$1" | tail -n 1; }

        # 1. The python3 image: `kiln build` where the CLI has it; the script end to end with `kiln run`.
        if "$kiln" --help 2>&1 | grep -Eq '^ +build( |$)'; then
            echo "kiln: $kiln build $python $script -o IMAGE" >&2
            for ((i = 1; i <= runs; i++)); do
                rm -f "$work/kiln-python.img"
                start=$(now)
                if timeout "$timeout" "$kiln" build "$python" "$script" -o "$work/kiln-python.img" \
                    > "$work/kiln-build.log" 2>&1; then
                    record kiln <<< "build_s $(since "$start")"
                else
                    note kiln "kiln build failed: $(last_error "$work/kiln-build.log")"
                fi
            done
            [[ -f $work/kiln-python.img ]] && record kiln < <(sizes "$work/kiln-python.img")
        else
            note kiln "no 'kiln build' yet: no image build figures; the end-to-end row is 'kiln run', which packs its image on every run"
        fi
        echo "kiln: $kiln run --accel tcg -m 256M $python $script" >&2
        for ((i = 1; i <= runs; i++)); do
            start=$(now)
            if kiln_run "$work/kiln-python.log" "$python" "$script" &&
                grep -qxF "$expected" "$work/kiln-python.log.out"; then
                record kiln <<< "python_e2e_s $(since "$start")"
            else
                note kiln "python3 script failed: $(last_error "$work/kiln-python.log")"
            fi
        done

        # 2 and 3. Every program in a fresh VM on the same volume; the cold read is a fresh VM reading the file.
        if ! "$kiln" run --help 2>&1 | grep -q -- '--volume'; then
            note kiln "--volume not available"
        else
            echo "kiln: $kiln run --accel tcg -m 256M --volume $volume" >&2
            kiln_volume_run() {  # kiln_volume_run NAME PROGRAM ARGS...: one program on the volume, its figures kept
                local name=$1
                shift
                if kiln_run "$work/kiln-$name.log" --volume "$volume" "$@"; then
                    # (Not tee /dev/stderr: reopening a redirected stderr truncates the file it goes to.)
                    cat "$work/kiln-$name.log.out" >&2
                    record kiln < "$work/kiln-$name.log.out"
                else
                    note kiln "$name failed: $(last_error "$work/kiln-$name.log") (bench/work/fs/kiln-$name.log)"
                    return 1
                fi
            }
            for ((i = 1; i <= runs; i++)); do
                # The cold read needs the file the first run left.
                kiln_volume_run seqio "$work/seqio" "$data" && kiln_volume_run seqio-read "$work/seqio" --read "$data" || true
                kiln_volume_run smallfiles "$work/smallfiles" "$data/smallfiles-$$-$i" || true
            done
        fi
    fi
fi

median() {  # median "v v v" -> v, or - when empty
    tr ' ' '\n' <<< "$1" | { grep . || true; } | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "-"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf (m >= 1000000 ? "%.0f\n" : m >= 10 ? "%.1f\n" : "%.3f\n"), m
        }'
}
ratio() {  # ratio A B -> A/B to three decimals, or n/a
    if [[ $1 != - && $2 != - ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; else echo n/a; fi
}
label() {
    case $1 in
        build_s) echo "python3 image build (s)" ;;
        size_apparent) echo "image size, apparent (B)" ;;
        size_allocated) echo "image size, allocated (B)" ;;
        python_e2e_s) echo "python3 script end to end (s)" ;;
        seq_write_mb_s) echo "seq write+fsync (MB/s)" ;;
        seq_read_mb_s) echo "seq read after close (MB/s)" ;;
        seq_read_cold_mb_s) echo "seq read, cold (MB/s)" ;;
        create_files_s) echo "create (files/s)" ;;
        stat_files_s) echo "stat (files/s)" ;;
        unlink_files_s) echo "unlink (files/s)" ;;
    esac
}

echo
echo "File-system benchmarks (median of $runs runs; QEMU -accel tcg, q35, -cpu max, 1 vCPU, 256M; MB = 10^6 bytes)"
printf '%-32s %14s %14s %14s %11s\n' measure kiln linux native kiln/linux
for name in "${names[@]}"; do
    k=$(median "${results[kiln/$name]:-}")
    l=$(median "${results[linux/$name]:-}")
    n=$(median "${results[native/$name]:-}")
    printf '%-32s %14s %14s %14s %11s\n' "$(label "$name")" "$k" "$l" "$n" "$(ratio "$k" "$l")"
done
for target in kiln linux native; do
    wants "$target" && show_notes "$target"
done
if wants native; then
    echo "native: on the host's file system, and its reads come from the host's page cache (no caches dropped)"
fi
