"""The simulators' warehouse commands (`validate_delivery`, `set_tracking`) on a sale order the real service created:
a partial delivery makes a backorder, the rest delivers the order fully, and the simulated Odoo's picking rule POSTs
exactly once per picking reaching done (ORDERS.md §5, §9) to the URL it was given. The deliveries sync itself is
tested with the service's deliveries engine; this checks the controls a delivery test drives Odoo with.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import support
from support import Service, Simulators

ENVIRONMENT = {
    "SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "ORDERS_REQUIRE_PAYMENT": "any", "ORDERS_SINCE": "2000-01-01",
}


class Inbox:
    """A loopback receiver standing in for the service's /webhooks/odoo."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                inbox.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/odoo"

    def close(self) -> None:
        self.server.shutdown()


def test_partial_delivery_backorder_tracking_and_one_webhook_per_done_picking(binary, workdir, cleanup):
    inbox = Inbox()
    try:
        sims = Simulators(binary, workdir, catalogue="generated", templates=5, odoo_webhook_url=inbox.url,
                          odoo_delivery_module=True)
        cleanup(sims)
        service = Service(binary, workdir, simulators=sims, database=workdir / "data" / "sync.sqlite",
                          environment=ENVIRONMENT)
        cleanup(service)
        catalogue, _ = service.sync(mode="full", timeout=120)
        assert catalogue["status"] == "succeeded", catalogue

        variant = next(v["id"] for p in sims.medusa_products() for v in p.get("variants") or [])
        placed = sims.command(
            cmd="place_order", email="warehouse@example.com", firstName="Ware", lastName="House", currency="eur",
            items=[{"variantId": variant, "quantity": 5, "unitPrice": 10, "taxRate": 15}],
            shipping={"name": "Standard", "amount": 4.95, "taxRate": 15},
            address={"firstName": "Ware", "lastName": "House", "address1": "1 Dock Rd", "city": "Springfield",
                     "postalCode": "62701", "countryCode": "us", "province": "IL"})
        origin = f"medusa:{placed['orderId']}"
        orders, _ = service.sync(scope="orders", timeout=120)
        assert orders["status"] == "succeeded", orders
        order = next(o for o in sims.command(cmd="sale_orders")["orders"] if o["origin"] == origin)
        assert order["state"] == "sale", order
        product_id = next(line["productId"] for line in order["lines"] if line["quantity"] == "5")

        partial = sims.command(cmd="validate_delivery", origin=origin, quantities={str(product_id): 2})
        assert partial["ok"] and partial["backorderId"], partial
        assert sims.command(cmd="set_tracking", pickingId=partial["pickingId"], reference="1Z999AA10123456784")["ok"]
        order = next(o for o in sims.command(cmd="sale_orders")["orders"] if o["origin"] == origin)
        assert order["deliveryStatus"] == "partial", order

        rest = sims.command(cmd="validate_delivery", saleOrderId=order["id"])
        assert rest["ok"] and rest["pickingId"] == partial["backorderId"] and rest["backorderId"] is None, rest
        order = next(o for o in sims.command(cmd="sale_orders")["orders"] if o["origin"] == origin)
        assert order["deliveryStatus"] == "full", order

        posts = support.settled(lambda: list(inbox.bodies))
        assert [post["id"] for post in posts] == [partial["pickingId"], partial["backorderId"]], posts
        for post in posts:
            assert post["_model"] == "stock.picking" and post["state"] == "done" and post["date_done"] is False, post
            assert post["sale_id"] == order["id"], post
        assert posts[1]["backorder_id"] == partial["pickingId"], posts

        with pytest.raises(AssertionError, match="no open delivery"):
            sims.command(cmd="validate_delivery", origin=origin)
    finally:
        inbox.close()
