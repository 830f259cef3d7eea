#!/usr/bin/env bash
# Builds the release binary exactly as the Docker image does and stages the image's /app layout in $1.
# Used by the Dockerfile and by CI (scripts/check-image-layout.sh), so both prove the same thing.
set -euo pipefail
stage="${1:?usage: build-release.sh STAGING_DIR}"
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib --product odoo-medusa-sync
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"

mkdir -p "$stage"
cp "$bin/odoo-medusa-sync" "$stage/"
strip "$stage/odoo-medusa-sync" || true
# Resource bundles (the simulators' seed catalogues and schemas, used by --demo) sit next to the binary.
for bundle in "$bin"/*.resources; do
  [ -e "$bundle" ] && cp -R "$bundle" "$stage/"
done
cp -R Public "$stage/Public"
cp openapi.yaml "$stage/openapi.yaml"
