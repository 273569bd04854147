#!/usr/bin/env bash
# Builds the initramfs of the Linux comparison guest: busybox-static, /init and one program, as a gzip'd cpio
# (newc) archive. The /init mounts /proc, /sys and /dev as a minimal distribution would, runs the program and
# powers off at once.
# Usage: linux-initramfs.sh [--net] [--libs-of BINARY]... PROGRAM OUTPUT.cpio.gz [FILE...]
# Each FILE is copied to / beside it, for a PROGRAM that is a busybox sh script running several programs.
# --net: the virtio-net modules of the kernel in /boot (virtio_ring ... virtio_net, in dependency order) go into
#   /modules and /init loads them, brings up lo, and configures eth0 as 10.0.2.15/24 with the default route via
#   10.0.2.2 (QEMU user networking's defaults) before running the program.
# --libs-of BINARY: BINARY's shared libraries and its ld-linux (from ldd) are copied in at their own paths, so a
#   dynamically linked BINARY (given as a FILE or run by PROGRAM) finds them. Repeatable.
set -euo pipefail

net=no
libs_of=()
while (($#)); do
    case $1 in
        --net) net=yes; shift ;;
        --libs-of) libs_of+=("$2"); shift 2 ;;
        --) shift; break ;;
        -*) echo "linux-initramfs.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
program=$1
output=$2
shift 2
bench=$(cd "$(dirname "$0")" && pwd)
busybox=$(command -v busybox || true)
if [[ -z $busybox ]] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
    # Debian's busybox-static installs /bin/busybox; a dynamic busybox would need its libraries in the archive.
    busybox=/bin/busybox
fi
if [[ ! -x $busybox ]]; then
    echo "linux-initramfs.sh: busybox not found: apt-get install busybox-static" >&2
    exit 1
fi

root=$(mktemp -d "${output%/*}/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
cp "$busybox" "$root/bin/busybox"
cp "$program" "$root/program"
for extra in "$@"; do
    cp "$extra" "$root/${extra##*/}"
    chmod 755 "$root/${extra##*/}"
done

for binary in "${libs_of[@]}"; do
    # ldd lines: "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)".
    ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }' | while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
done

net_setup=""
if [[ $net == yes ]]; then
    kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
    kver=${KVER:-${kernel#/boot/vmlinuz-}}
    if [[ -z $kver ]]; then
        echo "linux-initramfs.sh: --net needs the kernel's modules: apt-get install linux-image-amd64" >&2
        exit 1
    fi
    mkdir -p "$root/modules"
    mapfile -t modules < <("$bench/fs/linux-modules.sh" "$kver" "$root/modules" virtio_pci virtio_net)
    net_setup="for m in ${modules[*]}; do /bin/busybox insmod /modules/\$m || echo \"init: insmod \$m failed\"; done
n=0
while [ ! -e /sys/class/net/eth0 ]; do
    n=\$((n + 1)); [ \$n -gt 400 ] && { echo 'init: no eth0'; break; }; /bin/busybox sleep 0.05
done
/bin/busybox ip link set lo up
/bin/busybox ip addr add 10.0.2.15/24 dev eth0
/bin/busybox ip link set eth0 up
/bin/busybox ip route add default via 10.0.2.2
echo 'nameserver 10.0.2.3' > /etc/resolv.conf
echo 'init: network up'"
fi

cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
$net_setup
/program
/bin/busybox poweroff -f
INIT
chmod 755 "$root/init" "$root/program"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$output"
