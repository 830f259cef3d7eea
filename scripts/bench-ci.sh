#!/usr/bin/env bash
# CI benchmark: builds sync-benchmark (release) and runs a reduced catalogue with no injected latency, checking only
# what does not depend on the machine (exit code ≠ 0 when a check fails):
#   - the initial run creates exactly N products;
#   - a run with nothing changed makes no Medusa write, and no more requests than today (19; the target is 5, see
#     docs/performance.md "Gaps");
#   - after 1 % of the products changed, the incremental run writes exactly those products.
# The timings it prints are informational only. Takes well under 3 minutes after the build.
#
#   scripts/bench-ci.sh                   # defaults below
#   scripts/bench-ci.sh --templates 1000  # extra arguments go to sync-benchmark
set -euo pipefail
cd "$(dirname "$0")/.."

# Same flags as the image build (scripts/build-release.sh), so CI compiles the release modules once.
swift build -c release --static-swift-stdlib --product sync-benchmark
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sync-benchmark"

# The issue's target for a no-change run is ≤ 5 requests; today it makes 19 (setup reads, one cursor read per stream,
# and the stock pass, which must re-read stock because stock moves bump no write_date — docs/performance.md). CI
# guards today's count against regressions; the gap to the target is stated in the docs, not hidden here.
exec "$bin" --templates 500 --variants-per-template 3 --latency-ms 0 --baseline-templates 50 --check \
  --max-no-change-requests 19 "$@"
