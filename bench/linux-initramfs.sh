#!/usr/bin/env bash
# Builds the initramfs of the Linux comparison guest: busybox-static, /init and one static program, as a gzip'd
# cpio (newc) archive. The /init mounts /proc, /sys and /dev as a minimal distribution would, runs the program
# and powers off at once. Usage: linux-initramfs.sh PROGRAM OUTPUT.cpio.gz [FILE...]
# Each FILE is copied to / beside it, for a PROGRAM that is a busybox sh script running several programs.
set -euo pipefail

program=$1
output=$2
shift 2
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
mkdir -p "$root"/{bin,dev,proc,sys}
cp "$busybox" "$root/bin/busybox"
cp "$program" "$root/program"
for extra in "$@"; do
    cp "$extra" "$root/${extra##*/}"
    chmod 755 "$root/${extra##*/}"
done
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/program
/bin/busybox poweroff -f
INIT
chmod 755 "$root/init" "$root/program"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$output"
