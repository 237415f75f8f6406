#!/usr/bin/env bash
# Time to MLIP-3's training loss (issue 3's speed anchor, mtp-spec reference timings): `lrmlip train` of the
# level-10 template on the first 300 cubic Cu cells of the motep set (9,600 atoms; energies and forces),
# default optimizer, until the loss first reaches MLIP-3's final 2.72e-6 (MLIP-3: 200 iterations, 495 s on one
# core of this machine kind). Prints, per thread count, the iteration and wall time at which it was reached,
# the ratio to 495 s, and seconds per loss evaluation; writes the same table to OUT (atomically) if given.
#
#   bash scripts/time-to-loss.sh [--data DIR] [--threads "1 2"] [--iterations N] [--out FILE.md]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/measure.sh
data=$(reference_data)
threads="1 2"; iterations=600; out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "time-to-loss.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
source="$data/motep-mtp-oracle/original/crystals/cubic/training.cfg"
[[ -f "$source" ]] || { echo "time-to-loss.sh: $source not found (see reference-data/README.md)" >&2; exit 1; }
dotnet build src/LowRankMlip.Cli -c Release -v quiet -nologo >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cfg_subset "$source" "$work/cubic300.cfg" 1 300
target=2.72e-6; anchor=495
table="$work/table.md"
{
  echo "Time to MLIP-3's training loss $target (level 10, 300 cubic Cu cells; MLIP-3: $anchor s on one core)."
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo
  echo "| threads | reached at iteration | loss evaluations | wall time | vs MLIP-3 | s per evaluation (whole run) |"
  echo "|---:|---:|---:|---:|---:|---:|"
} > "$table"
for th in $threads; do
  dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll train "$data/untrained_mtps/10.almtp" "$work/cubic300.cfg" \
    --save-to "$work/t$th.mtp" --iteration-limit "$iterations" --tolerance 0 --threads "$th" > "$work/t$th.txt" 2>&1
  grep -E "^train: (IterationLimit|Converged|time in)" "$work/t$th.txt" >&2 || true
  awk -F, -v th="$th" -v target="$target" -v anchor="$anchor" '
    NR > 1 { last_e = $2; last_t = $8 }
    NR > 1 && !hit && $3 + 0 <= target + 0 { hit = 1; it = $1; ev = $2; t = $8 }
    END {
      per = last_e > 0 ? last_t / last_e : 0
      if (hit) printf "| %d | %d | %d | %.1f s | %.1f× | %.3f |\n", th, it, ev, t, anchor / t, per
      else printf "| %d | not reached in %d iterations | %d | — | — | %.3f |\n", th, NR - 1, last_e, per
    }' "$work/t$th.mtp.log.csv" >> "$table"
done
cat "$table"
if [[ -n "$out" ]]; then write_atomically "$table" "$out"; fi
