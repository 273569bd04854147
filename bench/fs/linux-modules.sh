#!/usr/bin/env bash
# Copies kernel modules and everything they depend on (from modules.dep, plus the crc32c implementation that ext4
# and jbd2 ask for as a soft dependency) out of /lib/modules/KVER into OUTDIR, uncompressed so that busybox insmod
# can load them, and prints their file names one a line in an order insmod can follow: each module after its
# dependencies. Debian builds virtio_pci, virtio_blk and ext4 as modules, so the Linux guest of bench/fs.sh needs them.
# Usage: linux-modules.sh KVER OUTDIR MODULE...   (module names as in modules.dep, e.g. virtio_blk)
set -euo pipefail

kver=$1
outdir=$2
shift 2
moddir=/lib/modules/$kver
if [[ ! -r $moddir/modules.dep ]]; then
    echo "linux-modules.sh: no $moddir/modules.dep (the modules of the kernel in /boot)" >&2
    exit 1
fi
mkdir -p "$outdir"

# modules.dep: `path: dep dep ...`, each line listing the whole closure, the deepest dependency last; modprobe loads
# from the end of the list. A module name matches a path's file name without .ko and a compression suffix.
declare -A done_names
order=()
path_of() {
    awk -v want="$1" -F: '{
        n = $1; sub(/.*\//, "", n); sub(/\.ko(\.(xz|gz|zst))?$/, "", n); gsub(/-/, "_", n)
        w = want; gsub(/-/, "_", w)
        if (n == w) { print $1; exit }
    }' "$moddir/modules.dep"
}
deps_of() {  # deps_of PATH: its dependencies, deepest first
    awk -v want="$1" -F': *' '$1 == want { n = split($2, d, " "); for (i = n; i >= 1; i--) print d[i]; exit }' \
        "$moddir/modules.dep"
}
add() {  # add PATH: the module after its dependencies, once
    local path=$1 name
    name=${path##*/}
    name=${name%%.ko*}
    [[ -n ${done_names[$name]:-} ]] && return
    done_names[$name]=1
    case $path in
        *.ko) cp "$moddir/$path" "$outdir/$name.ko" ;;
        *.ko.xz) xz -dc "$moddir/$path" > "$outdir/$name.ko" ;;
        *.ko.gz) gzip -dc "$moddir/$path" > "$outdir/$name.ko" ;;
        *.ko.zst) zstd -qdc "$moddir/$path" > "$outdir/$name.ko" ;;
        *) echo "linux-modules.sh: unexpected module file $path" >&2; exit 1 ;;
    esac
    order+=("$name.ko")
}

wanted=("$@")
# `softdep ext4 pre: crypto-crc32c`: the alias is met by crc32c_generic, which needs no CPU feature.
for m in "$@"; do
    if grep -Eq "^softdep ($m|${m//_/-}) pre:.*crypto-crc32c" "$moddir/modules.softdep" 2>/dev/null; then
        wanted=(crc32c_generic "${wanted[@]}")
        break
    fi
done
for m in "${wanted[@]}"; do
    path=$(path_of "$m")
    if [[ -z $path ]]; then
        # Built into the kernel (modules.builtin) needs no file; anything else is a real miss.
        if grep -Eq "/${m//_/[-_]}\.ko$" "$moddir/modules.builtin" 2>/dev/null; then continue; fi
        echo "linux-modules.sh: module $m is not in $moddir" >&2
        exit 1
    fi
    while read -r dep; do [[ -n $dep ]] && add "$dep"; done < <(deps_of "$path")
    add "$path"
done
printf '%s\n' "${order[@]}"
