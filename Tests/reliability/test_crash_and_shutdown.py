"""Crash (SIGKILL) and graceful stop (SIGTERM) of the real service in the middle of a sync.

The simulators run in a process of their own (`odoo-medusa-sync simulators`), so the shop's state survives the
service's death and its restart on the same DATABASE_PATH. 30 ms of latency per request and pages of 5 templates
make the products phase of a 600-template catalogue last a few seconds, so "the middle" is reliable: the test waits
until `GET /runs/{id}` shows the run `running` in the products phase with `progress.done` > 0.
"""

from __future__ import annotations

import json
import random
import time

import support
from support import Service, Simulators

TEMPLATES = 600
SLOW = {"ODOO_PAGE_SIZE": "5"}


def wait_until_mid_products(service: Service, run_id: int) -> dict:
    def mid() -> dict | None:
        run = service.run(run_id)
        assert run["status"] in ("queued", "running"), f"run ended before the kill: {run}"
        progress = run.get("progress") or {}
        if run["status"] == "running" and progress.get("phase") == "products" and 0 < progress.get("done", 0) < progress.get("total", 0):
            return run
        return None

    return support.wait_until(mid, timeout=60, interval=0.03, what="the run to be in the middle of its products phase")


def test_sigkill_mid_sync_then_restart_marks_interrupted_and_next_run_heals_without_duplicates(binary, workdir, cleanup):
    sims = Simulators(binary, workdir, catalogue="generated", templates=TEMPLATES, latency_ms=30)
    cleanup(sims)
    database = workdir / "data" / "sync.sqlite"
    first = Service(binary, workdir, simulators=sims, database=database, environment=SLOW)
    cleanup(first)

    run_id = first.start_sync(mode="full")
    seen = wait_until_mid_products(first, run_id)
    time.sleep(random.uniform(0.0, 0.5))  # anywhere in a page: between a batch create and its bindings too
    first.kill()

    # What Medusa holds after the crash: products the crashed run created (possibly without a binding), including a
    # batch that was still inside the simulator when the process died.
    before = support.settled(sims.medusa_products)
    before_ids = {p["external_id"] for p in before}
    support.assert_no_duplicates(before)
    assert 0 < len(before) < TEMPLATES, f"killed at {seen['progress']}, Medusa holds {len(before)} products"
    assert support.integrity_check(database) == "ok"

    second = Service(binary, workdir, simulators=sims, database=database, environment=SLOW)
    cleanup(second)
    crashed = second.run(run_id)
    assert crashed["status"] == "interrupted", crashed
    assert crashed.get("error") and "stopped" in crashed["error"], crashed
    assert crashed.get("finishedAt"), crashed

    healed, items = second.sync(mode="full", timeout=180)
    assert healed["status"] == "succeeded", healed
    created = {str(item["odooTemplateId"]) for item in items if item["outcome"] == "created"}
    assert not created & before_ids, f"products that existed before the crash were created again: {sorted(created & before_ids)[:10]}"
    assert healed["counts"]["created"] == TEMPLATES - len(before), healed["counts"]

    after = sims.medusa_products()
    support.assert_no_duplicates(after)
    assert len(after) == TEMPLATES
    assert {p["external_id"] for p in after} == {str(i) for i in range(1, TEMPLATES + 1)}

    # Every binding is there: one more full run creates nothing and writes nothing.
    settled, _ = second.sync(mode="full", timeout=180)
    assert settled["status"] == "succeeded", settled
    assert settled["counts"]["created"] == 0 and settled["counts"]["updated"] == 0, settled["counts"]
    assert settled["counts"]["unchanged"] == TEMPLATES, settled["counts"]

    second.stop()
    assert support.integrity_check(database) == "ok"
    assert support.query_database(database, "SELECT count(*) FROM run WHERE status = 'running'") == [(0,)]
    assert support.query_database(database, "SELECT count(*) FROM binding WHERE kind = 'product'") == [(TEMPLATES,)]


