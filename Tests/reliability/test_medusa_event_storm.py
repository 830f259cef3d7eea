"""Medusa event storm: 1,000 signed order events (`POST /webhooks/medusa`, as the shop's subscriber sends them) from 20
concurrent connections within 10 s. Every POST is answered 202 within 50 ms at the 99th percentile (client-side), and
the storm becomes at most 2 orders runs (debounced by WEBHOOK_DEBOUNCE_MS, capped at 10 × under a continuous stream).
A push with a wrong signature in the middle of it is refused (401).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
import time

import pytest

import support
from support import Service, Simulators

POSTS = 1000
THREADS = 20
P99_LIMIT_MS = 50
SECRET = "reliability-medusa-webhook-secret-0123456789"
EVENTS = ["order.placed", "payment.captured", "order.canceled", "customer.updated"]


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    timestamp = str(int(time.time()))
    signature = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Medusa-Timestamp": timestamp, "X-Medusa-Signature": signature}


def storm(port: int, spread: float) -> tuple[list[tuple[int, float]], float]:
    def request_for(number: int) -> tuple[str, bytes, dict[str, str]]:
        body = json.dumps({"event": EVENTS[number % len(EVENTS)], "id": f"order_{number:05d}",
                           "data": {"id": f"order_{number:05d}"}}).encode()
        return "/webhooks/medusa", body, signed(body)

    return support.post_storm(port, request_for, posts=POSTS, threads=THREADS, spread=spread)


@pytest.mark.parametrize("spread", [0, 8], ids=["burst", "spread-over-8s"])
def test_thousand_signed_medusa_events_are_accepted_fast_and_become_at_most_two_orders_runs(binary, workdir, cleanup, spread):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims, environment={
        "SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "MEDUSA_WEBHOOK_SECRET": SECRET, "WEBHOOK_DEBOUNCE_MS": "2000"})
    cleanup(service)
    support.register_secret(SECRET)
    for _ in range(50):
        service.health()

    results, elapsed = storm(service.port, spread)
    forged_body = b'{"event":"order.placed","id":"order_forged"}'
    forged = service.request("POST", "/webhooks/medusa", token=None, data=forged_body,
                             headers=signed(forged_body, secret="not-the-secret-0123456789abcdef"))
    assert forged.status_code == 401, forged.text

    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(ms for _, ms in results)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    summary = (f"{len(results)} POSTs in {elapsed:.2f} s, statuses {statuses}, p50 {statistics.median(latencies):.1f} ms, "
               f"p99 {p99:.1f} ms")
    assert len(results) == POSTS and statuses == {202: POSTS}, summary
    assert elapsed <= 10, summary
    assert p99 <= P99_LIMIT_MS, summary

    def runs_settled() -> list[dict] | None:
        runs = service.runs(scope="orders")
        return runs if runs and all(run["status"] not in ("queued", "running") for run in runs) else None

    time.sleep(2.5)  # the debounce after the last event
    runs = support.wait_until(runs_settled, timeout=30, interval=0.2, what="the orders runs to finish")
    assert 1 <= len(runs) <= 2, f"{len(runs)} orders runs for {POSTS} events ({summary})"
    assert all(run["trigger"] == "webhook" and run["status"] == "succeeded" for run in runs), runs
    print(f"\nmedusa event storm: {summary}, {len(runs)} orders run(s)")
