"""The simulated shop's subscriber (`simulators --medusa-subscriber-url … --medusa-webhook-secret …`, which signs and
POSTs each order event as docs/medusa.md §8's file does) pushing to the real service: an order placed in the shop
becomes a confirmed Odoo sale order through `POST /webhooks/medusa` alone, with no `POST /sync` and no schedule. A
subscriber with the wrong secret is refused (401) and starts nothing.
"""

from __future__ import annotations

import support
from support import Service, Simulators

SECRET = "reliability-subscriber-secret-0123456789abcdef"
ENVIRONMENT = {
    "SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "ORDERS_REQUIRE_PAYMENT": "any", "ORDERS_SINCE": "2000-01-01",
    "MEDUSA_WEBHOOK_SECRET": SECRET, "WEBHOOK_DEBOUNCE_MS": "300",
}


def place(sims: Simulators, variant: str, email: str) -> str:
    return sims.command(
        cmd="place_order", email=email, guest=True, firstName="Push", lastName="Test", currency="usd",
        items=[{"variantId": variant, "quantity": 1, "unitPrice": 25, "taxRate": 15}],
        shipping={"name": "Standard", "amount": 4.95, "taxRate": 15},
        address={"firstName": "Push", "lastName": "Test", "address1": "12 Main St", "city": "Springfield",
                 "postalCode": "62701", "countryCode": "us", "province": "IL"})["orderId"]


def test_orders_reach_odoo_through_the_signed_subscriber_push_alone(binary, workdir, cleanup):
    port = support.free_port()
    sims = Simulators(binary, workdir, medusa_subscriber_url=f"http://127.0.0.1:{port}/webhooks/medusa",
                      medusa_webhook_secret=SECRET)
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims, environment={**ENVIRONMENT, "PORT": str(port)})
    cleanup(service)
    catalogue, _ = service.sync(mode="full", timeout=120)
    assert catalogue["status"] == "succeeded", catalogue
    variant = next(variant["id"] for product in sims.medusa_products() for variant in product.get("variants") or []
                   if (variant.get("sku") or "").startswith("FURN_"))

    order_id = place(sims, variant, "push@example.com")
    sale = support.wait_until(
        lambda: next((order for order in sims.command(cmd="sale_orders")["orders"]
                      if order["origin"] == f"medusa:{order_id}" and order["state"] == "sale"), None),
        timeout=30, interval=0.1, what="the pushed order to be a confirmed sale order in Odoo")
    assert sale["clientOrderRef"].startswith("MEDUSA-"), sale
    runs = service.runs(scope="orders")
    assert runs and all(run["trigger"] == "webhook" for run in runs), runs


def test_a_subscriber_with_the_wrong_secret_is_refused_and_starts_nothing(binary, workdir, cleanup):
    port = support.free_port()
    sims = Simulators(binary, workdir, medusa_subscriber_url=f"http://127.0.0.1:{port}/webhooks/medusa",
                      medusa_webhook_secret="not-the-service-secret-0123456789")
    cleanup(sims)
    service = Service(binary, workdir, simulators=sims, environment={**ENVIRONMENT, "PORT": str(port)})
    cleanup(service)
    catalogue, _ = service.sync(mode="full", timeout=120)
    assert catalogue["status"] == "succeeded", catalogue
    variant = next(variant["id"] for product in sims.medusa_products() for variant in product.get("variants") or [])
    place(sims, variant, "forged@example.com")
    support.wait_until(lambda: "Medusa webhook refused (401)" in service.logs(), timeout=15,
                       interval=0.1, what="the service to refuse the forged push")
    assert service.runs(scope="orders") == []
    assert sims.command(cmd="sale_orders")["orders"] == []
