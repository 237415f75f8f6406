#!/usr/bin/env bash
# How far two threads can scale on this machine, and how far training does (issue 3, "near-linear on two").
#  1. Ceiling of the hardware: a register-only AVX2 FMA loop (10 independent chains, no memory traffic) alone and
#     as two simultaneous processes; on two dedicated cores the pair takes as long as one, and any extra CPU
#     time is the host's (shared cores, all-core clocks).
#  2. Training: `lrmlip train` level 10 on the first 300 cubic Cu cells, 60 iterations, 1 and 2 threads
#     alternating (wall time of iterations 10–60 from the progress lines), and two 1-thread runs together.
#
#   bash scripts/vcpu-scaling.sh [--data DIR] [--lrmlip PATH] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/measure.sh
data=$(reference_data)
lrmlip=(dotnet src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll)
rounds=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --lrmlip) lrmlip=("$2"); shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "vcpu-scaling.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
uptime

cat > "$work/fma.c" <<'C'
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = atol(argv[1]);
  __m256d a[10], m = _mm256_set1_pd(0.999999), b = _mm256_set1_pd(1e-7);
  for (int k = 0; k < 10; k++) a[k] = _mm256_set1_pd(k);
  for (long i = 0; i < n; i++)
    for (int k = 0; k < 10; k++) a[k] = _mm256_fmadd_pd(a[k], m, b);
  double s = 0, t[4];
  for (int k = 0; k < 10; k++) { _mm256_storeu_pd(t, a[k]); s += t[0] + t[1] + t[2] + t[3]; }
  printf("%g\n", s);
  return 0;
}
C
gcc -O2 -mavx2 -mfma "$work/fma.c" -o "$work/fma"
for ((r = 0; r < rounds; r++)); do
  /usr/bin/time -f "fma alone:   wall %e s, cpu %U s" "$work/fma" 300000000 >/dev/null
  ( /usr/bin/time -f "fma pair a:  wall %e s, cpu %U s" "$work/fma" 300000000 >/dev/null &
    /usr/bin/time -f "fma pair b:  wall %e s, cpu %U s" "$work/fma" 300000000 >/dev/null; wait )
done 2>&1

cfg_subset "$data/motep-mtp-oracle/original/crystals/cubic/training.cfg" "$work/cubic300.cfg" 1 300
template="$data/untrained_mtps/10.almtp"
train() { "${lrmlip[@]}" train "$template" "$work/cubic300.cfg" --save-to "$work/o$1-$2.mtp" --iteration-limit 60 --tolerance 0 --threads "$1" 2>&1; }
span() { awk '/^iter +10 /{for(i=1;i<=NF;i++) if($i=="s") a=$(i-1)} /^iter +60 /{for(i=1;i<=NF;i++) if($i=="s") b=$(i-1)} END{printf "%.2f", b-a}'; }
for ((r = 0; r < rounds; r++)); do
  for th in 1 2; do echo "train, $th thread(s): iterations 10-60 in $(train "$th" "$r" | span) s"; done
done
( train 1 a | span > "$work/a" & train 1 b | span > "$work/b"; wait )
echo "train, two 1-thread runs together: iterations 10-60 in $(cat "$work/a") s and $(cat "$work/b") s"
