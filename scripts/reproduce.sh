#!/usr/bin/env bash
# Main job (issue 5 §5). Builds lrmlip, locates or fetches the data, then
#  1. reproduces the test-set errors of the published MTPs (mlearn Ni/Cu/Li/Mo/Si/Ge, Nb-Mo-Ta-W quaternary)
#     with `lrmlip calc-errors` → results/published-errors/table.md, table.json;
#  2. runs every experiment of scripts/experiments/*.json (`lrmlip experiment`; quick profile with --quick,
#     else the full profiles, which take hours and resume where they stopped) → results/NAME/ (full) or
#     results/NAME/quick/ (quick, not committed);
#  3. regenerates the headline tables of results/README.md (`lrmlip experiment --summary`).
# Data root: --data DIR, else $LRMLIP_DATA, else reference-data/external/, filled by scripts/fetch-data.sh
# (copied from ../shared/reference-data when that exists, downloaded otherwise; sha256-checked).
# The FLiNaK teacher dataset is the suite's own: generated on first use (scripts/generate-flinak.sh). Offline,
# without that copy: the steps whose external data is missing are skipped with one line each.
#
#   bash scripts/reproduce.sh [--quick] [--data DIR] [--threads N] [--only NAME[,NAME…]]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${LRMLIP_DATA:-reference-data/external}"
threads=$(nproc)
profile=full
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) profile=quick; shift ;;
    --data) data="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "usage: scripts/reproduce.sh [--quick] [--data DIR] [--threads N] [--only EXPERIMENT[,…]]" >&2; exit 2 ;;
  esac
done
start=$(date +%s)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Data: fill the data root (files already there with the right checksum are kept).
mirror=../shared/reference-data
if [[ -d "$mirror" && "$(cd "$mirror" && pwd -P)" != "$(mkdir -p "$data" && cd "$data" && pwd -P)" ]]; then
  bash scripts/fetch-data.sh --from "$mirror" --data "$data" || echo "reproduce: some data could not be copied from $mirror; the steps that need it are skipped" >&2
elif [[ ! -d "$mirror" ]]; then
  bash scripts/fetch-data.sh --data "$data" || echo "reproduce: some data could not be downloaded (offline?); the steps that need it are skipped" >&2
fi

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
dotnet publish src/LowRankMlip.Cli -c Release -o "$bin" >/dev/null
lrmlip="$bin/lrmlip"
bash scripts/generate-flinak.sh --lrmlip "$lrmlip"

# 1. Published MTPs on their test sets (skipped, with one line, when their data are not under the data root).
missing=""
for f in "$data"/mlearn-zuo2020/fitted-mtp/{Ni,Cu,Li,Mo,Si,Ge}/fitted.mtp "$data"/mlearn-zuo2020/data/{Ni,Cu,Li,Mo,Si,Ge}/test.json \
         "$data/monbtaw-li2020/mtp-yin2021/quaternary.mtp" "$data/monbtaw-li2020/training/Mo_Test.json"; do
  [[ -f "$f" ]] || { missing="$f"; break; }
done
published_errors() { # (body not indented: its heredoc ends at column 0)
out=results/published-errors
mkdir -p "$out"
md=$(mktemp); js=$(mktemp)
{
  echo "# Published MTPs on their test sets (reproduced with lrmlip calc-errors)"
  echo
  echo "Command: \`scripts/reproduce.sh\` (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo "Reference values: energy RMSE per atom from datasets.md §4 (independent evaluator)."
  echo
  echo "| potential | test set | configs | energy RMSE meV/atom | reference | energy MAE meV/atom | force RMSE eV/Å (component) | force MAE eV/Å |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$md"
echo "[" > "$js"
first=1
row() { # name potential data reference [extra args]
  local name="$1" pot="$2" set="$3" ref="$4"; shift 4
  local json
  json=$("$lrmlip" calc-errors "$pot" "$set" --json --threads "$threads" "$@")
  python3 - "$name" "$ref" "$json" "$(basename "$set")" >> "$md" <<'PY'
import json, sys
name, ref, j, setname = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
print(f"| {name} | {setname} | {j['configurations']} | {1000*j['energy_rmse_per_atom']:.3f} | {ref} | {1000*j['energy_mae_per_atom']:.3f} | {j['force_rmse_component']:.4f} | {j['force_mae_component']:.4f} |")
PY
  [[ $first == 1 ]] || echo "," >> "$js"; first=0
  echo "{\"potential\": \"$name\", \"reference_energy_rmse_mev_per_atom\": $ref, \"errors\": $json}" >> "$js"
  echo "reproduce: $name done" >&2
}
for pair in Ni:0.746 Cu:0.516 Li:0.660 Mo:3.978 Si:3.026 Ge:3.684; do
  el=${pair%%:*}; ref=${pair##*:}
  row "mlearn $el" "$data/mlearn-zuo2020/fitted-mtp/$el/fitted.mtp" "$data/mlearn-zuo2020/data/$el/test.json" "$ref"
done
for f in "$data"/monbtaw-li2020/training/*_Test.json; do "$lrmlip" convert "$f" "$bin/$(basename "$f" .json).xyz" 2>/dev/null; done
cat "$bin"/*_Test.xyz > "$bin/all_Test.xyz"
row "Nb-Mo-Ta-W quaternary" "$data/monbtaw-li2020/mtp-yin2021/quaternary.mtp" "$bin/all_Test.xyz" 7.003 --species Nb,Mo,Ta,W
echo "]" >> "$js"
mv "$md" "$out/table.md"; mv "$js" "$out/table.json"
cat "$out/table.md"
}
if [[ -z "$missing" ]]; then
  published_errors
else
  echo "reproduce: skipping the published-errors table: $missing is missing (bash scripts/fetch-data.sh --data $data)" >&2
fi

# 2. Experiments (each resumes: finished cells are kept).
for definition in scripts/experiments/*.json; do
  name=$(basename "$definition" .json)
  if [[ -n "$only" && ",$only," != *",$name,"* ]]; then continue; fi
  # A definition whose data are missing is skipped with the dataset's name (other errors stop the run).
  if ! err=$("$lrmlip" experiment "$definition" --profile "$profile" --data "$data" --list 2>&1 >/dev/null); then
    dataset=$(sed -n "s/.*dataset '\([^']*\)' is missing under the data root.*/\1/p" <<<"$err" | head -1)
    if [[ -z "$dataset" ]]; then echo "$err" >&2; exit 1; fi
    echo "reproduce: skipping experiment $name: dataset '$dataset' is missing under $data (bash scripts/fetch-data.sh --data $data --only $dataset)" >&2
    continue
  fi
  echo "reproduce: experiment $name ($profile profile)" >&2
  "$lrmlip" experiment "$definition" --profile "$profile" --data "$data" --threads "$threads" >/dev/null
done

# 3. Summary.
"$lrmlip" experiment --summary --results results
echo "reproduce: done in $(( $(date +%s) - start )) s ($profile profile); summary in results/README.md" >&2
