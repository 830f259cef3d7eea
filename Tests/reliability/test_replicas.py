"""Three replicas of the real service on one PostgreSQL (`DATABASE_URL`, a schema of the test's own) and the
simulators in a process of their own: one job at a time across all of them, a dead replica's run taken over, each
schedule slot fired once, a rolling restart that loses nothing.

The PostgreSQL server comes from `TEST_DATABASE_URL` (`scripts/with-test-postgres.sh` starts a throw-away cluster;
`.ci/run` runs every suite under it). Without it these tests are skipped, and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import uuid
from datetime import datetime
from urllib.parse import urlparse

import pytest

import support
from support import Service, Simulators

DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="TEST_DATABASE_URL is not set: run under scripts/with-test-postgres.sh")

if DATABASE_URL:
    support.register_secret(urlparse(DATABASE_URL).password)  # the session's secret scan looks for it in every log

POSTS = 1000
SHARES = (340, 330, 330)  # POSTs per replica; each a multiple of THREADS_PER_REPLICA
THREADS_PER_REPLICA = 10


def replicas(binary, workdir, cleanup, sims: Simulators, count: int = 3, **environment: str) -> tuple[list[Service], str]:
    schema = f"replicas_{uuid.uuid4().hex[:12]}"
    env = {"DATABASE_URL": DATABASE_URL, "DATABASE_SCHEMA": schema, "DATABASE_PATH": None, **environment}
    services = []
    for _ in range(count):
        service = Service(binary, workdir, simulators=sims, environment=env)
        cleanup(service)
        services.append(service)
    # The same API token everywhere would be what a deployment does; each Service draws its own, so each replica is
    # asked with its own token below.
    return services, schema


def parse(stamp: str | None) -> float | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() if stamp else None


def assert_one_at_a_time(runs: list[dict]) -> None:
    """Recorded start and finish times: no run started before the previous one finished."""
    spans = sorted((parse(run["startedAt"]), parse(run.get("finishedAt")) or time.time(), run["id"], run.get("replica"))
                   for run in runs if run.get("startedAt"))
    for before, after in zip(spans, spans[1:]):
        assert after[0] >= before[1] - 0.001, f"run {after[2]} on {after[3]} started before run {before[2]} on {before[3]} finished: {spans}"


def psql(schema: str, sql: str) -> list[list[str]]:
    executable = shutil.which("psql")
    assert executable, "psql is needed to read the fire log"
    output = subprocess.run([executable, DATABASE_URL, "-At", "-F", "\t", "-c", f"SET search_path TO {schema}; {sql}"],
                            check=True, capture_output=True, text=True, timeout=30).stdout
    return [line.split("\t") for line in output.splitlines() if line and line != "SET"]


def test_thousand_webhooks_across_three_replicas_become_at_most_two_runs_never_two_at_once(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    services, _ = replicas(binary, workdir, cleanup, sims, WEBHOOK_DEBOUNCE_MS="2000")
    for service in services:
        assert service.health()["store"]["engine"] == "postgresql"
    initial, _ = services[0].sync(mode="full")
    assert initial["status"] == "succeeded", initial
    payloads = [json.dumps(json.loads(path.read_text())).encode()
                for path in sorted((support.FIXTURES / "webhooks").glob("*.json"))]
    assert len(payloads) >= 5

    # A third of the POSTs to each replica, spread over 8 s (all within 10 s).
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def storm(service: Service, offset: int) -> None:
        headers = {"Content-Type": "application/json"}
        got, _ = support.post_storm(
            service.port, lambda n: (f"/webhooks/odoo?token={service.webhook_token}", payloads[(n * 3 + offset) % len(payloads)], headers),
            posts=SHARES[offset], threads=THREADS_PER_REPLICA, spread=8)
        with lock:
            results.extend(got)

    began = time.monotonic()
    threads = [threading.Thread(target=storm, args=(service, index)) for index, service in enumerate(services)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - began
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses == {202: POSTS}, statuses
    assert elapsed <= 10, f"the storm took {elapsed:.1f} s"

    def settled_runs() -> list[dict] | None:
        runs = [run for run in services[1].runs() if run["id"] != initial["id"]]
        busy = any(run["status"] in ("queued", "running") for run in runs)
        return runs if runs and not busy else None

    time.sleep(3)  # the last debounce windows (2 s) close
    runs = support.wait_until(settled_runs, timeout=90, interval=0.5, what="the webhook runs to finish")
    print(f"\n{POSTS} webhooks over 3 replicas in {elapsed:.2f} s → {len(runs)} runs "
          f"on {sorted({run.get('replica') for run in runs})}")
    assert len(runs) <= 2, runs
    assert all(run["status"] == "succeeded" and run["trigger"] == "webhook" for run in runs), runs
    assert_one_at_a_time([initial] + runs)
    # Every replica serves the same history.
    assert [run["id"] for run in services[0].runs()] == [run["id"] for run in services[2].runs()]


def test_a_replica_killed_mid_run_is_taken_over_within_30_seconds_without_duplicates(binary, workdir, cleanup):
    templates = 600
    sims = Simulators(binary, workdir, catalogue="generated", templates=templates, latency_ms=30)
    cleanup(sims)
    services, _ = replicas(binary, workdir, cleanup, sims, ODOO_PAGE_SIZE="5")
    run_id = services[0].start_sync(mode="full")

    def mid() -> dict | None:
        run = services[0].run(run_id)
        assert run["status"] in ("queued", "running"), f"run ended before the kill: {run}"
        progress = run.get("progress") or {}
        return run if run["status"] == "running" and 0 < progress.get("done", 0) < progress.get("total", 0) else None

    running = support.wait_until(mid, timeout=60, interval=0.05, what="the run to be in its products phase")
    holder = next(service for service in services if running["replica"].endswith(f"-{service.pid}"))
    others = [service for service in services if service is not holder]
    # Live progress of a run another replica runs, from a replica that does not run it (read from the shared store).
    response = others[1].request("GET", f"/runs/{run_id}/events", stream=True, timeout=20)
    assert response.status_code == 200, response.text
    progress_events = 0
    began = time.monotonic()
    for line in response.iter_lines(decode_unicode=True):
        if line == "event: progress":
            progress_events += 1
        if progress_events >= 2 or time.monotonic() - began > 15:
            break
    response.close()
    assert progress_events >= 2, "no progress from the replica running the run reached the others' SSE"
    queued_id = others[0].start_sync(mode="full")  # waits in the shared queue behind the running run
    holder.kill()
    killed_at = time.monotonic()

    def taken_over() -> dict | None:
        queued = others[1].run(queued_id)
        return queued if queued["status"] != "queued" else None

    taken = support.wait_until(taken_over, timeout=45, interval=0.2, what="another replica to take the queue")
    took = time.monotonic() - killed_at
    crashed = others[0].run(run_id)
    print(f"\nkilled {running['replica']} mid-run; run {queued_id} started on {taken.get('replica')} {took:.1f} s later")
    assert crashed["status"] == "interrupted", crashed
    assert took <= 30, f"the queue was taken over {took:.1f} s after the kill"
    assert taken.get("replica") not in (None, running["replica"]), taken

    healed = others[1].wait_for_run(queued_id, timeout=180)
    assert healed["status"] == "succeeded", healed
    products = sims.medusa_products()
    support.assert_no_duplicates(products)
    assert {p["external_id"] for p in products} == {str(i) for i in range(1, templates + 1)}
    settled, _ = others[0].sync(mode="full", timeout=180)
    assert settled["counts"]["created"] == 0 and settled["counts"]["updated"] == 0, settled["counts"]
    assert_one_at_a_time(others[0].runs())


def test_two_schedules_on_three_replicas_fire_each_slot_once(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    starting = time.time()  # a replica may fire a boundary crossed while the others still start
    services, schema = replicas(binary, workdir, cleanup, sims, SYNC_SCHEDULE="* * * * *", SYNC_FULL_SCHEDULE="*/2 * * * *")
    began = time.time()
    time.sleep(185)  # three minute boundaries at least
    ended = time.time()
    fires = psql(schema, "SELECT name, firedatms, replica FROM schedulefire ORDER BY firedatms")
    by_schedule: dict[str, list[tuple[float, str]]] = {}
    for name, fired_ms, replica in fires:
        by_schedule.setdefault(name, []).append((int(fired_ms) / 1000, replica))
    print(f"\nfires in {ended - began:.0f} s: " + ", ".join(
        f"{name}: {len(entries)} on {sorted({r for _, r in entries})}" for name, entries in sorted(by_schedule.items())))
    assert set(by_schedule) == {"default", "full"}, by_schedule
    for name, entries in by_schedule.items():
        slots = [int(stamp // 60) for stamp, _ in entries]
        assert len(slots) == len(set(slots)), f"{name} fired twice for one slot: {entries}"

    def minutes(after: float, until: float, every: int) -> set[int]:
        """Minute boundaries in (after, until] that a schedule firing every `every` minutes owns."""
        return {m for m in range(int(after // 60) + 1, int(until // 60) + 1) if m % every == 0}

    for name, every in (("default", 1), ("full", 2)):
        fired = {int(stamp // 60) for stamp, _ in by_schedule[name]}
        # Every boundary crossed while all replicas ran fired (the last 2 s may still be recording its fire)...
        missing = minutes(began, ended - 2, every) - fired
        assert not missing, (name, sorted(missing), by_schedule[name])
        # ...and nothing fired outside the replicas' lifetime.
        stray = fired - minutes(starting, ended, every)
        assert not stray, (name, sorted(stray), by_schedule[name])
    # The runs they queued ran one at a time.
    assert_one_at_a_time(services[0].runs())


def test_a_rolling_restart_loses_no_queued_run_and_no_webhook(binary, workdir, cleanup):
    """SIGTERM one replica, start its replacement, then the other: webhooks one replica accepted and was still
    debouncing become a queued run in the shared store, which another replica runs."""
    sims = Simulators(binary, workdir)
    cleanup(sims)
    (first, second), _ = replicas(binary, workdir, cleanup, sims, count=2, WEBHOOK_DEBOUNCE_MS="60000")
    initial, _ = first.sync(mode="full")
    assert initial["status"] == "succeeded", initial
    for template in (9, 12):
        response = first.request("POST", f"/webhooks/odoo?token={first.webhook_token}", token=None,
                                 json={"_model": "product.template", "_id": template})
        assert response.status_code == 202, response.text
    code, _ = first.terminate(timeout=15)
    assert code == 0

    def webhook_run() -> dict | None:
        runs = [run for run in second.runs() if run["trigger"] == "webhook"]
        return runs[0] if runs and runs[0]["status"] not in ("queued", "running") else None

    ran = support.wait_until(webhook_run, timeout=60, interval=0.2, what="the flushed webhooks to run on the other replica")
    assert ran["status"] == "succeeded" and sorted(ran["productIds"]) == [9, 12], ran
    assert ran["replica"].endswith(f"-{second.pid}"), ran

    replacement = Service(binary, workdir, simulators=sims, environment=first.environment)
    cleanup(replacement)
    queued_id = second.start_sync(mode="incremental")
    code, _ = second.terminate(timeout=15)
    assert code == 0
    finished = replacement.wait_for_run(queued_id, timeout=60)
    runs = replacement.runs()
    assert not [run for run in runs if run["status"] == "queued"], runs
    if finished["status"] == "interrupted":  # it had started on the stopping replica: the next run continues it
        again = replacement.wait_for_run(replacement.start_sync(mode="incremental"), timeout=60)
        assert again["status"] == "succeeded" and again["replica"].endswith(f"-{replacement.pid}"), again
    else:
        assert finished["status"] == "succeeded", finished
    assert_one_at_a_time(replacement.runs())
