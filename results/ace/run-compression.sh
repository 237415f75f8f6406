#!/usr/bin/env bash
# Regenerates results/ace/compression-table.md: crad compression of the two reference .yace potentials, fitted by
# the energy-only or the energy+force+virial loss (train's weights), with c̃ kept or fitted, and the deviation from
# the original potential on seeded reference sets (perturbed lattices + Langevin MD frames; ace-spec §10).
# Usage (from the repository root, after a Release build): bash results/ace/run-compression.sh
set -euo pipefail
L="nice -n 10 dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll"
ACE=${LRMLIP_REFERENCE_DATA:-../shared/reference-data}/ace
OUT=results/ace
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 20 perturbed lattices + 3 temperatures × 5 MD frames (1 ps each) per potential. InP stays at ≤ 900 K: at 1500 K
# its zinc blende falls apart within the picosecond (−70 eV vs −219 eV per cell), which would dominate the loss.
$L ace-sample "$ACE/Al-Ni_opt_all.yace" $OUT/alni-reference.cfg --lattice fcc --a 4.05 --count 20 --seed 7 \
  --md-temperatures 300,900,1500 --md-ps 1 --md-frames 5 --masses 26.9815,58.6934
$L ace-sample "$ACE/InP_pot.yace" $OUT/inp-reference.cfg --lattice zincblende --a 5.87 --count 20 --seed 7 \
  --md-temperatures 300,600,900 --md-ps 1 --md-frames 5 --masses 114.818,30.973762

EONLY="--force-weight 0 --stress-weight 0"
row() { # potential-name yace reference method view ranks loss-label [extra…]
  local name=$1 pot=$2 ref=$3 method=$4 view=$5 ranks=$6 lossname=$7; shift 7
  local rankflag=--rank; [[ $ranks == *,* ]] && rankflag=--ranks
  local ctilde=kept; [[ " $* " == *" --fit-ctilde "* ]] && ctilde=fitted
  local text
  text=$($L compress "$pot" "$ref" --method "$method" --unfolding "$view" $rankflag "$ranks" --save-to "$TMP/c.yace" --threads 2 "$@")
  local free e f v secs loss
  free=$(sed -n 's/^radial parameters: \([0-9]*\) free.*/\1/p' <<<"$text")
  e=$(sed -n 's/.*energy RMSE \([^ ]*\) eV\/atom.*/\1/p' <<<"$text")
  f=$(sed -n 's/.*force RMSE \([^ ]*\) eV\/Å.*/\1/p' <<<"$text")
  v=$(sed -n 's/.*virial RMSE \([^ ]*\) eV$/\1/p' <<<"$text")
  secs=$(sed -n 's/^fit .*, \([0-9.]*\) s): .*/\1/p' <<<"$text")
  loss=$(sed -n 's/^fit .* → \([^ ]*\)$/\1/p' <<<"$text")
  local iters; iters=$(sed -n 's/^fit ([^,]*, \([0-9]*\) iterations.*/\1/p' <<<"$text")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.4g | %.4g | %.4g | %s |\n' "$name" "$method" "$view" "$ranks" "$lossname" "$ctilde" \
    "$free" "${iters:--}" "${loss:--}" "$(python3 -c "print(1000*$e)")" "$(python3 -c "print(1000*$f)")" "$v" "${secs:--}"
}

{
  echo "| potential | method | view | ranks | loss | c̃ | radial params (free) | iterations | final loss | energy RMSE (meV/atom) | force RMSE (meV/Å) | virial RMSE (eV) | fit time (s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  # Loss E: --force-weight 0 --stress-weight 0 (energies only); E+F+S: train's defaults (1, 0.01, 0.001).
  # A c̃-fitted run of 2N iterations repeats the c̃-kept run of N iterations, then fits crad and c̃ for N more;
  # the c̃-kept run of 2N shows what N more crad-only iterations give instead.
  A="$ACE/Al-Ni_opt_all.yace"; AR=$OUT/alni-reference.cfg; N="--iteration-limit 150"; N2="--iteration-limit 300"
  row Al-Ni "$A" "$AR" svd pairmu 2 -
  row Al-Ni "$A" "$AR" svd pairmu 1 -
  row Al-Ni "$A" "$AR" rmf pairmu 1 E $N $EONLY
  row Al-Ni "$A" "$AR" rmf pairmu 1 E+F+S $N
  row Al-Ni "$A" "$AR" rmf pairmu 1 E+F+S $N2
  row Al-Ni "$A" "$AR" rmf pairmu 1 E+F+S $N2 --fit-ctilde
  row Al-Ni "$A" "$AR" mf pairmu 1 E $N $EONLY
  row Al-Ni "$A" "$AR" mf pairmu 1 E+F+S $N
  row Al-Ni "$A" "$AR" mf pairmu 1 E+F+S $N2 --fit-ctilde
  row Al-Ni "$A" "$AR" mfra pairmu 2 E+F+S $N2
  row Al-Ni "$A" "$AR" tucker tensor4 2,2,1,1 E+F+S $N
  row Al-Ni "$A" "$AR" tt tensor4 1,1,1 E+F+S $N
  I="$ACE/InP_pot.yace"; IR=$OUT/inp-reference.cfg; M="--iteration-limit 30"; M2="--iteration-limit 60"
  row InP "$I" "$IR" svd mu 3 -
  row InP "$I" "$IR" svd mu 2 -
  row InP "$I" "$IR" rmf mu 2 E $M $EONLY
  row InP "$I" "$IR" rmf mu 2 E+F+S $M
  row InP "$I" "$IR" rmf mu 2 E+F+S $M2
  row InP "$I" "$IR" rmf mu 2 E+F+S $M2 --fit-ctilde
  row InP "$I" "$IR" mf mu 2 E+F+S $M
  row InP "$I" "$IR" mfra mu 2 E+F+S $M2
  row InP "$I" "$IR" rmf mu 1 E+F+S $M
} > "$TMP/table.md"
mv "$TMP/table.md" $OUT/compression-table.md
cat $OUT/compression-table.md
