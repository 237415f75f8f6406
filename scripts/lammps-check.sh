#!/usr/bin/env bash
# Cross-check of the rigid-ion teacher against LAMMPS (issue 8 §5): the same FLiNaK configuration's energy,
# forces and virial from `lrmlip label` and from LAMMPS born/coul/long + Ewald (flinak-teacher §1, §3.2).
# The §5 core (an r⁻¹² term LAMMPS born lacks) is switched off on both sides; Set P coefficients are the
# §3.2 table (5 significant digits, D entered as −D_TF: the §0 item 3 sign trap).
# usage: scripts/lammps-check.sh [FRAMES.cfg] [FRAME-INDEX]   (needs lmp, python3, a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-reference-data/flinak-teacher/flinak-teacher.cfg}
index=${2:-0}
lmp=$(command -v lmp || command -v lmp_serial || true)
[ -n "$lmp" ] || { echo "lammps-check: LAMMPS (lmp) not found; install it (apt-get install lammps)" >&2; exit 2; }
lrmlip=(dotnet "${LRMLIP_DLL:-src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$frames" "$index" "$work/frame.cfg" <<'PY'
import sys
text = open(sys.argv[1]).read().split("BEGIN_CFG")[1:]
open(sys.argv[3], "w").write("BEGIN_CFG" + text[int(sys.argv[2])])
PY
"${lrmlip[@]}" label "$work/frame.cfg" "$work/ours.cfg" --no-core --cutoff 9 --ewald-accuracy 1e-8 2>/dev/null

python3 - "$work/ours.cfg" "$work/data.lmp" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
n = int(lines[lines.index(" Size") + 1]); k = [i for i, l in enumerate(lines) if l.strip() == "Supercell"][0]
cell = [[float(x) for x in lines[k + 1 + r].split()] for r in range(3)]
start = [i for i, l in enumerate(lines) if l.strip().startswith("AtomData")][0] + 1
q = {0: 1.0, 1: 1.0, 2: 1.0, 3: -1.0}
with open(sys.argv[2], "w") as f:
    f.write(f"FLiNaK frame\n\n{n} atoms\n4 atom types\n\n")
    f.write(f"0 {cell[0][0]!r} xlo xhi\n0 {cell[1][1]!r} ylo yhi\n0 {cell[2][2]!r} zlo zhi\n")
    f.write(f"{cell[1][0]!r} {cell[2][0]!r} {cell[2][1]!r} xy xz yz\n\nMasses\n\n1 6.941\n2 22.98977\n3 39.0983\n4 18.998403\n\nAtoms # charge\n\n")
    for l in lines[start:start + n]:
        i, t, x, y, z = l.split()[:5]
        f.write(f"{i} {int(t) + 1} {q[int(t)]} {x} {y} {z}\n")
PY

cat > "$work/in.lmp" <<'LMP'
units metal
atom_style charge
boundary p p p
read_data data.lmp
pair_style born/coul/long 9.0
pair_coeff 1 1 0.42193 0.2990 1.632 0.04556 -0.01872
pair_coeff 1 2 0.34281 0.3145 1.986 0.21858 -0.09669
pair_coeff 1 3 0.34281 0.3185 2.279 0.83129 -0.52961
pair_coeff 1 4 0.29007 0.2990 1.995 0.49932 -0.37449
pair_coeff 2 2 0.26370 0.3300 2.340 1.04857 -0.49932
pair_coeff 2 3 0.26370 0.3340 2.633 3.98793 -2.73489
pair_coeff 2 4 0.21096 0.3300 2.349 2.80868 -2.37177
pair_coeff 3 3 0.26370 0.3380 2.926 15.16687 -14.97962
pair_coeff 3 4 0.21096 0.3380 2.642 12.17094 -13.10717
pair_coeff 4 4 0.15822 0.3178 2.358 10.26853 -12.13661
kspace_style ewald 1e-8
compute w all pressure NULL virial
variable vol equal vol
thermo_style custom pe c_w[1] c_w[2] c_w[3] c_w[4] c_w[5] c_w[6] v_vol
thermo_modify format float %.12g
dump f all custom 1 forces.dump id fx fy fz
dump_modify f sort id format float %.12g
run 0
LMP
(cd "$work" && "$lmp" -in in.lmp -log log.lammps > /dev/null)

python3 - "$work/ours.cfg" "$work/log.lammps" "$work/forces.dump" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
n = int(lines[lines.index(" Size") + 1])
start = [i for i, l in enumerate(lines) if l.strip().startswith("AtomData")][0] + 1
ours_f = [[float(v) for v in l.split()[5:8]] for l in lines[start:start + n]]
ours_e = float(lines[lines.index(" Energy") + 1])
ours_w = [float(v) for v in lines[[i for i, l in enumerate(lines) if l.strip().startswith("PlusStress")][0] + 1].split()]
log = open(sys.argv[2]).read().splitlines()
h = [i for i, l in enumerate(log) if l.split()[:1] == ["PotEng"]][0]
vals = [float(v) for v in log[h + 1].split()]
lmp_e, p, vol = vals[0], vals[1:7], vals[7]
bar_per_ev_a3 = 1.602176634e6
# LAMMPS pressure tensor order xx yy zz xy xz yz (bar); MLIP virial order xx yy zz yz xz xy (eV).
lmp_w = [p[0], p[1], p[2], p[5], p[4], p[3]]
lmp_w = [x * vol / bar_per_ev_a3 for x in lmp_w]
dump = open(sys.argv[3]).read().splitlines()
a = dump.index("ITEM: ATOMS id fx fy fz") + 1
lmp_f = [[float(v) for v in l.split()[1:4]] for l in dump[a:a + n]]
df = max(abs(ours_f[i][c] - lmp_f[i][c]) for i in range(n) for c in range(3))
fmax = max(abs(x) for r in lmp_f for x in r)
print(f"atoms {n}")
print(f"energy  lrmlip {ours_e:.6f} eV   LAMMPS {lmp_e:.6f} eV   difference {(ours_e - lmp_e) / n * 1000:+.4f} meV/atom")
print(f"forces  max |difference| {df:.2e} eV/Å (largest component {fmax:.3f} eV/Å)")
print("virial  lrmlip " + " ".join(f"{x:.4f}" for x in ours_w) + " eV")
print("virial  LAMMPS " + " ".join(f"{x:.4f}" for x in lmp_w) + " eV")
print(f"virial  max |difference| {max(abs(x - y) for x, y in zip(ours_w, lmp_w)):.2e} eV")
PY
