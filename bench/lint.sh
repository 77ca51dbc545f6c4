#!/usr/bin/env bash
# Times `./sluice lint` wall-clock, JVM start included, on (a) 20 contracts and (b) one contract with
# 1,000 rules. Prints each run and the median of RUNS (default 11) runs after one warm-up.
# Usage: bench/lint.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# (a) 20 contracts: the 7 examples, and copies of them under other ids, up to 20 files.
mkdir -p "$work/twenty"
i=0
while [ "$i" -lt 20 ]; do
  for f in "$root"/rule-examples/contracts/*/*.yaml; do
    [ "$i" -ge 20 ] && break
    sed -E "s/^id: (.*)$/id: \1_copy$i/" "$f" > "$work/twenty/c$i.yaml"
    i=$((i + 1))
  done
done

# (b) 1,000 rules: 500 columns with a range and a pattern each... plus required/type ids.
{
  printf 'apiVersion: sluice/v1\nkind: DataContract\nid: wide\nversion: 1.0.0\nlayer: silver\ncolumns:\n'
  for c in $(seq 1 500); do
    printf '  - name: c%d\n    type: int\n    required: true\n    checks:\n      - range: { min: 0, max: %d }\n      - pattern: %s\n' \
      "$c" "$((c * 10))" "'^[0-9]+\$'"
  done
} > "$work/wide.yaml"

source "$root/bench/timing.sh"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | sed -n 1p)"
time_sluice "lint 20 contracts" lint --quiet "$work/twenty"
time_sluice "lint 1 contract, 1,000 rules" lint --quiet "$work/wide.yaml"
