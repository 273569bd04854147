#!/usr/bin/env bash
# Kills QEMU many more times than the suite does: ./tests/crash-soak.sh [CYCLES [SEED]] runs CrashConsistencyTests
# with CYCLES kill cycles per sequence (default 200) and a seed (default: random, printed) so a failure can be replayed.
# Needs the kernel, the CLI and the guest programs built (./setup.sh or ./test.sh).
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cycles="${1:-200}"
seed="${2:-$RANDOM}"
echo "crash soak: $cycles cycles per sequence, seed $seed (replay with: $0 $cycles $seed)"
cd "$repo"
dotnet build tests/Kiln.Guest.Tests -c Release -nologo -v quiet
KILN_CRASH_CYCLES="$cycles" KILN_CRASH_SEED="$seed" dotnet test tests/Kiln.Guest.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~CrashConsistencyTests" --logger "console;verbosity=normal"
