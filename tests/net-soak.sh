#!/usr/bin/env bash
# Opens and closes many more connections than the suite does: ./tests/net-soak.sh [CONNECTIONS] runs
# NetworkTests' kernel-heap check with CONNECTIONS connections (default 100,000) against 100: the Go net/http server
# in Kiln answers one request on each new connection, eight at a time, then exits, and the kernel heap in use at
# exit (kiln.stats=1) must match the 100-connection run within the test's slack. Under TCG this takes a long time
# (hundreds of connections a second at best). Needs the kernel, the CLI and the guest programs built.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
connections="${1:-100000}"
[[ $connections =~ ^[1-9][0-9]*$ ]] || { echo "net-soak.sh: CONNECTIONS must be a positive number, got '$connections'" >&2; exit 2; }
echo "net soak: the kernel heap after $connections connections opened and closed, against 100"
cd "$repo"
dotnet build tests/Kiln.Guest.Tests -c Release -nologo -v quiet
KILN_NET_SOAK_CONNECTIONS="$connections" dotnet test tests/Kiln.Guest.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~NetworkTests.Kernel_heap_is_flat" --logger "console;verbosity=normal"
