#!/usr/bin/env bash
# What CI can prove about the Docker image without a Docker engine:
#  1. the release binary built with the Dockerfile's own script starts from the image's /app layout,
#     serves /health, the dashboard and openapi.yaml, and its `healthcheck` command passes;
#  2. every shared library `ldd` lists comes from a package the Dockerfile installs or from debian:bookworm-slim itself.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
scripts/build-release.sh "$work/app"
binary="$work/app/odoo-medusa-sync"
echo "binary: $(du -h "$binary" | cut -f1)"

# --- 2. shared libraries --------------------------------------------------------------------------------------------
# Packages debian:bookworm-slim already has (Essential/required set) that a Swift binary may load.
base_packages="libc6 libgcc-s1 libstdc++6 zlib1g"
runtime_packages="$(sed -n 's/.*apt-get install -y --no-install-recommends \(.*\)/\1/p' Dockerfile | sed 's/\\//;s/&&.*//')"
allowed=" $base_packages $runtime_packages "
echo "allowed runtime packages:$allowed"
failed=0
while read -r library path; do
  [ -n "$path" ] || continue
  package="$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)"
  package="${package%%:*}"
  if [ -z "$package" ]; then
    echo "ldd: $library ($path) belongs to no Debian package"; failed=1
  elif [[ "$allowed" != *" $package "* ]]; then
    echo "ldd: $library comes from $package, which the runtime image does not install"; failed=1
  else
    echo "ldd: $library ← $package"
  fi
done < <(ldd "$binary" | awk '/=>/ && $3 ~ /^\// {print $1, $3}')
if ldd "$binary" | grep -q "not found"; then echo "ldd: unresolved libraries"; ldd "$binary"; failed=1; fi
if ldd "$binary" | grep -Eq "libcurl|libFoundationNetworking|libswiftCore"; then
  echo "ldd: the binary links libcurl or a dynamic Swift runtime; the image does not ship them"; failed=1
fi
[ "$failed" = 0 ] || exit 1

# --- 1. start from the image layout ---------------------------------------------------------------------------------
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mkdir -p "$work/data"
(cd "$work/app" && env -i PATH=/usr/bin:/bin HOME="$work" HOST=127.0.0.1 PORT="$port" DATABASE_PATH="$work/data/sync.sqlite" \
  LOG_FORMAT=json ./odoo-medusa-sync serve > "$work/server.log" 2>&1) &
server_pid=$!
started=$(date +%s%N)
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/health" > "$work/health.json" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "start-up to first /health: $(( ($(date +%s%N) - started) / 1000000 )) ms"
grep -q '"status":"ok"' "$work/health.json" || { echo "/health did not answer ok"; cat "$work/server.log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/" -o "$work/index.html" && grep -qi "<html" "$work/index.html" \
  || { echo "dashboard not served from Public/"; exit 1; }
curl -fsS "http://127.0.0.1:$port/openapi.yaml" -o "$work/openapi.yaml" && grep -q "^openapi:" "$work/openapi.yaml" \
  || { echo "openapi.yaml not served"; exit 1; }
(cd "$work/app" && PORT="$port" ./odoo-medusa-sync healthcheck) || { echo "healthcheck command failed"; exit 1; }
test -f "$work/data/sync.sqlite" || { echo "database not created at DATABASE_PATH"; exit 1; }
kill -TERM "$server_pid"; wait "$server_pid" || true
if grep -v '^{' "$work/server.log" | grep -q .; then echo "non-JSON log lines with LOG_FORMAT=json:"; grep -v '^{' "$work/server.log"; exit 1; fi
echo "image layout check passed"
