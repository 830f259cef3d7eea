#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL set to a throw-away PostgreSQL server: a new cluster in a temporary folder
# (initdb), listening on 127.0.0.1 on a free port (its unix socket stays in that folder), with one database. The
# server is stopped and the folder deleted when the command ends, whatever happens; the command's exit code is this
# script's. As root (CI), the server runs as an unprivileged user — initdb and postgres refuse to run as root.
#
#   scripts/with-test-postgres.sh swift test --filter RunStoreTests
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [argument…]" >&2
  exit 64
fi

bindir=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" /usr/local/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bindir="$candidate"; break; fi
done
if [ -z "$bindir" ]; then
  echo "with-test-postgres: initdb not found (install the postgresql package)" >&2
  exit 69
fi

folder="$(mktemp -d "${TMPDIR:-/tmp}/test-postgres.XXXXXX")"
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  server_user="${TEST_POSTGRES_USER:-postgres}"
  if ! id "$server_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$server_user"
  fi
  chown "$server_user" "$folder"
  as_server=(runuser -u "$server_user" --)
fi
chmod 700 "$folder"

stop() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
database="sync_test"
printf '%s\n' "$password" > "$folder/password"
[ "${#as_server[@]}" -eq 0 ] || chown "$server_user" "$folder/password"

if ! "${as_server[@]}" "$bindir/initdb" -D "$folder/data" -U sync --pwfile="$folder/password" \
     --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C -N >"$folder/initdb.log" 2>&1; then
  cat "$folder/initdb.log" >&2
  exit 1
fi
# The database, made in single-user mode before the server starts: no client program is needed.
if ! echo "CREATE DATABASE $database" | "${as_server[@]}" "$bindir/postgres" --single -D "$folder/data" postgres >"$folder/createdb.log" 2>&1; then
  cat "$folder/createdb.log" >&2
  exit 1
fi
if ! "${as_server[@]}" "$bindir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
     -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off -c max_connections=300" \
     start >/dev/null; then
  cat "$folder/server.log" >&2
  exit 1
fi
export TEST_DATABASE_URL="postgres://sync:$password@127.0.0.1:$port/$database?sslmode=disable"
echo "with-test-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, database $database" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