def test_sigterm_mid_sync_exits_within_grace_period_and_records_the_run_as_interrupted(binary, workdir, cleanup):
    sims = Simulators(binary, workdir, catalogue="generated", templates=TEMPLATES, latency_ms=30)
    cleanup(sims)
    database = workdir / "data" / "sync.sqlite"
    service = Service(binary, workdir, simulators=sims, database=database, environment=SLOW)
    cleanup(service)

    run_id = service.start_sync(mode="full")
    wait_until_mid_products(service, run_id)
    code, seconds = service.terminate(timeout=10)
    assert seconds <= 10, f"exit took {seconds:.1f} s"
    assert code == 0, f"exit code {code}:\n{service.logs()[-2000:]}"

    # Read the file the stopped process left, not a restarted service (whose crash recovery would hide a gap).
    assert support.integrity_check(database) == "ok"
    rows = support.query_database(database, "SELECT status, error, finishedAtMs FROM run WHERE id = ?", (run_id,))
    assert rows, "the run is missing from the database"
    status, error, finished = rows[0]
    assert status == "interrupted", rows
    assert error and "stopping" in error, rows
    assert finished is not None
    assert support.query_database(database, "SELECT count(*) FROM run WHERE status IN ('running', 'queued')") == [(0,)]
    # What the interrupted run wrote is bound: bindings never exceed the products Medusa holds, and nothing doubled.
    products = sims.medusa_products()
    support.assert_no_duplicates(products)
    (bindings,) = support.query_database(database, "SELECT count(*) FROM binding WHERE kind = 'product'")[0]
    assert bindings <= len(products)
    logs = service.log_lines()
    assert any(line.get("msg") == "sync finished" and line.get("status") == "interrupted" for line in logs), logs[-5:]


def test_sigterm_when_idle_exits_promptly(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims)
    cleanup(service)
    service.health()
    code, seconds = service.terminate(timeout=10)
    assert code == 0 and seconds < 5, (code, seconds)


def test_lost_database_costs_one_adoption_pass_and_creates_nothing_twice(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    first = Service(binary, workdir, simulators=sims, database=workdir / "old" / "sync.sqlite")
    cleanup(first)
    run, _ = first.sync(mode="full")
    assert run["status"] == "succeeded" and run["counts"]["created"] > 30, run
    shop = sims.medusa_products()
    first.stop()

    # A new, empty database (volume lost): no bindings, no cursors, no history.
    second = Service(binary, workdir, simulators=sims, database=workdir / "new" / "sync.sqlite")
    cleanup(second)
    adopted, items = second.sync(mode="full")
    assert adopted["status"] == "succeeded", adopted
    assert adopted["counts"]["created"] == 0, [i for i in items if i["outcome"] == "created"][:5]
    assert adopted["counts"]["updated"] == len(shop), adopted["counts"]
    assert all("adopted" in item.get("message", "") for item in items if item["outcome"] == "updated"), items[:3]
    after = sims.medusa_products()
    support.assert_no_duplicates(after)
    assert sorted(p["id"] for p in after) == sorted(p["id"] for p in shop), "products were replaced, not adopted"
    settled, _ = second.sync(mode="full")
    assert settled["counts"]["created"] == settled["counts"]["updated"] == 0, settled["counts"]


def test_sigterm_keeps_accepted_webhooks_as_a_queued_run_that_the_next_start_runs(binary, workdir, cleanup):
    """Odoo was answered 202 and never retries: webhooks still waiting out their debounce window when the service is
    stopped (a redeploy) become a queued run in the database, and the next start runs it."""
    sims = Simulators(binary, workdir)
    cleanup(sims)
    database = workdir / "data" / "sync.sqlite"
    service = Service(binary, workdir, simulators=sims, database=database, environment={"WEBHOOK_DEBOUNCE_MS": "60000"})
    cleanup(service)
    for payload in ({"_model": "product.template", "_id": 9, "_action": "Medusa webhook on_create_or_write(#462)"},
                    {"_model": "product.template", "_id": 12}, {"_model": "product.product", "_id": 14}):
        response = service.request("POST", f"/webhooks/odoo?token={service.webhook_token}", token=None, json=payload)
        assert response.status_code == 202 and response.json()["accepted"], response.text
    code, seconds = service.terminate(timeout=10)
    assert code == 0 and seconds < 8, (code, seconds)

    queued = support.query_database(database, "SELECT id, trigger, mode, productIds, status FROM run")
    assert len(queued) == 1, queued
    run_id, trigger, mode, product_ids, status = queued[0]
    assert (trigger, mode, status) == ("webhook", "targeted", "queued"), queued
    assert sorted(json.loads(product_ids)) == [9, 12], queued  # variant 14 belongs to template 9

    restarted = Service(binary, workdir, simulators=sims, database=database)
    cleanup(restarted)
    run = restarted.wait_for_run(run_id, timeout=60)
    assert run["status"] == "succeeded" and run["counts"]["created"] == 2, run
