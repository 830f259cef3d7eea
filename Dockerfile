# syntax=docker/dockerfile:1
# Build: Swift toolchain on Debian bookworm (has libsqlite3-dev). Runtime: bookworm-slim with only what the binary loads.

FROM swift:6.3-bookworm AS build
WORKDIR /build
# Resolve dependencies first so they are cached across source changes.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN scripts/build-release.sh /staging

FROM debian:bookworm-slim
# The runtime packages the binary needs (CI checks that `ldd` finds nothing outside these and the base image):
# libsqlite3-0 (GRDB on the system SQLite), ca-certificates (TLS to Odoo and Medusa), tzdata (SYNC_TIMEZONE).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sync \
    && mkdir -p /data && chown sync:sync /data
WORKDIR /app
COPY --from=build /staging/ /app/
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_PATH=/data/sync.sqlite \
    LOG_FORMAT=json
VOLUME ["/data"]
USER sync
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/app/odoo-medusa-sync", "healthcheck"]
ENTRYPOINT ["/app/odoo-medusa-sync"]
CMD ["serve"]
