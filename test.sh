#!/usr/bin/env bash
# Runs every test: host unit tests (pure kernel logic, image content and libraries, CLI messages) and the guest
# tests that boot each program in Kiln and natively and compare the results. Needs ./setup.sh to have run.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$repo"
dotnet build Kiln.sln -c Release -nologo -v quiet
dotnet test tests/Kiln.Kernel.Logic.Tests -c Release --no-build -nologo
dotnet test tests/Kiln.Host.Tests -c Release --no-build -nologo
dotnet test tests/Kiln.Cli.Tests -c Release --no-build -nologo
dotnet test tests/Kiln.Guest.Tests -c Release --no-build -nologo
