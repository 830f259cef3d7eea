"""Injected faults, black-box: 10 % of Odoo and Medusa requests fail (5xx, 429 + Retry-After, timeouts, resets,
truncated bodies; the simulators' fault injection with a fixed seed). Every failure is recorded with its cause, no
run ever duplicates a product, and one fault-free follow-up run reaches exactly the shop a fault-free sync builds.

(The in-process Swift version, with scripted faults per request, is Tests/EndToEndTests/FaultToleranceTests.swift.)
"""

from __future__ import annotations

import pytest

import support
from support import Service, Simulators


def shop_state(products: list[dict]) -> dict[str, dict]:
    """What the sync decides about each Medusa product, without the ids and timestamps Medusa makes up."""
    state = {}
    for product in products:
        state[product["handle"]] = {
            "title": product["title"], "status": product["status"], "external_id": product.get("external_id"),
            "description": product.get("description"), "weight": product.get("weight"), "metadata": product.get("metadata"),
            "images": len(product.get("images") or []), "has_thumbnail": bool(product.get("thumbnail")),
            "sales_channels": sorted(channel["id"] for channel in product.get("sales_channels") or []),
            "options": sorted((option["title"], sorted(value["value"] for value in option.get("values") or []))
                              for option in product.get("options") or []),
            "variants": sorted(
                (variant.get("sku") or "", variant["title"], variant.get("barcode") or "", variant.get("manage_inventory"),
                 sorted((value["value"]) for value in variant.get("options") or []),
                 sorted((price["currency_code"], str(price["amount"])) for price in variant.get("prices") or []))
                for variant in product.get("variants") or []),
        }
    return state


def assert_failures_explained(run: dict, items: list[dict]) -> None:
    for item in items:
        if item["outcome"] == "failed":
            assert item.get("message"), f"template {item['odooTemplateId']} failed without a message: {item}"
            assert item.get("system") in ("odoo", "medusa"), f"template {item['odooTemplateId']}: which system? {item}"
            assert item.get("failureClass"), f"template {item['odooTemplateId']}: no failure class: {item}"
    if run["status"] == "failed":
        assert run.get("error"), f"a failed run says why: {run}"
    expected = "failed" if run["status"] == "failed" else ("partially_failed" if run["counts"]["failed"] else "succeeded")
    assert run["status"] == expected, run


@pytest.fixture(scope="module")
def reference_shop(binary, tmp_path_factory) -> dict[str, dict]:
    """The shop a fault-free full sync builds from the demo catalogue."""
    workdir = tmp_path_factory.mktemp("reference")
    sims = Simulators(binary, workdir)
    service = Service(binary, workdir, simulators=sims)
    try:
        run, _ = service.sync(mode="full")
        assert run["status"] == "succeeded", run
        shop = shop_state(sims.medusa_products())
        assert len(shop) == run["counts"]["created"] > 30
        return shop
    finally:
        service.stop()
        sims.close()


def assert_same_shop(shop: dict[str, dict], reference: dict[str, dict]) -> None:
    assert set(shop) == set(reference), f"handles differ: {sorted(set(shop) ^ set(reference))}"
    for handle in reference:
        assert shop[handle] == reference[handle], f"{handle}:\n  after faults: {shop[handle]}\n  reference:    {reference[handle]}"


def test_ten_percent_faults_every_run_explained_and_one_follow_up_run_reaches_the_fault_free_shop(binary, workdir, cleanup, reference_shop):
    sims = Simulators(binary, workdir, fault_rate=0.10, timeout_delay_ms=300, fault_seed=20261125)
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims, environment={"ODOO_PAGE_SIZE": "8"})
    cleanup(service)

    for _ in range(2):
        run, items = service.sync(mode="full", timeout=240)
        assert_failures_explained(run, items)
        support.assert_no_duplicates(sims.medusa_products())
    stats = sims.stats()
    assert all(sum(stats[system]["injected"].values()) > 0 for system in ("odoo", "medusa")), stats

    sims.set_faults(faultRate=0)
    follow_up, items = service.sync(mode="full", timeout=240)
    assert follow_up["status"] == "succeeded", (follow_up, [i for i in items if i["outcome"] == "failed"])
    assert_same_shop(shop_state(sims.medusa_products()), reference_shop)

    settled, _ = service.sync(mode="full")
    assert settled["status"] == "succeeded"
    assert settled["counts"]["created"] == settled["counts"]["updated"] == 0, settled["counts"]
    assert service.health()["lastRun"]["status"] == "succeeded"


def test_failures_beyond_retries_are_recorded_with_their_cause_and_healed_by_the_next_run(binary, workdir, cleanup, reference_shop):
    """60 % of Medusa's answers broken, then every Odoo answer: failures get past the clients' retries, so the run
    records must carry them — per product (`failed`, message, system) or for the run (`failed`, error)."""
    sims = Simulators(binary, workdir, fault_seed=7)
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims, environment={"ODOO_PAGE_SIZE": "8"})
    cleanup(service)

    sims.set_faults(target="medusa", faultRate=0.6, timeoutDelayMs=300)
    medusa_run, items = service.sync(mode="full", timeout=240)
    assert_failures_explained(medusa_run, items)
    failed = [item for item in items if item["outcome"] == "failed"]
    assert medusa_run["status"] in ("partially_failed", "failed"), medusa_run
    if medusa_run["status"] == "partially_failed":
        assert failed and all(item["system"] == "medusa" for item in failed), failed[:3]
    else:
        assert "medusa" in medusa_run["error"].lower(), medusa_run
    support.assert_no_duplicates(sims.medusa_products())

    sims.set_faults(target="medusa", faultRate=0)
    sims.set_faults(target="odoo", faultRate=1.0, faults=["server_error"])
    odoo_run, _ = service.sync(mode="full", timeout=240)
    assert odoo_run["status"] == "failed", odoo_run
    assert "odoo" in odoo_run["error"].lower() and "500" in odoo_run["error"], odoo_run
    assert service.health()["status"] == "ok"

    sims.set_faults(target="odoo", faultRate=0)
    follow_up, items = service.sync(mode="full", timeout=240)
    assert follow_up["status"] == "succeeded", (follow_up, [i for i in items if i["outcome"] == "failed"])
    assert_same_shop(shop_state(sims.medusa_products()), reference_shop)
