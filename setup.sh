#!/usr/bin/env bash
# Set-up: installs what Kiln needs on Debian 12 (QEMU with qboot, binutils, gcc, musl, Go and Rust for the guest
# test programs, cpio; python3, perl and node for the interpreter tests; a Linux kernel and busybox for the
# Linux-guest comparison), restores and builds everything, then boots a demo program in Kiln.
# Usage: ./setup.sh [--no-demo]
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$repo"

packages=(qemu-system-x86 qemu-utils binutils gcc make musl-tools golang-go rustc cpio busybox-static linux-image-amd64 python3 perl nodejs ca-certificates fdisk wrk redis-server redis-tools curl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""
    [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: building the kernel (NativeAOT) -> out/kiln-kernel.elf"
dotnet publish src/Kiln.Kernel -c Release -nologo -v quiet
echo "setup: building the kiln CLI -> out/cli"
dotnet build src/Kiln.Cli -c Release -o out/cli -nologo -v quiet
echo "setup: building the test programs"
make -s -C tests/guest

if [[ "${1:-}" != "--no-demo" ]]; then
    echo "setup: demo: ./kiln run tests/guest/build/glibc/hello"
    ./kiln run tests/guest/build/glibc/hello
fi
