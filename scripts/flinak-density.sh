#!/usr/bin/env bash
# FLiNaK density versus temperature (issue 8 §4): fits a full MTP to the rigid-ion teacher set, compresses it
# with several low-rank methods, runs NPT with every model and writes results/flinak/density.csv + density.png.
#
#   bash scripts/flinak-density.sh [--data DIR] [--with-teacher] [--models full,rmf-r6,…] [--lrmlip PATH]
#
# Every step is deterministic (iteration limits, not time limits; seeded MD) and resumable: a potential that
# exists is kept, and `md --resume` continues each temperature from its checkpoint. The teacher rows are only
# recomputed with --with-teacher (Ewald MD of 100 ions, ≈ 15 min on one core); the MTP rows take ≈ 3 min per
# model after its fit. The full MTP uses MLIP's RBChebyshev_repuls basis (mtp-spec §3.1): the template's basis
# with a steep pair wall below min_dist, so MD cannot fall into the unphysical short-distance region that the
# training set never sampled (without it the fitted models lose the thermostat within 10–30 ps).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${LRMLIP_DATA:-reference-data/external}"
[[ -d "$data/untrained_mtps" ]] || data=../shared/reference-data
models="full,rmf-r6,mf-r6,mfra-r6,tucker-6-3-6,rmf-r4"
with_teacher=0
lrmlip=(dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --with-teacher) with_teacher=1; shift ;;
    --models) models="$2"; shift 2 ;;
    --lrmlip) lrmlip=("$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "flinak-density.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
template="$data/untrained_mtps/10.almtp"
[[ -f "$template" ]] || { echo "flinak-density.sh: $template not found (MLIP-3 templates; see README 'Data')" >&2; exit 1; }
[[ "${lrmlip[0]}" != dotnet ]] || dotnet build src/LowRankMlip.Cli -c Release >/dev/null
bash scripts/generate-flinak.sh --lrmlip "${lrmlip[*]}"

out=results/flinak
pot=$out/potentials
train=reference-data/flinak-teacher/flinak-teacher.cfg
temperatures=800,900,1000,1100,1200
md_common=(--temperatures "$temperatures" --equilibrate-ps 5 --production-ps 30 --seed 1 --out "$out" --resume)
mkdir -p "$pot"

# The MTP runs start from a teacher-equilibrated frame of the dataset (frame 149: 1000 K, 1.70 g/cm³).
start=$pot/start-1000K.cfg
python3 - "$train" "$start" <<'PY'
import os, sys
frames = open(sys.argv[1]).read().split("BEGIN_CFG")[1:]
tmp = sys.argv[2] + ".tmp"
open(tmp, "w").write("BEGIN_CFG" + frames[149])
os.replace(tmp, sys.argv[2])
PY

if [[ $with_teacher == 1 ]]; then
  "${lrmlip[@]}" md teacher --atoms 100 "${md_common[@]}"
fi

# Training set of the MD models: the teacher set plus hot frames (1600/2200 K and 3000/4000 K, up to 2.2 g/cm³),
# which sample the 1.25–1.6 Å cation–anion contacts that the 700–1300 K set barely has; without them the fitted
# models are too soft there and a pair collapses onto the repulsive wall within 10–30 ps at 1100–1200 K.
if [[ ! -f $pot/train-md.cfg ]]; then
  [[ -f $pot/hot.cfg ]] || "${lrmlip[@]}" generate flinak --atoms 100 --temperatures 1600,2200 --densities 1.70,1.87,2.0 --frames 90 --seed 2 --interval-fs 100 --out "$pot/hot.cfg"
  [[ -f $pot/hot2.cfg ]] || "${lrmlip[@]}" generate flinak --atoms 100 --temperatures 3000,4000 --densities 1.87,2.0,2.2 --frames 90 --seed 3 --interval-fs 100 --out "$pot/hot2.cfg"
  cat "$train" "$pot/hot.cfg" "$pot/hot2.cfg" > "$pot/train-md.cfg.tmp" && mv "$pot/train-md.cfg.tmp" "$pot/train-md.cfg"
fi
train=$pot/train-md.cfg

# Full model: level-10 template with the repulsive basis, 600 BFGS iterations (2 threads: the reduction order,
# and so the result, depends on the thread count).
if [[ ! -f $pot/full.mtp ]]; then
  sed 's/^radial_basis_type = RBChebyshev\r\?$/radial_basis_type = RBChebyshev_repuls/' "$template" > "$pot/10-repuls.almtp"
  grep -q '^radial_basis_type = RBChebyshev_repuls$' "$pot/10-repuls.almtp" || { echo "flinak-density.sh: unexpected basis line in $template" >&2; exit 1; }
  "${lrmlip[@]}" train "$pot/10-repuls.almtp" "$train" --save-to "$pot/full.mtp" --threads 2 --iteration-limit 600
fi

# Compressed models (pairs view (a,b) × (μ,β) = 16 × 24 for 4 species; rank 6 ≈ 47 % of the 384 radial
# coefficients removed, rank 4 ≈ 62 %), each refitted for 150 iterations from the full model (2 threads).
compress_args() {
  case "$1" in
    rmf-r6) echo "--method rmf --rank 6" ;;
    rmf-r4) echo "--method rmf --rank 4" ;;
    mf-r6) echo "--method mf --rank 6" ;;
    mfra-r6) echo "--method mfra --rank 6" ;;
    tucker-6-3-6) echo "--method tucker --unfolding tensor3 --ranks 6,3,6" ;;
    *) echo "flinak-density.sh: unknown model $1" >&2; return 1 ;;
  esac
}
IFS=, read -r -a wanted <<<"$models"
for model in "${wanted[@]}"; do
  file=$pot/full.mtp
  if [[ $model != full ]]; then
    file=$pot/$model.lrmtp
    args=$(compress_args "$model")
    # shellcheck disable=SC2086
    [[ -f $file ]] || "${lrmlip[@]}" compress "$pot/full.mtp" "$train" $args --threads 2 --iteration-limit 150 --save-to "$file"
  fi
  # md exits with 3 when a temperature went unstable (no row written); keep going with the other models.
  "${lrmlip[@]}" md "$file" --model-name "$model" --from "$start" --melt-ps 0 "${md_common[@]}" || echo "flinak-density.sh: $model: md exited with $?" >&2
done
echo "flinak-density.sh: table in $out/density.csv, plot in $out/density.png"
