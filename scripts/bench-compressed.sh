#!/usr/bin/env bash
# Speed from the rank: `lrmlip bench` of compressed potentials of μ-rank r on the MLIP-3 anchor input
# (1001 cubic Cu cells), each timed in one run against the dense evaluator and against the latent kernels
# at full rank (the control). Writes DIR/compressed.{json,md} (default results/bench/) atomically.
#
#   scripts/bench-compressed.sh [--levels "16 20"] [--ranks "1 2 3"] [--repeat 5] [--out DIR]
#
# Each compressed potential is the truncated SVD of the μ-unfolding of the motep cubic potential of that
# level (`lrmlip compress POT DATA --method svd --unfolding mu --rank r`): a speed fixture, not a fit.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEVELS="16 20"; RANKS="1 2 3"; REPEAT=5; OUT_DIR="$REPO/results/bench"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --levels) LEVELS=$2; shift 2 ;; --ranks) RANKS=$2; shift 2 ;; --repeat) REPEAT=$2; shift 2 ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench-compressed.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
REF=${LRMLIP_REFERENCE_DATA:-}
if [[ -z "$REF" ]]; then
  d=$REPO; while [[ "$d" != "/" && ! -d "$d/shared/reference-data" ]]; do d=$(dirname "$d"); done
  REF="$d/shared/reference-data"
fi
[[ -d "$REF" ]] || { echo "bench-compressed.sh: reference data not found; set LRMLIP_REFERENCE_DATA" >&2; exit 1; }
CUBIC="$REF/motep-mtp-oracle/original/crystals/cubic/training.cfg"
unset DOTNET_EnableAVX512 DOTNET_EnableHWIntrinsic DOTNET_EnableAVX2 DOTNET_PreferredVectorBitWidth
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lrmlip-benchc.XXXXXX"); trap 'rm -rf "$TMP"' EXIT
dotnet publish "$REPO/src/LowRankMlip.Cli" -c Release -o "$TMP/cli" -m:1 -nologo -v q >&2
LR="$TMP/cli/lrmlip"
: > "$TMP/rows.jsonl"
for level in $LEVELS; do
  pot="$REF/motep-mtp-oracle/fitting/crystals/cubic/$level/pot.mtp"
  for r in $RANKS; do
    "$LR" compress "$pot" "$CUBIC" --method svd --unfolding mu --rank "$r" --threads 1 --save-to "$TMP/c$level-$r.lrmtp" >/dev/null 2>&1
    echo "== level $level, μ-rank $r" >&2
    "$LR" bench "$TMP/c$level-$r.lrmtp" "$CUBIC" --threads 1 --repeat "$REPEAT" --json | sed "s/^{/{\"level_name\":$level,\"rank\":$r,/" >> "$TMP/rows.jsonl"
  done
done
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
python3 - "$TMP/rows.jsonl" "$OUT_DIR" "$COMMIT" "$MODEL" "$REPEAT" <<'PY'
import json, os, sys, tempfile
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
outdir, commit, model, repeat = sys.argv[2:6]
os.makedirs(outdir, exist_ok=True)
doc = {"command": "scripts/bench-compressed.sh", "commit": commit, "cpu": model, "repeat": int(repeat),
       "rows": [{k: r[k] for k in ("level", "rank", "kernel_path", "us_per_atom", "dense_us_per_atom", "latent_full_rank_us_per_atom",
                                   "speedup_over_dense", "speedup_over_full_rank_latent") if k in r} for r in rows]}
md = [f"# Compressed (latent) evaluation against the dense evaluator\n",
      f"`scripts/bench-compressed.sh` at {commit}, {model}, 1 thread, median of {repeat} passes over the 1001 cubic Cu cells.\n",
      "| level | μ-rank | latent µs/atom | dense µs/atom | full-rank latent µs/atom | speed-up over dense | over full-rank latent |",
      "|---:|---:|---:|---:|---:|---:|---:|"]
for r in doc["rows"]:
    md.append(f"| {r['level']} | {r['rank']} | {r['us_per_atom']:.2f} | {r.get('dense_us_per_atom', float('nan')):.2f} | "
              f"{r.get('latent_full_rank_us_per_atom', float('nan')):.2f} | {r.get('speedup_over_dense', float('nan')):.2f}× | {r.get('speedup_over_full_rank_latent', float('nan')):.2f}× |")
def atomic(path, text):
    fd, tmp = tempfile.mkstemp(dir=outdir); os.write(fd, text.encode()); os.close(fd); os.replace(tmp, path)
atomic(os.path.join(outdir, "compressed.json"), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
atomic(os.path.join(outdir, "compressed.md"), "\n".join(md) + "\n")
print("\n".join(md))
PY
