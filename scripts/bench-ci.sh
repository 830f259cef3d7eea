#!/usr/bin/env bash
# CI benchmark: builds sync-benchmark (release) and runs a reduced catalogue with no injected latency, once against a
# Medusa simulator behaving as the newest 2.x we model and once as 2.0, checking only what does not depend on the machine
# (exit code ≠ 0 when a check fails):
#   - the initial run creates exactly N products;
#   - a run with nothing changed makes no Medusa write, and no more requests than today (19; the target is 5, see
#     docs/performance.md "Gaps");
#   - after 1 % of the products changed, the incremental run writes exactly those products and stock levels;
#   - one product created in Odoo reaches Medusa by a targeted run of ≤ 10 Medusa requests;
#   - a full run of the unchanged catalogue writes nothing and reads Medusa ≤ 1 per 100 products (+ 5);
#   - a backlog of 1,000 shop orders (3 lines, 200 customers) becomes 1,000 confirmed Odoo sale orders, each once, with
#     one contact per customer, in ≤ 60 Odoo requests and ≤ 20 Medusa reads; the next poll is 1 Medusa request and no
#     Odoo request (on newer Medusa, the poll after the one that re-reads the orders whose Odoo name was written back).
# The timings it prints are informational only. Takes well under 3 minutes after the build.
#
#   scripts/bench-ci.sh                   # defaults below
#   scripts/bench-ci.sh --templates 1000  # extra arguments go to sync-benchmark
set -euo pipefail
cd "$(dirname "$0")/.."

# Same flags as the image build (scripts/build-release.sh), so CI compiles the release modules once.
swift build -c release --static-swift-stdlib --product sync-benchmark
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sync-benchmark"

# --check fails the run when a machine-independent count is off: the no-change run's 0 Medusa writes and ≤ 5 requests
# in all (one read per change stream), the incremental run writing exactly the changed products.
# With TEST_DATABASE_URL (scripts/with-test-postgres.sh), the catalogue phases run on PostgreSQL too, checked alike.
postgres=()
if [ -n "${TEST_DATABASE_URL:-}" ]; then postgres=(--database-url "$TEST_DATABASE_URL"); fi
exec "$bin" --templates 500 --variants-per-template 3 --latency-ms 0 --baseline-templates 50 --check "${postgres[@]}" "$@"
