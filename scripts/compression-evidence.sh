#!/usr/bin/env bash
# Evidence for low-rank compression (issue 4): test RMSE against parameter count for full, svd, mf, rmf,
# tucker, tt and mfra, on the Nb-Mo-Ta-W stand-in (from the published level-14 quaternary.mtp, and level 16
# from the template: mf vs mfra over seeds) and on mlearn Mo (level 20). Every cell is one `lrmlip compress`
# (or `train`) run; finished cells are skipped on a rerun (their .json exists), so an interrupted run resumes.
#
# usage: bash scripts/compression-evidence.sh [--set monbtaw|template|template-methods|mo|mo-formats|all] [--out DIR] [--iterations N]
#                                             [--threads N] [--every K] [--data DIR]
# Needs python3 (table assembly). Results: DIR/<set>/table.md, table.csv, cells/*.json, logs.
set -euo pipefail
cd "$(dirname "$0")/.."
SET=all; OUT=results/compression; ITER=150; THREADS=1; EVERY=10
DATA=${LRMLIP_DATA:-../shared/reference-data}
while [ $# -gt 0 ]; do
  case "$1" in
    --set) SET=$2; shift 2;; --out) OUT=$2; shift 2;; --iterations) ITER=$2; shift 2;;
    --threads) THREADS=$2; shift 2;; --every) EVERY=$2; shift 2;; --data) DATA=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
BIN=$(mktemp -d)/lrmlip
dotnet publish src/LowRankMlip.Cli -c Release -o "$(dirname "$BIN")" -v q >/dev/null
LR="$BIN"
WORK="$OUT/.data"; mkdir -p "$WORK"

