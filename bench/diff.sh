#!/usr/bin/env bash
# Times `./sluice diff` wall-clock, JVM start included, on (a) one pair of contracts, (b) one pair of
# contracts with 1,000 rules each, and (c) the example contracts against git HEAD (--base, one `git show`
# per file). Prints each run and the median of RUNS (default 11) runs after one warm-up.
# Usage: bench/diff.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# (a) the silver orders example, and a new major version of it: a range widened, a column type widened,
#     allowed values added, an owner changed.
old="$root/rule-examples/contracts/silver/orders.yaml"
sed -e 's/^version: .*/version: 2.0.0/' -e 's/max: 100000 }/max: 200000 }/' -e 's/decimal(12,2)/decimal(14,2)/' \
    -e 's/\[EUR, USD, GBP\]/[EUR, USD, GBP, CHF]/' -e 's/^owner: .*/owner: finance/' "$old" > "$work/orders-2.yaml"

# (b) 1,000 rules: 500 columns with a range and a pattern each; the new version tightens every range.
wide() {
  printf 'apiVersion: sluice/v1\nkind: DataContract\nid: wide\nversion: %s\nlayer: silver\ncolumns:\n' "$1"
  for c in $(seq 1 500); do
    printf '  - name: c%d\n    type: int\n    required: true\n    checks:\n      - range: { min: 0, max: %d }\n      - pattern: %s\n' \
      "$c" "$((c * $2))" "'^[0-9]+\$'"
  done
}
wide 1.0.0 10 > "$work/wide-1.yaml"
wide 1.1.0 5 > "$work/wide-2.yaml"

source "$root/bench/timing.sh"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | sed -n 1p)"
time_sluice "diff 1 pair" diff --quiet "$old" "$work/orders-2.yaml"
time_sluice "diff 1 pair, 1,000 rules each" diff --quiet "$work/wide-1.yaml" "$work/wide-2.yaml"
(cd "$root" && time_sluice "diff --base HEAD rule-examples/contracts (7 files)" diff --quiet --base HEAD rule-examples/contracts)
