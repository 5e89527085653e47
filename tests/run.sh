#!/usr/bin/env bash
# Runs every test of SeamFunctions on a machine with the .NET 10 SDK and Node.js 20+.
# Installs what the tests need first: the npm test peers (Seam's OpenAPI document, Seam's own fake,
# Azurite) exactly as package-lock.json pins them, and Debian's chromium with its driver for the board's browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (test peers)"
  npm ci --no-audit --no-fund --ignore-scripts
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== chromium + chromium-driver (Debian packages: the arrivals board's browser test)"
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

echo "== bicep build + lint (CLI from NuGet, pinned in build/bicep/Bicep.csproj)"
dotnet restore build/bicep --verbosity quiet
bicep_version=$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' build/bicep/Bicep.csproj)
bicep="${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
chmod +x "$bicep"
mkdir -p artifacts/infra
# Bicep reports type errors as warnings and still exits 0: any diagnostic it prints fails the run.
diagnostics=$( { "$bicep" build infra/main.bicep --outfile artifacts/infra/main.json && "$bicep" lint infra/main.bicep; } 2>&1) || { echo "$diagnostics"; exit 1; }
if [ -n "$diagnostics" ]; then
  echo "$diagnostics"
  echo "bicep printed diagnostics: fix them" >&2
  exit 1
fi
echo "infra/main.bicep: built to artifacts/infra/main.json, no diagnostics"

echo "== dotnet build"
dotnet build SeamFunctions.sln -c Release

echo "== dotnet publish (the function app as Azure gets it; PublishOutputTests read it)"
rm -rf artifacts/publish
dotnet publish src/SeamFunctions.FunctionApp -c Release -o artifacts/publish/SeamFunctions.FunctionApp --verbosity quiet

echo "== dotnet test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test SeamFunctions.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line for any reader: "N passed, N failed".
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
