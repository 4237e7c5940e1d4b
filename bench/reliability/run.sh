#!/usr/bin/env bash
# bench/reliability: issue 16's full runs, one command each. The same tests run a short form in `dotnet test`.
# Usage: bench/reliability/run.sh fuzz|races|faults   (PostgreSQL runs need SCA_TEST_POSTGRES, as in the README)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
report="${SCA_RELIABILITY_REPORT:-${TMPDIR:-/tmp}/sca-reliability-$(date +%Y%m%d-%H%M%S).txt}"
export SCA_RELIABILITY_REPORT="$report"
case "${1:-}" in
  fuzz)
    export SCA_RELIABILITY_ACTIVITIES="${ACTIVITIES:-10000}" SCA_RELIABILITY_EMAILS="${EMAILS:-500}" SCA_RELIABILITY_SETTLE_SECONDS=10
    filter="FullyQualifiedName~Reliability.ActivityFuzzTests|FullyQualifiedName~Reliability.InputFuzzTests" ;;
  races)
    export SCA_RELIABILITY_APPROVALS="${APPROVALS:-1000}"
    filter="FullyQualifiedName~Reliability.RaceTests" ;;
  faults)
    filter="FullyQualifiedName~Reliability.DownstreamFaultTests|FullyQualifiedName~LetterDeliveryTests" ;;
  *) echo "usage: $0 fuzz|races|faults" >&2; exit 2 ;;
esac
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; figures to $report"
dotnet build "$repo/tests/StaffConductAssistant.Tests" -v q --nologo
dotnet test "$repo/tests/StaffConductAssistant.Tests" --no-build --filter "$filter"
cat "$report"
