#!/usr/bin/env bash
# bench/bot: our /api/messages vs a minimal botbuilder (JS SDK) bot, same tokens, same load, same run.
# Usage: bench/bot/run.sh [--duration 10] [--warmup 3] [--concurrency 1,16,64] [--concerns 5000] [--app-env Key=Value]
# BENCH_NO_BUILD=1 runs what the last call built (to time a quiet moment without building first).
# Loopback only. Needs dotnet (SDK in global.json) and node + npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${BENCH_OUT:-${TMPDIR:-/tmp}/scabench}"
mkdir -p "$out"

rid="$(dotnet --info | awk '/^ *RID:/{print $2; exit}')"
if [ "${BENCH_NO_BUILD:-}" != "1" ]; then
echo "== publish the app (Release, $rid, ReadyToRun, framework-dependent) to $out/app"
dotnet publish "$repo/src/StaffConductAssistant/StaffConductAssistant.csproj" -c Release -r "$rid" --self-contained false -o "$out/app" --nologo -v quiet

echo "== build the load generator (Release)"
dotnet build "$here/load/BotLoad.csproj" -c Release -o "$out/load" --nologo -v quiet

echo "== install the SDK bot (npm ci, botbuilder pinned by package-lock.json)"
(cd "$here/sdk-bot" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/{v=$2} END{print v}'), node $(node --version)"
export BENCH_COMMIT="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo" diff --quiet 2>/dev/null || echo '+changes')"
export BENCH_DOTNET_INFO="$(dotnet --info | grep -m1 -E '^ *(Version|Host)' | xargs) (.NET SDK), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/{v=$2} END{print v}')"
export BENCH_NODE="$(node --version)"
exec dotnet "$out/load/BotLoad.dll" --app "$out/app" --sdk "$here/sdk-bot" --work "$out" "$@"
