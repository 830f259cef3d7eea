"""SIGKILL of the real service while its orders run writes sale orders into Odoo, then a restart on the same database:
every shop order ends up in Odoo exactly once (issue #15: "a crash between create and binding adopts, never
duplicates").

The simulators run in their own process, so Odoo's sale orders survive the service's death. Batches of one order and
30 ms per request make the run's create → read back → link → confirm sequence last about 0.1 s per order; the kill
lands at a random point after the first orders reached Odoo, often between a create and its link. The restarted
service searches Odoo by `origin` before creating and adopts what it finds.
"""

from __future__ import annotations

import random
import time

import support
from support import Service, Simulators

ORDERS = 30
ENVIRONMENT = {
    "SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "ORDERS_REQUIRE_PAYMENT": "any", "ORDERS_SINCE": "2000-01-01",
    "ORDERS_BATCH_SIZE": "1",
}


def sale_orders(sims: Simulators) -> list[dict]:
    return sims.command(cmd="sale_orders")["orders"]


def test_sigkill_while_orders_are_written_then_restart_sends_each_order_exactly_once(binary, workdir, cleanup):
    sims = Simulators(binary, workdir, catalogue="generated", templates=20, latency_ms=30)
    cleanup(sims)
    database = workdir / "data" / "sync.sqlite"
    first = Service(binary, workdir, simulators=sims, database=database, environment=ENVIRONMENT)
    cleanup(first)
    catalogue, _ = first.sync(mode="full", timeout=120)
    assert catalogue["status"] == "succeeded", catalogue

    variants = [variant["id"] for product in sims.medusa_products() for variant in product.get("variants") or []]
    assert len(variants) >= 3, variants
    placed = []
    for index in range(ORDERS):
        answer = sims.command(
            cmd="place_order", email=f"buyer{index % 7}@example.com", guest=index % 3 == 0, firstName="Buyer",
            lastName=str(index % 7), currency="usd" if index % 2 else "eur",
            items=[{"variantId": variants[(index + line) % len(variants)], "quantity": 1 + line, "unitPrice": 10 + index,
                    "taxRate": 15} for line in range(2)],
            shipping={"name": "Standard", "amount": 4.95, "taxRate": 15},
            address={"firstName": "Buyer", "lastName": str(index), "address1": "12 Main St", "city": "Springfield",
                     "postalCode": "62701", "countryCode": "us", "province": "IL"})
        placed.append(answer["orderId"])

    run_id = first.start_sync(scope="orders")
    support.wait_until(lambda: len(sale_orders(sims)) >= 3, timeout=60, interval=0.02,
                       what="the first sale orders to reach Odoo")
    time.sleep(random.uniform(0.0, 0.3))
    first.kill()
    at_crash = support.settled(lambda: sale_orders(sims))
    assert 0 < len(at_crash) < ORDERS, f"killed with {len(at_crash)} of {ORDERS} orders in Odoo"
    assert support.integrity_check(database) == "ok"

    second = Service(binary, workdir, simulators=sims, database=database, environment=ENVIRONMENT)
    cleanup(second)
    assert second.run(run_id)["status"] == "interrupted"
    healed, items = second.sync(scope="orders", timeout=120)
    assert healed["status"] == "succeeded", healed
    assert all(item["subject"] == "order" for item in items)

    after = sale_orders(sims)
    origins = [order["origin"] for order in after]
    assert len(after) == ORDERS, f"{len(after)} sale orders for {ORDERS} shop orders"
    assert sorted(origins) == sorted(f"medusa:{order_id}" for order_id in placed), "an order is missing or doubled"
    assert all(order["state"] == "sale" for order in after), [order["state"] for order in after]
    # The ones Odoo had at the crash were adopted or already linked, never created again.
    created_again = {item["medusaProductId"] for item in items if item["outcome"] == "created"}
    assert not created_again & {order["origin"].removeprefix("medusa:") for order in at_crash}
    adopted = [item for item in items if item["outcome"] == "updated" and "not created again" in (item.get("message") or "")]
    print(f"killed with {len(at_crash)} orders in Odoo; the restarted run adopted {len(adopted)} of them")

    settled, settled_items = second.sync(scope="orders", timeout=60)
    assert settled["status"] == "succeeded" and not settled_items, (settled, settled_items[:3])
    assert len(sale_orders(sims)) == ORDERS
    second.stop()
    assert support.integrity_check(database) == "ok"
    assert support.query_database(database, "SELECT count(*) FROM orderLink") == [(ORDERS,)]
