#!/usr/bin/env bash
# The load bench (issue 16, item 6): 30 minutes of a realistic mix at 50 requests/s against one instance of the app on
# PostgreSQL, a fresh database on the server SCA_TEST_POSTGRES names (default: the loopback one .ci/run starts).
# The run is the suite's LoadTests at full length; its figures go to bench/reliability/results/load-<time>.md.
#   bench/reliability/load.sh                       # 30 min at 50/s
#   SCA_LOAD_SECONDS=120 bench/reliability/load.sh  # a shorter run
set -euo pipefail
cd "$(dirname "$0")/../.."
export SCA_TEST_POSTGRES="${SCA_TEST_POSTGRES:-Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres}"
export SCA_LOAD_SECONDS="${SCA_LOAD_SECONDS:-1800}"
export SCA_LOAD_RATE="${SCA_LOAD_RATE:-50}"
mkdir -p bench/reliability/results
export SCA_LOAD_REPORT="${SCA_LOAD_REPORT:-$PWD/bench/reliability/results/load-$(date -u +%Y%m%dT%H%M).md}"
dotnet build -c Release -v q tests/StaffConductAssistant.Tests
dotnet test tests/StaffConductAssistant.Tests -c Release --no-build \
  --filter "FullyQualifiedName~StaffConductAssistant.Tests.Reliability.LoadTests" --logger "console;verbosity=normal"
echo "Figures: $SCA_LOAD_REPORT"
