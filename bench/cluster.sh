#!/usr/bin/env bash
# Enforcement on a Spark standalone cluster against local mode, same machine, same data, same command:
# starts Spark's own Master and one Worker (child JVMs on 127.0.0.1, from the CLI's jar, which carries Spark),
# runs `sluice bench` once with --master local[*] and once with --master spark://..., then stops the cluster.
#
#   bench/cluster.sh [ROWS] [ROUNDS] [VARIANTS]      (defaults: 1000000 3 a,b')
#
# The worker offers every core and WORKER_MEMORY (default 6g); the executor gets EXECUTOR_MEMORY (default 4g).
# The data lives in BENCH_DIR (default /dev/shm/sluice-cluster-bench), which the executor reads as the driver
# does: one machine, one file system.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
rounds="${2:-3}"
default_variants="a,b'"
variants="${3:-$default_variants}"
dir="${BENCH_DIR:-/dev/shm/sluice-cluster-bench}"
cores="$(nproc)"

"$root/sluice" --version > /dev/null   # builds the CLI's jar when it is missing or stale
jar="$root/dq-cli/target/sluice.jar"
work="$(mktemp -d)"
home="$work/spark-home"
mkdir -p "$home/jars" "$work/worker"
ln -s "$jar" "$home/jars/sluice.jar"   # the worker launches executors with SPARK_HOME/jars on their class path

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
ui="$(free_port)"
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED)

pids=()
stop() { for p in "${pids[@]}"; do pkill -TERM -P "$p" 2> /dev/null || true; kill "$p" 2> /dev/null || true; done; }
trap stop EXIT
java "${opens[@]}" -cp "$jar" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port "$ui" > "$work/master.log" 2>&1 &
pids+=($!)
SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 java "${opens[@]}" -cp "$jar" org.apache.spark.deploy.worker.Worker \
  "spark://127.0.0.1:$port" --host 127.0.0.1 --webui-port "$(free_port)" --cores "$cores" \
  --memory "${WORKER_MEMORY:-6g}" --work-dir "$work/worker" > "$work/worker.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do   # at most two minutes for the worker to register
  if curl -sf "http://127.0.0.1:$ui/json/" 2> /dev/null | grep -q '"aliveworkers" *: *1'; then
    break
  fi
  sleep 1
done
curl -sf "http://127.0.0.1:$ui/json/" | grep -q '"aliveworkers" *: *1' \
  || { echo "bench: the worker did not register (logs in $work)" >&2; exit 2; }

echo "== local[*]"
"$root/sluice" bench --rows "$rows" --rounds "$rounds" --variants "$variants" --dir "$dir/local"
echo "== spark://127.0.0.1:$port (one worker, $cores cores)"
"$root/sluice" bench --master "spark://127.0.0.1:$port" --conf "spark.executor.memory=${EXECUTOR_MEMORY:-4g}" \
  --rows "$rows" --rounds "$rounds" --variants "$variants" --dir "$dir/cluster"
