#!/usr/bin/env bash
# Stages the root file system of the Linux comparison guest for a python3 script: the interpreter (PYTHON, default
# /usr/bin/python3, with the symlink chain to its binary), its ELF interpreter, the DT_NEEDED closure of the
# interpreter and of every extension module in lib-dynload (as `ldd` resolves them), the standard library directory,
# the script as /script.py, and empty /dev, /proc and /tmp to mount on. This is what bench/fs.sh packs with
# `mkfs.ext4 -d`, the counterpart of what `kiln build` puts in a Kiln image.
# Usage: python-rootfs.sh STAGE_DIR SCRIPT [PYTHON]
set -euo pipefail

stage=$1
script=$2
python=${3:-/usr/bin/python3}
mkdir -p "$stage"/{dev,proc,tmp}
chmod 1777 "$stage/tmp"

copy() {  # copy PATH: PATH into the stage at the same place, symlinks kept, every symlink's target copied too
    local path=$1
    while :; do
        if [[ ! -e $stage$path && ! -L $stage$path ]]; then
            mkdir -p "$stage${path%/*}"
            cp -P --preserve=mode,timestamps "$path" "$stage$path"
        fi
        [[ -L $path ]] || break
        local target
        target=$(readlink "$path")
        [[ $target == /* ]] || target=$(dirname "$path")/$target
        path=$target
    done
}

stdlib=$("$python" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
copy "$python"
mkdir -p "$stage${stdlib%/*}"
cp -a "$stdlib" "$stage$stdlib"
objects=("$python")
if [[ -d $stdlib/lib-dynload ]]; then
    while IFS= read -r -d '' so; do objects+=("$so"); done < <(find "$stdlib/lib-dynload" -name '*.so' -print0)
fi
# `ldd` prints `name => /path (address)` for each library and `/path (address)` for the ELF interpreter (and, given
# several objects, a `path:` line before each one's list).
ldd "${objects[@]}" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }' \
    | sort -u | while read -r library; do copy "$library"; done
cp "$script" "$stage/script.py"