# Nb-Mo-Ta-W: every K-th configuration of the *_SS, *_AIMD, *_Elastic, *_Surface files (training) and all *_Test (test).
prepare_monbtaw() {
  [ -s "$WORK/monbtaw-train.xyz" ] && return
  local d="$DATA/monbtaw-li2020/training" tmp; tmp=$(mktemp -d)
  for f in "$d"/*_SS.json "$d"/*_AIMD.json "$d"/*_Elastic.json "$d"/*_Surface.json; do "$LR" convert "$f" "$tmp/train-$(basename "$f" .json).xyz" 2>/dev/null; done
  for f in "$d"/*_Test.json; do "$LR" convert "$f" "$tmp/test-$(basename "$f" .json).xyz" 2>/dev/null; done
  cat "$tmp"/train-*.xyz | awk -v k="$EVERY" 'BEGIN{f=-1;n=0} {if(n==0){n=$1+2;f++} if(f%k==0)print; n--}' > "$WORK/monbtaw-train.xyz.tmp"
  cat "$tmp"/test-*.xyz > "$WORK/monbtaw-test.xyz"
  mv "$WORK/monbtaw-train.xyz.tmp" "$WORK/monbtaw-train.xyz"; rm -rf "$tmp"
}

# One cell: NAME METHOD-ARGS… ; writes cells/NAME.json with the counts and errors (skipped when present).
cell() {
  local set=$1 name=$2 pot=$3 train=$4 test=$5 species=$6; shift 6
  local dir="$OUT/$set"; mkdir -p "$dir/cells" "$dir/logs"
  [ -s "$dir/cells/$name.json" ] && { echo "[$set] $name: done, skipped"; return; }
  echo "[$set] $name: $*"
  local start end out
  start=$(date +%s.%N)
  if [ "$1" = "full-train" ]; then
    shift; out="$dir/logs/$name.mtp"
    "$LR" train "$pot" "$train" ${species:+--species "$species"} --save-to "$out" --iteration-limit "$ITER" --tolerance 0 --threads "$THREADS" "$@" \
      > "$dir/logs/$name.out" 2> "$dir/logs/$name.err"
  elif [ "$1" = "full" ]; then
    out="$pot"
  else
    out="$dir/logs/$name.lrmtp"
    "$LR" compress "$pot" "$train" ${species:+--species "$species"} --save-to "$out" --iteration-limit "$ITER" --tolerance 0 --threads "$THREADS" "$@" \
      > "$dir/logs/$name.out" 2> "$dir/logs/$name.err"
  fi
  end=$(date +%s.%N)
  local info trainerr testerr
  info=$("$LR" info "$out")
  trainerr=$("$LR" calc-errors "$out" "$train" ${species:+--species "$species"} --json --threads "$THREADS")
  testerr=$("$LR" calc-errors "$out" "$test" ${species:+--species "$species"} --json --threads "$THREADS")
  python3 - "$dir/cells/$name.json" "$name" "$*" "$(echo "$end - $start" | bc)" "$info" "$trainerr" "$testerr" "$dir/logs/$name.out" <<'PY'
import json, re, sys, os
path, name, args, seconds, info, train, test, log = sys.argv[1:9]
def grab(pattern, default=None):
    m = re.search(pattern, info)
    return m.group(1) if m else default
full_radial = int(grab(r"radial C\[a\]\[b\]\[μ\]\[β\]\s+S²·K·R = \S+ = (\d+)"))
full_total = int(grab(r"total\s+(\d+) \(radial share"))
radial = int(grab(r"radial parameters\s+(\d+) free", full_radial))
total = int(grab(r"total parameters\s+(\d+) of", full_total))
ranks_log = []
if os.path.exists(log):
    ranks_log = re.findall(r"rank\s+(\d+):\s+(\d+) iterations, loss (\S+),", open(log).read())
cell = dict(name=name, args=args, seconds=float(seconds), method=grab(r"method\s+(\S+)", "full"),
            view=grab(r"view\s+(\S+)", "-"), ranks=grab(r"ranks\s+(.+)", "-"), radial_params=radial, total_params=total,
            full_radial=full_radial, full_total=full_total, train=json.loads(train), test=json.loads(test),
            rank_log=[dict(rank=int(r), iterations=int(i), loss=float(l)) for r, i, l in ranks_log])
tmp = path + ".tmp"; json.dump(cell, open(tmp, "w"), indent=1); os.replace(tmp, path)
PY
}

table() {
  local set=$1 title=$2
  python3 - "$OUT/$set" "$title" <<'PY'
import json, glob, os, sys, statistics as st
d, title = sys.argv[1:3]
cells = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(d, "cells", "*.json")))]
order = {m: i for i, m in enumerate(["full", "svd", "mf", "rmf", "tucker", "tt", "mfra"])}
def key(c): return (order.get(c["method"], 9), -c["radial_params"], c["name"])
hdr = ["cell", "method", "view", "ranks", "radial_params", "total_params", "compression_radial_pct", "compression_total_pct",
       "train_energy_rmse_mev_per_atom", "train_force_rmse", "test_energy_rmse_mev_per_atom", "test_energy_mae_mev_per_atom", "test_force_rmse", "train_seconds"]
rows = []
for c in sorted(cells, key=key):
    rows.append([c["name"], c["method"], c["view"], c["ranks"], c["radial_params"], c["total_params"],
                 f'{100*(1-c["radial_params"]/c["full_radial"]):.1f}', f'{100*(1-c["total_params"]/c["full_total"]):.1f}',
                 f'{1000*c["train"]["energy_rmse_per_atom"]:.3f}', f'{c["train"]["force_rmse_component"]:.4f}',
                 f'{1000*c["test"]["energy_rmse_per_atom"]:.3f}', f'{1000*c["test"]["energy_mae_per_atom"]:.3f}',
                 f'{c["test"]["force_rmse_component"]:.4f}', f'{c["seconds"]:.0f}'])
with open(os.path.join(d, "table.csv.tmp"), "w") as f:
    f.write(",".join(hdr) + "\n"); f.writelines(",".join(map(str, r)) + "\n" for r in rows)
os.replace(os.path.join(d, "table.csv.tmp"), os.path.join(d, "table.csv"))
with open(os.path.join(d, "table.md.tmp"), "w") as f:
    f.write(f"# {title}\n\n| " + " | ".join(hdr) + " |\n|" + "---|" * len(hdr) + "\n")
    f.writelines("| " + " | ".join(map(str, r)) + " |\n" for r in rows)
    logs = [c for c in cells if c["rank_log"]]
    if logs:
        f.write("\nRank augmentation: training loss reached at each rank\n\n| cell | " + " | ".join(f"rank {r['rank']}" for r in logs[0]["rank_log"]) + " |\n")
        f.write("|---|" + "---|" * len(logs[0]["rank_log"]) + "\n")
        for c in logs: f.write(f"| {c['name']} | " + " | ".join(f"{r['loss']:.4e} ({r['iterations']} it)" for r in c["rank_log"]) + " |\n")
os.replace(os.path.join(d, "table.md.tmp"), os.path.join(d, "table.md"))
print(open(os.path.join(d, "table.md")).read())
PY
}

if [ "$SET" = monbtaw ] || [ "$SET" = all ]; then
  prepare_monbtaw
  Q="$DATA/monbtaw-li2020/mtp-yin2021/quaternary.mtp"; T="$WORK/monbtaw-train.xyz"; V="$WORK/monbtaw-test.xyz"; S=Nb,Mo,Ta,W
  cell monbtaw full-published "$Q" "$T" "$V" $S full
  cell monbtaw full-refit "$Q" "$T" "$V" $S full-train
  for r in 3 6 10; do
    cell monbtaw svd-pairs-r$r "$Q" "$T" "$V" $S --method svd --rank $r
    cell monbtaw svd-refit-pairs-r$r "$Q" "$T" "$V" $S --method svd --rank $r --refit-linear
    cell monbtaw rmf-pairs-r$r "$Q" "$T" "$V" $S --method rmf --rank $r
  done
  for r in 3 5 8; do cell monbtaw mf-pairs-r$r "$Q" "$T" "$V" $S --method mf --rank $r; done
  cell monbtaw rmf-pairmu-r4 "$Q" "$T" "$V" $S --method rmf --rank 4 --unfolding pairmu
  cell monbtaw rmf-mu-r2 "$Q" "$T" "$V" $S --method rmf --rank 2 --unfolding mu
  cell monbtaw tucker-t3-4.3.4 "$Q" "$T" "$V" $S --method tucker --ranks 4,3,4
  cell monbtaw tucker-t3-6.4.6 "$Q" "$T" "$V" $S --method tucker --ranks 6,4,6
  cell monbtaw tt-t3-4.6 "$Q" "$T" "$V" $S --method tt --ranks 4,6
  cell monbtaw tt-t3-6.6 "$Q" "$T" "$V" $S --method tt --ranks 6,6
  cell monbtaw mfra-pairs-r5 "$Q" "$T" "$V" $S --method mfra --rank 5
  table monbtaw "Nb-Mo-Ta-W (stand-in for the paper's Mo-Nb-Ta-W set: monbtaw-li2020), from the published level-14 quaternary.mtp"
fi
if [ "$SET" = template ] || [ "$SET" = all ]; then
  prepare_monbtaw
  P="$DATA/untrained_mtps/16.almtp"; T="$WORK/monbtaw-train.xyz"; V="$WORK/monbtaw-test.xyz"; S=Nb,Mo,Ta,W
  for seed in 1 2 3; do
    cell template full-l16-s$seed "$P" "$T" "$V" $S full-train --seed $seed
    cell template mf-pairs-r5-s$seed "$P" "$T" "$V" $S --method mf --rank 5 --seed $seed
    cell template mfra-pairs-r5-s$seed "$P" "$T" "$V" $S --method mfra --rank 5 --seed $seed
  done
  table template "Nb-Mo-Ta-W (stand-in: monbtaw-li2020), level 16 from the template: fixed-rank mf vs rank augmentation mfra over seeds"
fi
if [ "$SET" = template-methods ] || [ "$SET" = all ]; then
  # The other methods at about 50 % radial compression from the same template (seed 1); svd truncates the
  # seed-1 full fit of the template set.
  prepare_monbtaw
  P="$DATA/untrained_mtps/16.almtp"; T="$WORK/monbtaw-train.xyz"; V="$WORK/monbtaw-test.xyz"; S=Nb,Mo,Ta,W
  FULL="$OUT/template/logs/full-l16-s1.mtp"
  [ -s "$FULL" ] && cell template-methods svd-refit-pairs-r6-s1 "$FULL" "$T" "$V" $S --method svd --rank 6 --refit-linear
  cell template-methods rmf-pairs-r6-s1 "$P" "$T" "$V" $S --method rmf --rank 6 --seed 1
  cell template-methods tucker-t3-6.4.6-s1 "$P" "$T" "$V" $S --method tucker --ranks 6,4,6 --seed 1
  cell template-methods tt-t3-4.6-s1 "$P" "$T" "$V" $S --method tt --ranks 4,6 --seed 1
  table template-methods "Nb-Mo-Ta-W (stand-in: monbtaw-li2020), level 16 from the template: rmf, tucker, tt (seed 1) and svd of the full fit"
fi
if [ "$SET" = mo ] || [ "$SET" = all ]; then
  # One species: only the pairmu (= mu transposed) and tensor views have room for rank; stress left out of
  # the fit as for mo-l20.mtp (results/training/mo-l20). Level 20 costs ~8 s per iteration on one core, so
  # the Mo cells get ${MO_ITER:-40} iterations.
  P=results/training/mo-l20/mo-l20.mtp; T="$DATA/mlearn-zuo2020/data/Mo/training.json"; V="$DATA/mlearn-zuo2020/data/Mo/test.json"
  ITER=${MO_ITER:-40}
  cell mo full-l20 "$P" "$T" "$V" "" full
  for r in 1 2 3; do
    cell mo svd-refit-pairmu-r$r "$P" "$T" "$V" "" --method svd --rank $r --unfolding pairmu --refit-linear --stress-weight 0
    cell mo rmf-pairmu-r$r "$P" "$T" "$V" "" --method rmf --rank $r --unfolding pairmu --stress-weight 0
  done
  cell mo mfra-pairmu-r3 "$P" "$T" "$V" "" --method mfra --rank 3 --unfolding pairmu --stress-weight 0
  table mo "mlearn Mo (control, one species), level 20 from our trained mo-l20.mtp"
fi
if [ "$SET" = mo-formats ] || [ "$SET" = all ]; then
  # mf, Tucker and TT on the Mo control (one species: Tucker/TT ranks on (pair, μ, β) = (1, 5, 8)).
  P=results/training/mo-l20/mo-l20.mtp; T="$DATA/mlearn-zuo2020/data/Mo/training.json"; V="$DATA/mlearn-zuo2020/data/Mo/test.json"
  ITER=${MO_ITER:-40}
  cell mo-formats mf-pairmu-r2 "$P" "$T" "$V" "" --method mf --rank 2 --unfolding pairmu --stress-weight 0
  cell mo-formats tucker-t3-1.2.2 "$P" "$T" "$V" "" --method tucker --ranks 1,2,2 --stress-weight 0
  cell mo-formats tt-t3-1.2 "$P" "$T" "$V" "" --method tt --ranks 1,2 --stress-weight 0
  table mo-formats "mlearn Mo (control, one species), level 20 from mo-l20.mtp: mf, Tucker and TT"
fi
