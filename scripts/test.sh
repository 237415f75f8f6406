#!/usr/bin/env bash
# The test command of the README: restores, builds (Release: the kernels are tested as they ship) and
# runs every test. Needs the shared reference data at ../shared/reference-data (or LRMLIP_REFERENCE_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet restore Benchmarks.sln
dotnet build Benchmarks.sln -c Release --no-restore
# The FLiNaK teacher dataset is the suite's own, generated on first use (≈ 80 s once; not committed).
bash scripts/generate-flinak.sh
log=$(mktemp)
set +e
dotnet test tests/LowRankMlip.Tests -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain summary line ("N passed, N failed") for CI readers.
summary=$(grep -E '(Passed|Failed)!' "$log" | tail -1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
rm -f "$log"
if [[ -z "$passed" ]]; then
  echo "tests: no test summary found (build or runner failure)" >&2
  exit 1
fi
echo "tests: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [[ "${skipped:-0}" != "0" ]]; then echo "tests: skipped tests are not allowed" >&2; exit 1; fi
exit "$status"
