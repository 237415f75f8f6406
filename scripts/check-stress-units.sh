#!/usr/bin/env bash
# Checks the units and sign of the Nb-Mo-Ta-W VASP stresses as converted by the readers (kbar × V / 1602.18
# → virial in eV, same sign): on each *_Elastic set, the virial that the published quaternary MTP predicts
# (an energy–strain derivative of a model fitted to these energies) is regressed on the converted DFT
# virial. A slope near +1 confirms units and sign; a unit error would give ~1e-3 or ~1e3, a sign error −1.
# Writes results/training/stress-units.md. Data: $LRMLIP_DATA or ../shared/reference-data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${LRMLIP_DATA:-../shared/reference-data}"
bin=$(mktemp -d); trap 'rm -rf "$bin"' EXIT
dotnet publish src/LowRankMlip.Cli -c Release -o "$bin" >/dev/null
mkdir -p results/training
out=$(mktemp)
{
  echo "# Stress units of the Nb-Mo-Ta-W data (scripts/check-stress-units.sh, $(date -u +%Y-%m-%d))"
  echo
  echo "| set | cells | slope predicted/reference | RMS difference eV | RMS reference eV |"
  echo "|---|---:|---:|---:|---:|"
  for el in Mo Nb Ta W; do
    "$bin/lrmlip" convert "$data/monbtaw-li2020/training/${el}_Elastic.json" "$bin/ref.cfg" --lossless 2>/dev/null
    "$bin/lrmlip" calc-efs "$data/monbtaw-li2020/mtp-yin2021/quaternary.mtp" "$bin/ref.cfg" "$bin/pred.cfg" --species Nb,Mo,Ta,W --lossless 2>/dev/null
    python3 - "$el" "$bin/ref.cfg" "$bin/pred.cfg" <<'PY'
import math, sys
def stresses(path):
    lines = open(path).read().split('\n')
    return [[float(x) for x in lines[i + 1].split()] for i, l in enumerate(lines) if l.strip().startswith('PlusStress')]
ref, pred = stresses(sys.argv[2]), stresses(sys.argv[3])
xs = [a for r in ref for a in r]; ys = [b for p in pred for b in p]
sxx = sum(x * x for x in xs)
slope = sum(x * y for x, y in zip(xs, ys)) / sxx
rms = math.sqrt(sum((x - y) ** 2 for x, y in zip(xs, ys)) / len(xs))
print(f"| {sys.argv[1]}_Elastic | {len(ref)} | {slope:.3f} | {rms:.3f} | {math.sqrt(sxx / len(xs)):.3f} |")
PY
  done
} > "$out"
mv "$out" results/training/stress-units.md
cat results/training/stress-units.md
