# Helpers shared by the measurement scripts (time-to-loss.sh, level16-iteration-time.sh, vcpu-scaling.sh);
# sourced from the repository root.

# The reference data: $LRMLIP_DATA, else reference-data/external, else ../shared/reference-data.
reference_data() {
  local data="${LRMLIP_DATA:-reference-data/external}"
  [[ -d "$data/untrained_mtps" ]] || data=../shared/reference-data
  echo "$data"
}

# cfg_subset SRC DST STEP [COUNT]: every STEP-th configuration of the MLIP .cfg SRC (at most COUNT) into DST.
cfg_subset() {
  python3 - "$@" <<'PY'
import sys
src, dst, step = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = int(sys.argv[4]) if len(sys.argv) > 4 else None
blocks = open(src).read().split("BEGIN_CFG")[1:][::step][:count]
open(dst, "w").write("".join("BEGIN_CFG" + b for b in blocks))
PY
}

# cfg_atoms FILE: number of atoms over all configurations of an MLIP .cfg.
cfg_atoms() { awk '/^ *Size/{getline; s += $1} END{print s}' "$1"; }

# write_atomically SRC OUT: OUT appears only complete (temp file, then rename).
write_atomically() { cp "$1" "$2.tmp" && mv "$2.tmp" "$2"; }
