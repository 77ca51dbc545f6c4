# Sourced by bench/lint.sh and bench/diff.sh (which set $root and $runs): times `./sluice ARGS...`
# wall-clock, JVM start included, $runs times after one warm-up, and prints the runs and their median.
# An exit code of 1 is a verdict (a diff that breaks consumers, say), not a failure of the benchmark.

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

sluice_quiet() {
  local code=0
  "$root/sluice" "$@" > /dev/null || code=$?
  [ "$code" -le 1 ] || { echo "bench: sluice $* exited $code" >&2; exit "$code"; }
}

time_sluice() {
  local label="$1"; shift
  sluice_quiet "$@"   # warm-up; also builds the jar if needed
  local times=()
  for _ in $(seq 1 "$runs"); do
    local s e
    s=$(date +%s%N)
    sluice_quiet "$@"
    e=$(date +%s%N)
    times+=("$(( (e - s) / 1000000 ))")
  done
  echo "$label: runs (ms) ${times[*]}"
  echo "$label: median $(printf '%s\n' "${times[@]}" | median) ms"
}
