#!/usr/bin/env bash
# HTTP side of the benchmark: start-up time, idle RSS, and wrk load on GET /health and GET /runs of the release
# service started with `serve --demo`, while syncs run (a full sync is requested every second during the load).
#
#   scripts/bench-http.sh                 # builds the release binary first
#   BIN=path/to/odoo-medusa-sync scripts/bench-http.sh
#   DURATION=10s THREADS=2 CONNECTIONS=64 scripts/bench-http.sh
#
# Needs curl and wrk (`apt-get install -y wrk`). Loopback only; every wrk run is bounded by DURATION.
# Targets: /health ≥ 25,000 req/s with p99 ≤ 5 ms on 2 cores, idle RSS ≤ 40 MB, start-up ≤ 0.5 s.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18080}"
TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

if [ -z "${BIN:-}" ]; then
  swift build -c release --product odoo-medusa-sync
  BIN="$(swift build -c release --show-bin-path)/odoo-medusa-sync"
fi
[ -x "$BIN" ] || { echo "no executable at $BIN" >&2; exit 2; }

workdir="$(mktemp -d)"
pid=""
syncer=""
cleanup() {
  [ -n "$syncer" ] && kill "$syncer" 2>/dev/null || true
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
start_ns=$(date +%s%N)
HOST=127.0.0.1 PORT="$PORT" SYNC_API_TOKEN="$TOKEN" LOG_LEVEL=warning LOG_FORMAT=json SYNC_SCHEDULE=off SYNC_FULL_SCHEDULE=off \
  "$BIN" serve --demo >"$workdir/service.log" 2>&1 &
pid=$!

# Start-up: process start → first 200 on /health (polled every 2 ms, for at most 20 s).
ready=""
for _ in $(seq 1 10000); do
  if curl -fsS -o /dev/null "$base/health" 2>/dev/null; then ready=$(date +%s%N); break; fi
  kill -0 "$pid" 2>/dev/null || { echo "service exited:"; cat "$workdir/service.log"; exit 1; }
  sleep 0.002
done
[ -n "$ready" ] || { echo "no 200 on /health within 20 s"; cat "$workdir/service.log"; exit 1; }
startup_ms=$(( (ready - start_ns) / 1000000 ))

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
sleep 1
idle_rss_kb=$(rss_kb "$pid")

# Syncs in the background for the whole load (requests coalesce while one runs).
(
  while true; do
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d '{"mode":"full"}' "$base/sync" || true
    sleep 1
  done
) &
syncer=$!
sleep 0.2

run_wrk() { # name url [header]
  local name="$1" url="$2" header="${3:-}"
  echo
  echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $url"
  if [ -n "$header" ]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$url" | tee "$workdir/$name.txt"
  else
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" | tee "$workdir/$name.txt"
  fi
}
run_wrk health "$base/health"
run_wrk runs "$base/runs?limit=20" "Authorization: Bearer $TOKEN"

kill "$syncer" 2>/dev/null || true; wait "$syncer" 2>/dev/null || true; syncer=""
runs_done=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$base/runs?limit=100" | grep -o '"status":"[a-z_]*"' | sort | uniq -c | tr '\n' ' ')
loaded_rss_kb=$(rss_kb "$pid")
peak_rss_kb=$(hwm_kb "$pid")

summary() { # name
  local file="$workdir/$1.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(awk '$1 == "50%" {print $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$file")
  printf '| %-12s | %12s | %8s | %8s | %8s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "Service: $BIN serve --demo (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, same machine, loopback)"
echo
echo "| endpoint     |        req/s |      p50 |      p99 |  non-2xx |"
echo "|--------------|-------------:|---------:|---------:|---------:|"
summary health
summary runs
echo
echo "start-up (process start → first 200 on /health): ${startup_ms} ms"
echo "idle RSS (VmRSS before load): $((idle_rss_kb / 1024)) MB; after load $((loaded_rss_kb / 1024)) MB; peak (VmHWM) $((peak_rss_kb / 1024)) MB"
echo "runs during the load (by status): ${runs_done:-none}"
