#!/usr/bin/env bash
# Regenerates results/ace/compression.md: crad compression of the two reference .yace potentials,
# deviation from the original potential on seeded perturbed-lattice reference sets (ace-spec §10).
# Usage (from the repository root, after a Release build): bash results/ace/run-compression.sh
set -euo pipefail
L="dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll"
ACE=${LRMLIP_REFERENCE_DATA:-../shared/reference-data}/ace
OUT=results/ace
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

$L ace-sample "$ACE/Al-Ni_opt_all.yace" $OUT/alni-reference.cfg --lattice fcc --a 4.05 --count 20 --seed 7
$L ace-sample "$ACE/InP_pot.yace" $OUT/inp-reference.cfg --lattice zincblende --a 5.87 --count 20 --seed 7

row() { # potential-name yace reference method view ranks [extra…]
  local name=$1 pot=$2 ref=$3 method=$4 view=$5 ranks=$6; shift 6
  local rankflag=--rank; [[ $ranks == *,* ]] && rankflag=--ranks
  local text
  text=$($L compress "$pot" "$ref" --method "$method" --unfolding "$view" $rankflag "$ranks" --save-to "$TMP/c.yace" --threads 2 "$@")
  local free live e f
  free=$(sed -n 's/^radial parameters: \([0-9]*\) free.*/\1/p' <<<"$text")
  live=$(sed -n 's/.*, \([0-9]*\) live).*/\1/p' <<<"$text")
  e=$(sed -n 's/.*energy RMSE \([^ ]*\) eV\/atom.*/\1/p' <<<"$text")
  f=$(sed -n 's/.*force RMSE \([^ ]*\) eV\/Å.*/\1/p' <<<"$text")
  printf '| %s | %s | %s | %s | %s | %s | %.4g | %.4g |\n' "$name" "$method" "$view" "$ranks" "$free" "$live" \
    "$(python3 -c "print(1000*$e)")" "$(python3 -c "print(1000*$f)")"
}

{
  echo "| potential | method | view | ranks | radial params (free) | live crad entries | energy RMSE (meV/atom) | force RMSE (meV/Å) |"
  echo "|---|---|---|---|---|---|---|---|"
  A="$ACE/Al-Ni_opt_all.yace"; AR=$OUT/alni-reference.cfg
  row Al-Ni "$A" "$AR" svd pairmu 2
  row Al-Ni "$A" "$AR" svd pairmu 1
  row Al-Ni "$A" "$AR" rmf pairmu 1 --iteration-limit 100
  row Al-Ni "$A" "$AR" mf pairmu 1 --iteration-limit 100
  row Al-Ni "$A" "$AR" svd mu 1
  row Al-Ni "$A" "$AR" rmf mu 1 --iteration-limit 100
  row Al-Ni "$A" "$AR" svd tensor4 2,2,1,1
  row Al-Ni "$A" "$AR" tucker tensor4 2,2,1,1 --iteration-limit 100
  row Al-Ni "$A" "$AR" svd tensor4 1,1,1
  row Al-Ni "$A" "$AR" tt tensor4 1,1,1 --iteration-limit 100
  I="$ACE/InP_pot.yace"; IR=$OUT/inp-reference.cfg
  row InP "$I" "$IR" svd mu 3
  row InP "$I" "$IR" svd mu 2
  row InP "$I" "$IR" rmf mu 2 --iteration-limit 30
  row InP "$I" "$IR" mf mu 2 --iteration-limit 30
  row InP "$I" "$IR" svd mu 1
  row InP "$I" "$IR" rmf mu 1 --iteration-limit 30
  row InP "$I" "$IR" svd pairmu 3
  row InP "$I" "$IR" svd pairs 1
} > "$TMP/table.md"
mv "$TMP/table.md" $OUT/compression-table.md
cat $OUT/compression-table.md
