#!/usr/bin/env bash
# Store write benchmark: kctld (ConfigMap creates over its HTTP API) against etcd 3.4 (puts over its
# gRPC-gateway JSON API), both on loopback with their own temporary data folders, both syncing to
# disk. Prints a Markdown table of medians and writes JSON to bench/store/results/.
#
#   bench/store/run.sh [--clients 1,16,64] [--runs 3] [--warmup 2] [--seconds 8] [--http 2|1.1]
#
# Needs core packaged (./mvnw -q -DskipTests package -pl core -am); KCTL_TARGET names another build
# folder than core/target. Installs Debian's etcd-server with apt-get when etcd is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"
TARGET="${KCTL_TARGET:-target}"
CORE_CP="$ROOT/core/$TARGET/core-0.1.0-SNAPSHOT.jar:$ROOT/core/$TARGET/lib/*"
if [ ! -f "$ROOT/core/$TARGET/core-0.1.0-SNAPSHOT.jar" ]; then
  echo "run.sh: core is not packaged in core/$TARGET; build it with: ./mvnw -q -DskipTests package -pl core -am" >&2
  exit 1
fi
if ! command -v etcd >/dev/null; then
  echo "run.sh: installing etcd-server (Debian's etcd 3.4)" >&2
  apt-get install -y etcd-server >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kctl-store-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# kctld exactly as bin/kctld runs it, but from the chosen build folder.
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$CORE_CP" \
  dev.kctl.server.Kctld --data-dir "$WORK/kctld" --listen 127.0.0.1:0 >"$WORK/kctld.log" 2>&1 &
PIDS+=($!)

# etcd with TLS on the client port like kctld (self-signed, --auto-tls); the default fsync of its WAL.
ETCD_PORT="${ETCD_PORT:-23790}"
etcd --name bench --data-dir "$WORK/etcd" --auto-tls \
  --listen-client-urls "https://127.0.0.1:$ETCD_PORT" --advertise-client-urls "https://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" \
  --initial-cluster "bench=http://127.0.0.1:$((ETCD_PORT + 10))" >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 600); do
  grep -q "kctld serving on" "$WORK/kctld.log" && grep -q "ready to serve client requests" "$WORK/etcd.log" && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "kctld exited:" >&2; tail -20 "$WORK/kctld.log" >&2; exit 1; }
  kill -0 "${PIDS[1]}" 2>/dev/null || { echo "etcd exited:" >&2; tail -20 "$WORK/etcd.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "kctld serving on" "$WORK/kctld.log" || { echo "kctld did not start:" >&2; tail -20 "$WORK/kctld.log" >&2; exit 1; }
grep -q "ready to serve client requests" "$WORK/etcd.log" || { echo "etcd did not start:" >&2; tail -20 "$WORK/etcd.log" >&2; exit 1; }

mkdir -p "$ROOT/bench/store/results"
# Hostname checks off: etcd's --auto-tls certificate names no host; loopback only.
"$JAVA_HOME/bin/java" -Djdk.internal.httpclient.disableHostnameVerification=true -cp "$CORE_CP" \
  "$ROOT/bench/store/StoreBench.java" --kubeconfig "$WORK/kctld/admin.kubeconfig" \
  --etcd "https://127.0.0.1:$ETCD_PORT" --kctld-pid "${PIDS[0]}" --etcd-pid "${PIDS[1]}" --out "$ROOT/bench/store/results/store-$(date +%Y%m%d-%H%M%S).json" "$@"
