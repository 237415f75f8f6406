#!/usr/bin/env bash
# Fills the data root with every file of reference-data/datasets.json (issue 5 §1): downloads each from its
# upstream URL at the fixed commit (curl), or copies it from a local mirror laid out like
# ../shared/reference-data (--from DIR; tests and CI), and checks its sha256. Files already present with the
# right checksum are kept. Data root: --data DIR, else $LRMLIP_DATA, else reference-data/external/ (git-ignored).
# A dataset with "location": "repository" (e.g. flinak-teacher) ships in reference-data/ and is only verified.
# Without network the first failed connection stops the downloads (one line), and the script exits 1.
#
#   bash scripts/fetch-data.sh [--from DIR] [--data DIR] [--only NAME[,NAME…]]
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=reference-data/datasets.json
data="${LRMLIP_DATA:-reference-data/external}"
from=""
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "usage: scripts/fetch-data.sh [--from DIR] [--data DIR] [--only NAME[,NAME…]]" >&2; exit 2 ;;
  esac
done
if [[ -n "$from" && ! -d "$from" ]]; then echo "fetch-data: --from $from is not a directory" >&2; exit 1; fi
command -v python3 >/dev/null || { echo "fetch-data: python3 is needed to read $manifest" >&2; exit 1; }
[[ -n "$from" ]] || command -v curl >/dev/null || { echo "fetch-data: curl is needed to download (or pass --from DIR)" >&2; exit 1; }

# One line per file: dataset, path, role, sha256, url ("repository" for a dataset that ships in reference-data/).
list=$(python3 - "$manifest" "$only" <<'PY'
import json, sys
manifest, only = sys.argv[1], sys.argv[2]
wanted = set(filter(None, only.split(",")))
datasets = json.load(open(manifest, encoding="utf-8"))["datasets"]
names = {d["name"] for d in datasets}
unknown = wanted - names
if unknown:
    sys.exit(f"fetch-data: unknown dataset(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}")
for d in datasets:
    if wanted and d["name"] not in wanted: continue
    for f in d["files"]:
        url = "repository" if d.get("location") == "repository" else f["url"]
        print("\t".join([d["name"], f["path"], f["role"], f["sha256"], url]))
PY
)
mkdir -p "$data"
copied=0 kept=0 failed=0 inrepo=0 offline=0
while IFS=$'\t' read -r name path role sha url; do
  if [[ "$url" == repository ]]; then
    # Ships in the repository: nothing to fetch, only the checksum to check.
    local_copy="$(dirname "$manifest")/$path"
    if [[ -f "$local_copy" && "$(sha256sum "$local_copy" | cut -d' ' -f1)" == "$sha" ]]; then inrepo=$((inrepo + 1))
    else echo "fetch-data: $name: $local_copy is missing or differs from $manifest (restore it: git checkout -- $local_copy)" >&2; failed=$((failed + 1)); fi
    continue
  fi
  target="$data/$path"
  if [[ -f "$target" ]] && [[ "$(sha256sum "$target" | cut -d' ' -f1)" == "$sha" ]]; then kept=$((kept + 1)); continue; fi
  mkdir -p "$(dirname "$target")"
  tmp="$target.part.$$"
  if [[ -n "$from" ]]; then
    if [[ ! -f "$from/$path" ]]; then echo "fetch-data: $name: $from/$path is missing" >&2; failed=$((failed + 1)); continue; fi
    cp "$from/$path" "$tmp"
  elif [[ $offline == 1 ]]; then
    failed=$((failed + 1)); continue
  else
    rc=0; curl -fsL --retry 3 --connect-timeout 15 -o "$tmp" "$url" || rc=$?
    if [[ $rc != 0 ]]; then
      rm -f "$tmp"; failed=$((failed + 1))
      # 6: cannot resolve, 7: cannot connect, 28: timeout: no network, so the other downloads are not tried.
      if [[ $rc == 6 || $rc == 7 || $rc == 28 ]]; then
        offline=1; echo "fetch-data: no network (curl exit $rc on $url); no further downloads tried" >&2
      else
        echo "fetch-data: $name: download failed (curl exit $rc): $url" >&2
      fi
      continue
    fi
  fi
  chmod u+w "$tmp"
  got=$(sha256sum "$tmp" | cut -d' ' -f1)
  if [[ "$got" != "$sha" ]]; then
    if [[ "$role" == "licence" ]]; then
      # The licence text matters, not its bytes (upstream may re-wrap it): keep it, say so.
      echo "fetch-data: $name: $path differs from the recorded copy (sha256 $got); kept (licence text)" >&2
    else
      echo "fetch-data: $name: $path: sha256 $got, expected $sha" >&2; rm -f "$tmp"; failed=$((failed + 1)); continue
    fi
  fi
  mv "$tmp" "$target"
  copied=$((copied + 1))
done <<<"$list"
echo "fetch-data: $copied fetched, $kept already present, $inrepo in the repository, $failed failed → $data"
[[ $failed == 0 ]]
