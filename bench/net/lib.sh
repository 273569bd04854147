# Shared by bench/http.sh and bench/redis.sh (sourced, not run): starting one server natively, in the Linux
# comparison guest and in Kiln with the same QEMU flags (-machine q35 -cpu max -m MEM -smp 1 -accel tcg, a
# virtio-net-pci NIC on QEMU user networking with hostfwd of 127.0.0.1:PORT), waiting until it answers, stopping
# it, and printing medians and ratios. The caller sets: bench, repo, work, port, memory, timeout, runs, only,
# and defines ready (a command that succeeds once the server answers on $port).

qemu=${QEMU:-qemu-system-x86_64}
kiln=${KILN:-$repo/kiln}
bios=/usr/share/qemu/qboot.rom
server_pid=""

wants() { [[ ,$only, == *,$1,* ]]; }

# results[target.metric] holds space-separated figures of the successful runs; notes[target] says why not.
declare -A results notes

note() {  # note TARGET TEXT...
    local target=$1
    shift
    notes[$target]="${notes[$target]:+${notes[$target]}; }$*"
    echo "$target: $*" >&2
}

record() {  # record TARGET METRIC VALUE
    results[$1.$2]+="$3 "
}

median() {  # median "v v v": the median, or - when there is none
    tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "-"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.2f\n", m
        }'
}

port_free() {  # port_free PORT: nothing answers on 127.0.0.1:PORT
    ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# wait_ready TARGET LOG: polls `ready` until it succeeds, the server dies, or $timeout seconds pass.
wait_ready() {
    local target=$1 log=$2 start=$SECONDS
    while ((SECONDS - start < timeout)); do
        if ! kill -0 "$server_pid" 2> /dev/null; then
            note "$target" "the server exited before answering (see ${log#$repo/})"
            return 1
        fi
        if ready; then
            echo "$target: answering after $((SECONDS - start)) s" >&2
            return 0
        fi
        sleep 0.5
    done
    note "$target" "no answer within $timeout s (see ${log#$repo/})"
    return 1
}

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2> /dev/null; then
        kill "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    server_pid=""
}
trap stop_server EXIT

start_native() {  # start_native LOG PROGRAM ARGS...
    local log=$1
    shift
    "$@" > "$log" 2>&1 &
    server_pid=$!
}

# start_linux LOG DRIVER [FILE...] [-- BINARY...]: boots Debian's kernel with an initramfs running DRIVER (a
# busybox sh script), the FILEs beside it, the libraries of each BINARY after --, and the network configured.
start_linux() {
    local log=$1 driver=$2 files=() libs=()
    shift 2
    while (($#)) && [[ $1 != -- ]]; do files+=("$1"); shift; done
    (($#)) && shift
    for b in "$@"; do libs+=(--libs-of "$b"); done
    local kernel
    kernel=$(ls /boot/vmlinuz-* 2> /dev/null | sort -V | tail -n 1 || true)
    if [[ -z $kernel ]]; then
        note linux "no /boot/vmlinuz-*: apt-get install linux-image-amd64"
        return 1
    fi
    if [[ ! -r $bios ]]; then
        note linux "no $bios: apt-get install qemu-system-x86"
        return 1
    fi
    "$bench/linux-initramfs.sh" --net "${libs[@]}" "$driver" "$work/linux.cpio.gz" "${files[@]}"
    echo "linux: $kernel, busybox initramfs, virtio-net modules, 10.0.2.15/24" >&2
    "$qemu" -machine q35 -cpu max -m "$memory" -smp 1 -accel tcg -bios "$bios" -display none -monitor none \
        -no-reboot -nodefaults -serial stdio -kernel "$kernel" -initrd "$work/linux.cpio.gz" \
        -append 'console=ttyS0 quiet panic=-1' \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:$port" -device virtio-net-pci,netdev=net0 \
        < /dev/null > "$log" 2>&1 &
    server_pid=$!
    # The same listen backlog on QEMU's forwarding socket as kiln gives its own QEMU (see widen-backlog.py).
    "$bench/net/widen-backlog.py" "$server_pid" "$port" 60 >&2 &
}

start_kiln() {  # start_kiln LOG [kiln run options...] PROGRAM ARGS...
    local log=$1
    shift
    if [[ ! -x $kiln ]]; then
        note kiln "$kiln is missing: build the CLI first (./setup.sh)"
        return 1
    fi
    if ! "$kiln" run --help 2>&1 | grep -q -- '--port'; then
        note kiln "this kiln has no 'run -p/--port' yet"
        return 1
    fi
    echo "kiln: $kiln run --accel tcg -m $memory -p $port $*" >&2
    "$kiln" run --accel tcg -m "$memory" -p "$port" "$@" < /dev/null > "$log" 2>&1 &
    server_pid=$!
}

ratio() {  # ratio METRIC A B: A/B of the medians, or n/a
    local a b
    a=$(median "${results[$2.$1]:-}")
    b=$(median "${results[$3.$1]:-}")
    if [[ $a != - && $b != - ]] && awk -v b="$b" 'BEGIN { exit !(b > 0) }'; then
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }'
    else
        printf 'n/a'
    fi
}
