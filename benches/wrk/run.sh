#!/usr/bin/env bash
# The feed under a client nobody here wrote: wrk (Debian package `wrk`), 2 threads, 32
# connections, a random cursor per request (feed.lua), against the release binary on SQLite or
# PostgreSQL.
#
#   benches/wrk/run.sh [EXCERPTS] [SECONDS] [BACKEND]   (defaults: 10000, 15, sqlite)
#   STORYVAULT_BIN=PATH benches/wrk/run.sh …           (another build, for a before/after)
#
# BACKEND `postgres` uses a fresh database `storyvault_wrk` on the local server
# (postgres://postgres@127.0.0.1:5432, trust authentication, as the repository benchmark does).
#
# Seeds EXCERPTS published excerpts with `storyvault seed-bench` (real keys, real sealing) in a
# temporary directory, starts `storyvault serve`, logs in one of the seeded council readers and
# prints wrk's report (with its latency distribution). Needs `cargo build --release` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
excerpts="${1:-10000}"
seconds="${2:-15}"
backend="${3:-sqlite}"
bin=${STORYVAULT_BIN:-target/release/storyvault}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }

dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
case "$backend" in
  sqlite) url="sqlite://$dir/storyvault.db" ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS storyvault_wrk' \
      -c 'CREATE DATABASE storyvault_wrk' postgres
    url="postgres://postgres@127.0.0.1:5432/storyvault_wrk" ;;
  *) echo "backend: sqlite or postgres" >&2; exit 1 ;;
esac
export STORYVAULT_DATA_DIR="$dir" STORYVAULT_DATABASE_URL="$url" \
  STORYVAULT_POLICIES_DIR="$PWD/policies" STORYVAULT_ADDR="127.0.0.1:$port" RUST_LOG=warn
password=bench-password-0123

echo "seeding $excerpts excerpts…" >&2
echo "$password" | "$bin" seed-bench --excerpts "$excerpts" --readers 1 >/dev/null
"$bin" serve >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -fs -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench-council-1\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/sessions" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }
wrk -t2 -c32 -d"${seconds}s" --latency -s benches/wrk/feed.lua \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port"
echo "server RSS after the run: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status)"
