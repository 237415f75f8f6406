#!/usr/bin/env bash
# Whole-process throughput of `lrmlip calc-efs` against the MLIP-3 anchor timings (mtp-spec §13.2),
# and optionally the BenchmarkDotNet kernel suites. Writes results/bench/calc-efs.{md,json} atomically.
#
#   scripts/bench.sh [--runs N] [--levels "10 16 20 24"] [--no-quaternary] [--kernels] [--kernel-filter GLOBS] [--out DIR]
#
# Reference data: $LRMLIP_REFERENCE_DATA, else shared/reference-data above the repository.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=3
LEVELS="10 16 20 24"
QUATERNARY=1
KERNELS=0
KERNEL_FILTER="*NeighbourKernel* *Contraction* *Evaluator*"
OUT_DIR=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --levels) LEVELS=$2; shift 2 ;;
    --no-quaternary) QUATERNARY=0; shift ;;
    --kernels) KERNELS=1; shift ;;
    --kernel-filter) KERNEL_FILTER=$2; shift 2 ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

find_reference() {
  if [[ -n "${LRMLIP_REFERENCE_DATA:-}" ]]; then echo "$LRMLIP_REFERENCE_DATA"; return; fi
  local d=$REPO
  while [[ "$d" != "/" ]]; do
    if [[ -d "$d/shared/reference-data" ]]; then echo "$d/shared/reference-data"; return; fi
    d=$(dirname "$d")
  done
  echo "bench.sh: shared/reference-data not found above $REPO; set LRMLIP_REFERENCE_DATA" >&2; exit 1
}
REF=$(find_reference)
CUBIC="$REF/motep-mtp-oracle/original/crystals/cubic/training.cfg"
pot_of() {
  case "$1" in
    10|16|20) echo "$REF/motep-mtp-oracle/fitting/crystals/cubic/$1/pot.mtp" ;;
    24) echo "$REF/samples/motep/tests/data_path/fitting/crystals/cubic/24/pot.mtp" ;;
  esac
}
anchor_of() { case "$1" in 10) echo 0.61 ;; 16) echo 2.49 ;; 20) echo 5.73 ;; 24) echo 12.63 ;; *) echo "" ;; esac; }
QUAT_POT="$REF/monbtaw-li2020/mtp-yin2021/quaternary.mtp"

# The runs compare kernel paths through these two variables only; start from a clean environment.
unset DOTNET_EnableAVX512 DOTNET_EnableHWIntrinsic DOTNET_EnableAVX2 DOTNET_PreferredVectorBitWidth

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lrmlip-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "== publishing the CLI (Release) into $TMP/cli" >&2
dotnet publish "$REPO/src/LowRankMlip.Cli" -c Release -o "$TMP/cli" -m:1 -nologo -v q >&2
LRMLIP="$TMP/cli/lrmlip"

atoms_of() { awk '/^[ \t]*Size[ \t]*$/ { getline; s += $1 } END { print s }' "$1"; }
configs_of() { grep -c '^[ \t]*BEGIN_CFG' "$1"; }

# median wall-clock seconds of $RUNS runs of: env ENV... COMMAND...
time_median() {
  local envspec=$1; shift
  local times=() i t0 t1
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s.%N)
    if ! env $envspec "$@" >/dev/null 2>"$TMP/stderr"; then
      echo "bench.sh: $* failed:" >&2; cat "$TMP/stderr" >&2; exit 1
    fi
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f\n", m }'
}

