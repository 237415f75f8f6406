#!/usr/bin/env bash
# Seconds per training iteration at level 16 on Nb-Mo-Ta-W (issue 3's second anchor: MLIP-3 takes about 13 s per
# counted BFGS iteration for level 16 on 536 cells, 11,022 atoms, energies and forces). The set: every 10th cell of
# the training groups (*_SS, *_AIMD, *_Elastic, *_Surface, in that order), 529 cells / 10,854 atoms; stress weight
# 0. Reports the wall time of iterations 5–25 (after setup and the first scaling search) per iteration and per
# loss evaluation, for each thread count; writes the table to OUT (atomically) if given.
#
#   bash scripts/level16-iteration-time.sh [--data DIR] [--threads "1 2"] [--out FILE.md]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/measure.sh
data=$(reference_data)
threads="1 2"; out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "level16-iteration-time.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
groups="$data/monbtaw-li2020/training"
[[ -d "$groups" ]] || { echo "level16-iteration-time.sh: $groups not found (see reference-data/README.md)" >&2; exit 1; }
dotnet build src/LowRankMlip.Cli -c Release -v quiet -nologo >/dev/null
lrmlip=(dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for f in "$groups"/*_SS.json "$groups"/*_AIMD.json "$groups"/*_Elastic.json "$groups"/*_Surface.json; do
  "${lrmlip[@]}" convert "$f" "$work/one.cfg" >/dev/null
  cat "$work/one.cfg" >> "$work/all.cfg"
done
cfg_subset "$work/all.cfg" "$work/subset.cfg" 10
atoms=$(cfg_atoms "$work/subset.cfg")
table="$work/table.md"
{
  echo "Level 16, Nb-Mo-Ta-W, $(grep -c BEGIN_CFG "$work/subset.cfg") cells / $atoms atoms, energies and forces (MLIP-3: about 13 s per counted iteration on 536 cells / 11,022 atoms)."
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo
  echo "| threads | s per iteration (5–25) | s per loss evaluation | vs MLIP-3 per iteration (atom-scaled) |"
  echo "|---:|---:|---:|---:|"
} > "$table"
for th in $threads; do
  "${lrmlip[@]}" train "$data/untrained_mtps/16.almtp" "$work/subset.cfg" --species Nb,Mo,Ta,W --stress-weight 0 \
    --save-to "$work/t$th.mtp" --iteration-limit 25 --tolerance 0 --threads "$th" 2>&1 | grep -E "^train: time in" >&2 || true
  awk -F, -v th="$th" -v atoms="$atoms" '
    NR > 1 && $1 == 5 { t0 = $8; e0 = $2 }
    NR > 1 && $1 == 25 { t1 = $8; e1 = $2 }
    END { it = (t1 - t0) / 20; anchor = 13 * atoms / 11022
          printf "| %d | %.3f | %.3f | %.1f× |\n", th, it, (t1 - t0) / (e1 - e0), anchor / it }' "$work/t$th.mtp.log.csv" >> "$table"
done
cat "$table"
if [[ -n "$out" ]]; then write_atomically "$table" "$out"; fi
