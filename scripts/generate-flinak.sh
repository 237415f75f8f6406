#!/usr/bin/env bash
# Generates the FLiNaK rigid-ion teacher dataset (issue 8) on first use: it is the suite's own data, made by
# `lrmlip generate flinak` (≈ 80 s on one core), deterministic for its seed, so it is not committed. The
# command and the sha256 come from the `flinak-teacher` entry of reference-data/datasets.json; a file that
# is present with the right checksum is kept. Written atomically (temporary file, then rename).
#
#   scripts/generate-flinak.sh [--lrmlip PATH]    (default: the Release build of src/LowRankMlip.Cli)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LRMLIP=(dotnet "$REPO/src/LowRankMlip.Cli/bin/Release/net10.0/lrmlip.dll")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lrmlip) LRMLIP=("$2"); shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "generate-flinak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
read -r SHA ARGS < <(python3 - "$REPO/reference-data/datasets.json" <<'PY'
import json, sys
d = next(x for x in json.load(open(sys.argv[1]))["datasets"] if x["name"] == "flinak-teacher")
cmd = d["generated_by"].split()
assert cmd[:3] == ["lrmlip", "generate", "flinak"] and cmd[-2] == "--out", d["generated_by"]
print(d["files"][0]["sha256"], " ".join(cmd[1:-2]))
PY
)
OUT="$REPO/reference-data/flinak-teacher/flinak-teacher.cfg"
if [[ -f "$OUT" ]] && [[ "$(sha256sum "$OUT" | cut -d' ' -f1)" == "$SHA" ]]; then exit 0; fi
echo "generate-flinak: generating $OUT ($ARGS)" >&2
TMP="$OUT.tmp.$$"; trap 'rm -f "$TMP"' EXIT
# shellcheck disable=SC2086
"${LRMLIP[@]}" $ARGS --out "$TMP" >&2
got=$(sha256sum "$TMP" | cut -d' ' -f1)
if [[ "$got" != "$SHA" ]]; then
  echo "generate-flinak: the generated file has sha256 $got, the catalog expects $SHA (reference-data/datasets.json)" >&2
  exit 1
fi
mv "$TMP" "$OUT"