ROWS="$TMP/rows.tsv"
: > "$ROWS"
# row: case level threads env wall_s atoms configs anchor_s command
# measure CASE LEVEL ATOMS CONFIGS ANCHOR DISPLAY-COMMAND RUNNER...; RUNNER gets --threads N appended.
measure() {
  local case=$1 level=$2 atoms=$3 configs=$4 anchor=$5 display=$6; shift 6
  local threads envspec label wall
  for spec in "1|" "2|" "1|DOTNET_EnableAVX512=0" "1|DOTNET_EnableHWIntrinsic=0"; do
    threads=${spec%%|*}; envspec=${spec#*|}; label=${envspec:-default}
    echo "== $case level $level, --threads $threads, env $label" >&2
    # shellcheck disable=SC2086
    wall=$(time_median "$envspec" "$@" --threads "$threads")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$level" "$threads" "$label" "$wall" "$atoms" "$configs" "$anchor" \
      "$(if [[ $display == *@E@* ]]; then d=${display//@E@/${envspec:+export $envspec; }}; else d="${envspec:+$envspec }$display"; fi; echo "${d//@T@/$threads}")" >> "$ROWS"
    echo "   median wall $wall s" >&2
  done
}

CUBIC_ATOMS=$(atoms_of "$CUBIC"); CUBIC_CONFIGS=$(configs_of "$CUBIC")
# One untimed run so the first measurement does not pay for a cold page cache.
"$LRMLIP" calc-efs "$(pot_of 10)" "$CUBIC" "$TMP/out.cfg" --threads 2 >/dev/null
for level in $LEVELS; do
  pot=$(pot_of "$level")
  measure cubic "$level" "$CUBIC_ATOMS" "$CUBIC_CONFIGS" "$(anchor_of "$level")" \
    "lrmlip calc-efs $pot $CUBIC OUT --threads @T@" \
    "$LRMLIP" calc-efs "$pot" "$CUBIC" "$TMP/out.cfg"
done

if [[ $QUATERNARY -eq 1 ]]; then
  # All 376 test configurations in one .cfg (converted types are atomic numbers; --species maps them).
  QUAT_CFG="$TMP/quaternary_test.cfg"
  : > "$QUAT_CFG"
  for f in "$REF"/monbtaw-li2020/training/*_Test.json; do
    "$LRMLIP" convert "$f" "$TMP/one.cfg" --lossless >/dev/null 2>&1
    cat "$TMP/one.cfg" >> "$QUAT_CFG"
  done
  measure quaternary 14 "$(atoms_of "$QUAT_CFG")" "$(configs_of "$QUAT_CFG")" "" \
    "lrmlip calc-efs $QUAT_POT quaternary_test.cfg OUT --species Nb,Mo,Ta,W --threads @T@  # quaternary_test.cfg = lrmlip convert of every *_Test.json, concatenated" \
    "$LRMLIP" calc-efs "$QUAT_POT" "$QUAT_CFG" "$TMP/out.cfg" --species Nb,Mo,Ta,W
fi

# Machine and build identification.
MODEL=$(lscpu | sed -n 's/^Model name:[ \t]*//p' | head -1)
FLAGS=$(grep -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ' | sed 's/ $//')
CORES=$(nproc)
DOTNET=$(dotnet --version)
COMMIT=$(git -C "$REPO" rev-parse HEAD)
DIRTY=$(git -C "$REPO" status --porcelain -- src | grep -q . && echo " (src modified)" || true)
KERNELDESC=$("$LRMLIP" --version)
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
CMDLINE="scripts/bench.sh${*:+ $*} (runs=$RUNS, levels=$LEVELS)"

OUT_DIR=${OUT_DIR:-$REPO/results/bench}
mkdir -p "$OUT_DIR"
python3 - "$ROWS" "$OUT_DIR" "$MODEL" "$FLAGS" "$CORES" "$DOTNET" "$COMMIT$DIRTY" "$KERNELDESC" "$DATE" "$RUNS" "$CUBIC" "$REF" <<'PY'
import json, os, sys, tempfile
rows_path, outdir, model, flags, cores, dotnet, commit, kernels, date, runs, cubic, ref = sys.argv[1:]
rows = []
for line in open(rows_path):
    case, level, threads, env, wall, atoms, configs, anchor, command = line.rstrip("\n").split("\t")
    threads, wall, atoms = int(threads), float(wall), int(atoms)
    anchor_s = float(anchor) if anchor else None
    rows.append(dict(case=case, level=int(level), threads=threads, env=env, wall_s=wall,
                     configurations=int(configs), atoms=atoms,
                     us_per_atom=round(wall / atoms * 1e6, 3),
                     us_per_atom_per_core=round(wall * threads / atoms * 1e6, 3),
                     anchor_s=anchor_s, speedup=round(anchor_s / wall, 3) if anchor_s else None,
                     command=command.replace(ref, "$REF")))
machine = dict(cpu=model, flags=flags, cores=int(cores), dotnet=dotnet, commit=commit, lrmlip=kernels, date=date)
doc = dict(machine=machine, command="scripts/bench.sh", runs_per_row=int(runs), statistic="median wall-clock seconds (whole process, file I/O included)",
           reference_data="$REF = " + ref, anchor="MLIP-3 mlp calculate_efs, serial, same 2-core machine kind (mtp-spec 13.2)", rows=rows)

def fmt(x, nd=2): return "–" if x is None else f"{x:.{nd}f}"
md = []
md.append("# `lrmlip calc-efs` whole-process throughput\n")
md.append(f"Generated by `scripts/bench.sh` on {date}. Median of {runs} wall-clock runs per row (process start, file I/O and "
          "neighbour lists included), output written to a temp file. µs/atom·core = wall × threads / atoms. "
          "Speedup = MLIP-3 anchor seconds / ours (mtp-spec §13.2: serial `mlp calculate_efs`, same 2-core machine kind).\n")
md.append("| data | level | threads | env | wall s | µs/atom | µs/atom·core | MLIP-3 s | speedup |")
md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|")
for r in rows:
    data = f"cubic ({r['configurations']}×32)" if r["case"] == "cubic" else f"Nb-Mo-Ta-W *_Test ({r['configurations']} cfg, {r['atoms']} atoms)"
    md.append(f"| {data} | {r['level']} | {r['threads']} | {r['env']} | {r['wall_s']:.3f} | {r['us_per_atom']:.2f} | "
              f"{r['us_per_atom_per_core']:.2f} | {fmt(r['anchor_s'])} | {fmt(r['speedup'])} |")
md.append("\n## Vector / scalar ratios (threads 1, wall-clock)\n")
md.append("| data | level | AVX-512 s | AVX2 s | scalar s | scalar/AVX-512 | scalar/AVX2 | AVX2/AVX-512 | 2 threads speedup |")
md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
keys = []
for r in rows:
    k = (r["case"], r["level"])
    if k not in keys: keys.append(k)
for k in keys:
    g = {(r["threads"], r["env"]): r["wall_s"] for r in rows if (r["case"], r["level"]) == k}
    a5, a2, sc, t2 = g.get((1, "default")), g.get((1, "DOTNET_EnableAVX512=0")), g.get((1, "DOTNET_EnableHWIntrinsic=0")), g.get((2, "default"))
    md.append(f"| {k[0]} | {k[1]} | {a5:.3f} | {a2:.3f} | {sc:.3f} | {sc/a5:.2f} | {sc/a2:.2f} | {a2/a5:.2f} | {a5/t2:.2f} |")
md.append("\n## Commands\n")
md.append("`$REF` = " + ref + "; `lrmlip` = the CLI published by the script (`dotnet publish src/LowRankMlip.Cli -c Release`).")
md.append("Quaternary: all 376 `monbtaw-li2020/training/*_Test.json` configurations converted to one .cfg (atomic-number types, mapped by `--species`). No MLIP-3 anchor exists for it.\n")
md.append("```")
for r in rows: md.append(r["command"])
md.append("```\n")
md.append("## Machine\n")
md.append(f"- CPU: {model} ({cores} cores visible), flags: {flags}")
md.append(f"- .NET SDK: {dotnet}; `{kernels}`")
md.append(f"- git commit: {commit}")
def atomic(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f: f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
atomic(os.path.join(outdir, "calc-efs.md"), "\n".join(md) + "\n")
atomic(os.path.join(outdir, "calc-efs.json"), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print("\n".join(md))
PY

if [[ $KERNELS -eq 1 ]]; then
  echo "== BenchmarkDotNet kernel suites (short job): $KERNEL_FILTER" >&2
  dotnet build "$REPO/perf/LowRankMlip.Perf" -c Release -m:1 -nologo -v q >&2
  set -f; read -r -a filters <<< "$KERNEL_FILTER"; set +f   # globs go to BenchmarkDotNet unexpanded
  (cd "$REPO/perf/LowRankMlip.Perf" && dotnet bin/Release/net10.0/LowRankMlip.Perf.dll --short \
      --filter "${filters[@]}" --artifacts "$TMP/bdn") >&2
  mkdir -p "$REPO/results/bench/kernels"
  for f in "$TMP"/bdn/results/*-report-github.md "$TMP"/bdn/results/*-asm.md; do
    [[ -e "$f" ]] || continue
    cp "$f" "$REPO/results/bench/kernels/.tmp-$(basename "$f")"
    mv "$REPO/results/bench/kernels/.tmp-$(basename "$f")" "$REPO/results/bench/kernels/$(basename "$f")"
  done
fi
