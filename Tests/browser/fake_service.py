"""A stand-in for the service's HTTP API, for developing and testing the dashboard without the Swift build.

Serves Public/ with the service's security headers (the same Content-Security-Policy) and answers the endpoints of
openapi.yaml from in-memory runs: GET /health, GET /runs (with `scope`), GET /runs/{id} (with `links`), POST /sync
(scope catalogue / orders / all), GET /runs/{id}/events (SSE), POST /runs/{id}/cancel, GET /retries,
POST /retries/{kind}/{odooId}/retry, GET /orders, /openapi.yaml and /openapi.json. A started run walks through phases in about two seconds.
Knobs for tests: `drop_stream_after` (close the first SSE connection after N events, to exercise the reconnect),
`events_status` (the event stream answers this error status), `run_seconds` (how long a run takes),
`applying_steps` (how many progress events its "applying" phase sends), `requests`
(every API request seen, with its body), `orders_enabled` (SYNC_ORDERS), `orders_sent` / `orders_waiting` (GET /orders),
`links` (RecordLinks: `odooWeb`, `medusaAdmin`; drop a key to test a missing base).

Run by hand:  python3 Tests/browser/fake_service.py [port]   (token: test-token)
"""

from __future__ import annotations

import json
import mimetypes
import os
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "Public"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "frame-ancestors 'none'")
FINISHED = {"succeeded", "partially_failed", "failed", "cancelled", "interrupted"}
KINDS = ["created", "updated", "unchanged", "archived", "deleted", "failed", "skipped", "drift_corrected"]


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def zero_counts() -> dict:
    return {kind: 0 for kind in KINDS}


class FakeState:
    def __init__(self, token: str = "test-token", seed: bool = True):
        self.token = token
        self.lock = threading.Condition()
        self.runs: dict[int, dict] = {}
        self.items: dict[int, list[dict]] = {}
        self.next_id = 1
        self.requests: list[dict] = []
        self.drop_stream_after: int | None = None
        self.events_status: int | None = None  # answer GET /runs/{id}/events with this error status
        self.run_seconds = 2.0
        self.applying_steps = 10  # progress events of the "applying" phase (the real service sends one per product)
        self.retries: list[dict] = []  # GET /retries; a targeted run of a product removes it
        self.started_at = time.time()
        self.orders_enabled = True
        self.links = {"odooWeb": "https://odoo.example.test", "medusaAdmin": "https://shop.example.test/app"}
        self.orders_sent: list[dict] = []
        self.orders_waiting: list[dict] = []
        if seed:
            self._seed()
            self._seed_orders()

    # ---- seed history -------------------------------------------------------------------------------------------
    def _seed(self) -> None:
        now = datetime.now(timezone.utc)
        statuses = ["succeeded"] * 9 + ["partially_failed", "succeeded", "failed"]
        for index, status in enumerate(statuses):
            created = now - timedelta(hours=(len(statuses) - index) * 6)
            counts = zero_counts()
            items = []
            total = 12 + index
            for product in range(1, total + 1):
                kind = "unchanged"
                if index == 0:
                    kind = "created"
                elif product % 5 == index % 5:
                    kind = "updated"
                if status == "partially_failed" and product in (3, 7, 11):
                    kind = "failed"
                if status == "failed":
                    kind = "failed" if product == 1 else "skipped"
                counts[kind] += 1
                items.append(self._item(product, kind, dry_run=False))
            run = {
                "id": self.next_id, "scope": "catalogue", "trigger": ["schedule", "api", "webhook"][index % 3],
                "mode": "full" if index % 4 == 0 else "incremental", "dryRun": False, "productIds": [],
                "status": status, "createdAt": iso(created), "startedAt": iso(created + timedelta(seconds=1)),
                "finishedAt": iso(created + timedelta(seconds=2 + index)), "durationMs": 1000 + index * 430,
                "counts": counts, "progress": {"phase": "done", "done": total, "total": total},
            }
            if status == "failed":
                run["error"] = "Medusa answered 503 Service Unavailable on /admin/products/batch"
            self.runs[run["id"]] = run
            self.items[run["id"]] = items
            self.next_id += 1

    def _seed_orders(self) -> None:
        """GET /orders: four sent orders (one whose totals differ, one cancelled, one whose cancel Odoo refused) and
        three waiting (held, waiting for payment, failed)."""
        now = datetime.now(timezone.utc)
        self.orders_sent = [
            {"medusaOrderId": "order_01JA1042", "displayId": 1042, "odooOrderId": 31, "odooOrderName": "S00031",
             "state": "sent", "currencyCode": "usd", "medusaTotal": "218.4885", "odooTotal": "218.49",
             "updatedAt": iso(now - timedelta(minutes=5)),
             "deliveries": [
                 {"pickingId": 12, "pickingName": "WH/OUT/00012", "fulfilmentId": "ful_01JF12", "state": "shipped",
                  "trackingNumber": "1Z999AA10123456784", "updatedAt": iso(now - timedelta(minutes=4))},
                 {"pickingId": 13, "pickingName": "WH/OUT/00013", "state": "reversed",
                  "message": "returned in Odoo after it was reported: <b>not synced</b>", "updatedAt": iso(now - timedelta(minutes=3))},
             ]},
            {"medusaOrderId": "order_01JA1041", "displayId": 1041, "odooOrderId": 30, "odooOrderName": "S00030",
             "state": "sent", "currencyCode": "eur", "medusaTotal": "59.90", "odooTotal": "59.89",
             "message": "Odoo total 59.89 EUR differs from Medusa total 59.90 EUR", "updatedAt": iso(now - timedelta(hours=1))},
            {"medusaOrderId": "order_01JA1040", "displayId": 1040, "odooOrderId": 29, "odooOrderName": "S00029",
             "state": "cancel_refused", "currencyCode": "eur", "medusaTotal": "24.00", "odooTotal": "24.00",
             "message": "cancelled in Medusa, not in Odoo: the delivery is done", "updatedAt": iso(now - timedelta(hours=2))},
            {"medusaOrderId": "order_01JA1039", "displayId": 1039, "odooOrderId": 28, "odooOrderName": "S00028",
             "state": "canceled", "currencyCode": "eur", "medusaTotal": "12.50", "odooTotal": "12.50",
             "message": "cancelled in Odoo", "updatedAt": iso(now - timedelta(hours=3))},
        ]
        self.orders_waiting = [
            {"medusaOrderId": "order_01JA1043", "firstSeenAt": iso(now - timedelta(minutes=20)),
             "reason": "held: line ordli_01 variant variant_01JV9 is not bound to an Odoo product"},
            {"medusaOrderId": "order_01JA1044", "firstSeenAt": iso(now - timedelta(minutes=10)),
             "reason": "waiting for payment: authorized (ORDERS_REQUIRE_PAYMENT=captured)"},
            {"medusaOrderId": "order_01JA1045", "firstSeenAt": iso(now - timedelta(minutes=8)),
             "reason": "failed: Odoo answered <b>MissingError</b>: Record does not exist (product.product 77)"},
        ]
        # One finished orders run (the newest run), with order items.
        created = now - timedelta(minutes=5)
        counts = zero_counts()
        items = self._order_items()
        for item in items:
            counts[item["outcome"]] += 1
        run = {"id": self.next_id, "scope": "orders", "trigger": "schedule", "mode": "incremental", "dryRun": False,
               "productIds": [], "status": "partially_failed", "createdAt": iso(created),
               "startedAt": iso(created + timedelta(seconds=1)), "finishedAt": iso(created + timedelta(seconds=3)),
               "durationMs": 2100, "counts": counts, "progress": {"phase": "done", "done": len(items), "total": len(items)}}
        self.runs[run["id"]] = run
        self.items[run["id"]] = items
        self.next_id += 1
        # And one deliveries run (now the newest), with delivery items.
        items = self._delivery_items()
        counts = zero_counts()
        counts["created"] = 1
        created = now - timedelta(minutes=4)
        run = {"id": self.next_id, "scope": "deliveries", "trigger": "webhook", "mode": "incremental", "dryRun": False,
               "productIds": [], "status": "succeeded", "createdAt": iso(created),
               "startedAt": iso(created + timedelta(seconds=1)), "finishedAt": iso(created + timedelta(seconds=2)),
               "durationMs": 900, "counts": counts, "progress": {"phase": "done", "done": 1, "total": 1}}
        self.runs[run["id"]] = run
        self.items[run["id"]] = items
        self.next_id += 1

    @staticmethod
    def _delivery_items() -> list[dict]:
        return [{"subject": "delivery", "odooTemplateId": 12, "medusaProductId": "order_01JA1042", "outcome": "created",
                 "title": "WH/OUT/00012 → #1042", "message": "fulfilment ful_01JF12 shipped with tracking number 1Z999AA10123456784"}]

    def _order_items(self) -> list[dict]:
        items = [{"subject": "order", "odooTemplateId": order["odooOrderId"], "medusaProductId": order["medusaOrderId"],
                  "outcome": "created", "title": f"#{order['displayId']} → {order['odooOrderName']}",
                  "message": "created in Odoo and confirmed" + (f"; {order['message']}" if order.get("message") else "")}
                 for order in self.orders_sent if order["state"] == "sent"]
        for order in self.orders_waiting:
            failed = order["reason"].startswith("failed")
            items.append({"subject": "order", "odooTemplateId": 0, "medusaProductId": order["medusaOrderId"],
                          "outcome": "failed" if failed else "skipped", "message": order["reason"],
                          **({"system": "odoo", "failureClass": "permanent"} if failed else {})})
        return items

    @staticmethod
    def _item(product: int, kind: str, dry_run: bool) -> dict:
        item = {"subject": "product", "odooTemplateId": product, "outcome": kind, "title": f"Demo product {product}"}
        if kind != "failed":
            item["medusaProductId"] = f"prod_{product:04d}"
        if kind == "failed":
            item.update(message=f"Medusa refused variant SKU DEMO-{product}: duplicate sku", system="medusa",
                        failureClass="permanent")
        if kind == "skipped":
            item.update(message="skipped after an earlier failure", system="sync")
        if dry_run and kind in ("created", "updated"):
            item["plannedChanges"] = [
                {"path": "title", "from": f"Old product {product}", "to": f"Demo product {product}"},
                {"path": "variants[0].prices.eur", "from": "19.00", "to": "21.50"},
            ]
        return item

    # ---- runs ----------------------------------------------------------------------------------------------------
    def start(self, body: dict, scope: str = "catalogue") -> dict:
        with self.lock:
            product_ids = body.get("productIds") or []
            mode = "targeted" if product_ids else body.get("mode", "incremental")
            run = {"id": self.next_id, "scope": scope, "trigger": "api", "mode": mode, "dryRun": bool(body.get("dryRun")),
                   "productIds": product_ids, "status": "queued", "createdAt": iso(datetime.now(timezone.utc)),
                   "counts": zero_counts()}
            self.next_id += 1
            self.runs[run["id"]] = run
            self.items[run["id"]] = []
            self.lock.notify_all()
        threading.Thread(target=self._execute, args=(run["id"],), daemon=True).start()
        return dict(run)

    def _execute(self, run_id: int) -> None:
        time.sleep(0.3)
        with self.lock:
            run = self.runs[run_id]
            if run["status"] == "cancelled":
                return
            run["status"] = "running"
            run["startedAt"] = iso(datetime.now(timezone.utc))
            targets = run["productIds"] or list(range(1, 25))
            if run["scope"] == "orders":
                targets = list(range(1, len(self._order_items()) + 1))
            if run["scope"] == "deliveries":
                targets = [12]
            total = len(targets)
            run["progress"] = {"phase": "reading", "done": 0, "total": total}
            self.lock.notify_all()
        steps = [("reading", 0.0), ("planning", 0.2)] + [("applying", (i + 1) / self.applying_steps)
                                                          for i in range(self.applying_steps)]
        for phase, fraction in steps:
            time.sleep(self.run_seconds / len(steps))
            with self.lock:
                if run["status"] == "cancelled":
                    self.lock.notify_all()
                    return
                run["progress"] = {"phase": phase, "done": int(total * fraction) if phase == "applying" else 0, "total": total}
                self.lock.notify_all()
        with self.lock:
            counts = zero_counts()
            items = []
            if run["scope"] in ("orders", "deliveries"):
                items = self._order_items() if run["scope"] == "orders" else self._delivery_items()
                for item in items:
                    counts[item["outcome"]] += 1
            else:
                for product in targets:
                    kind = "updated" if product % 3 == 0 else "created" if product % 7 == 0 else "unchanged"
                    counts[kind] += 1
                    items.append(self._item(product, kind, run["dryRun"]))
            run["counts"] = counts
            self.items[run_id] = items
            run["status"] = "partially_failed" if counts["failed"] else "succeeded"
            run["finishedAt"] = iso(datetime.now(timezone.utc))
            run["durationMs"] = int(self.run_seconds * 1000) + 300
            run["progress"] = {"phase": "done", "done": total, "total": total}
            if not run["dryRun"] and run["scope"] == "catalogue":
                self.retries = [item for item in self.retries
                                if not (item["kind"] == "product" and item["odooId"] in targets)]
            self.lock.notify_all()

    def cancel(self, run_id: int) -> tuple[int, dict]:
        with self.lock:
            run = self.runs.get(run_id)
            if not run:
                return 404, error("not_found", f"run {run_id} does not exist")
            if run["status"] in FINISHED:
                return 409, error("conflict", f"run {run_id} already finished with status {run['status']}")
            run["status"] = "cancelled"
            run["finishedAt"] = iso(datetime.now(timezone.utc))
            run["durationMs"] = 500
            self.lock.notify_all()
            return 202, dict(run)

    def health(self) -> dict:
        finished = [run for run in self.runs.values() if run["status"] in FINISHED]
        last = finished[-1] if finished else None
        success = [run for run in finished if run["status"] == "succeeded"]
        return {
            "status": "ok", "version": "0.1.0-fake", "uptimeSeconds": int(time.time() - self.started_at),
            "database": "ok", "odoo": {"configured": True},
            "medusa": {"configured": False, "missing": ["MEDUSA_BACKEND_URL", "MEDUSA_API_KEY"]},
            "lastRun": {"id": last["id"], "status": last["status"], "trigger": last["trigger"],
                        "finishedAt": last["finishedAt"], "counts": last["counts"]} if last else None,
            "lastSuccessAt": success[-1]["finishedAt"] if success else None,
            "schedule": {"enabled": True, "expression": "0 */6 * * *", "description": "every 6 hours, at minute 0",
                         "timezone": "Europe/Berlin", "nextRunAt": iso(datetime.now(timezone.utc) + timedelta(hours=3))},
            "ordersSchedule": {"enabled": True, "expression": "*/5 * * * *", "description": "every 5 minutes",
                               "timezone": "Europe/Berlin", "nextRunAt": iso(datetime.now(timezone.utc) + timedelta(minutes=4))}
            if self.orders_enabled else {"enabled": False},
            "queueDepth": sum(1 for run in self.runs.values() if run["status"] == "queued"),
            "itemsFailing": self.items_failing(),
            "demo": True,
        }


    def items_failing(self) -> dict:
        stuck = sorted((item for item in self.retries if item["stuck"]), key=lambda item: item["firstFailedAt"])
        failing = {"count": len(stuck), "retrying": len(self.retries) - len(stuck)}
        if stuck:
            failing["oldestFailedAt"] = stuck[0]["firstFailedAt"]
            failing["oldest"] = stuck[0]
        return failing

    def retry_now(self, kind: str, odoo_id: int) -> tuple[int, dict]:
        if not any(item["kind"] == kind and item["odooId"] == odoo_id for item in self.retries):
            return 404, error("not_found", f"{kind} {odoo_id} is not in the retry set")
        run = self.start({"productIds": [odoo_id]} if kind == "product" else {"mode": "incremental"})
        return 202, {"run": run, "coalesced": False}


    def sync(self, body: dict) -> tuple[int, dict]:
        """POST /sync like the service: `scope` catalogue (default), orders or deliveries (503 while SYNC_ORDERS is off)
        or all."""
        scope = body.get("scope", "catalogue")
        if scope not in ("catalogue", "orders", "deliveries", "all"):
            return 400, error("invalid_request", f"unknown scope {scope}")
        if scope == "orders" and any(key in body for key in ("mode", "productIds", "dryRun")):
            return 400, error("invalid_request", "mode, productIds and dryRun are for the catalogue; an orders run takes no options")
        if scope in ("orders", "deliveries") and not self.orders_enabled:
            return 503, error("orders_off", "orders sync is off: set SYNC_ORDERS=true")
        runs = []
        if scope in ("catalogue", "all"):
            runs.append(self.start({k: v for k, v in body.items() if k != "scope"}, "catalogue"))
        if scope == "orders" or (scope == "all" and self.orders_enabled):
            runs.append(self.start({}, "orders"))
        if scope == "deliveries":
            runs.append(self.start({}, "deliveries"))
        payload = {"run": runs[0], "coalesced": False}
        if scope == "all":
            payload["runs"] = runs
        return 202, payload

    def orders(self) -> dict:
        return {"enabled": self.orders_enabled, "sent": self.orders_sent, "waiting": self.orders_waiting,
                "links": self.links}


def error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-sync/1"
    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> FakeState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, *args) -> None:  # quiet
        pass

    def _headers(self, status: int, content_type: str, length: int | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _json(self, status: int, body) -> None:
        data = json.dumps({k: v for k, v in body.items() if v is not None} if isinstance(body, dict) else body).encode()
        self._headers(status, "application/json", len(data))
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {self.state.token}":
            return True
        self._json(401, error("unauthorized", "invalid API token"))
        return False

    def _record(self, body=None) -> None:
        self.state.requests.append({"method": self.command, "path": self.path, "body": body,
                                    "authorization": self.headers.get("Authorization")})

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path
        if path == "/health":
            return self._json(200, self.state.health())
        if path in ("/openapi.yaml", "/openapi.json"):
            text = (ROOT / "openapi.yaml").read_text()
            if path.endswith(".yaml"):
                data = text.encode()
                self._headers(200, "application/yaml; charset=utf-8", len(data))
                self.wfile.write(data)
                return None
            return self._json(200, yaml.safe_load(text))
        if path == "/runs" or path.startswith("/runs/"):
            self._record()
            if not self._authorized():
                return None
            return self._runs_get(path, query)
        if path == "/orders":
            self._record()
            if not self._authorized():
                return None
            return self._json(200, self.state.orders())
        if path == "/retries":
            self._record()
            if not self._authorized():
                return None
            return self._json(200, {"items": self.state.retries, "maxAttempts": 8})
        return self._static(path)

    def _runs_get(self, path: str, query: dict) -> None:
        state = self.state
        if path == "/runs":
            limit = int(query.get("limit", 20))
            runs = sorted(state.runs.values(), key=lambda run: -run["id"])
            if query.get("status"):
                runs = [run for run in runs if run["status"] == query["status"]]
            if query.get("trigger"):
                runs = [run for run in runs if run["trigger"] == query["trigger"]]
            if query.get("scope"):
                runs = [run for run in runs if run["scope"] == query["scope"]]
            if query.get("cursor"):
                runs = [run for run in runs if run["id"] < int(query["cursor"])]
            page = runs[:limit]
            return self._json(200, {"runs": page, "nextCursor": str(page[-1]["id"]) if len(runs) > limit else None})
        parts = path.strip("/").split("/")
        try:
            run_id = int(parts[1])
        except ValueError:
            return self._json(400, error("invalid_request", "run id must be an integer"))
        run = state.runs.get(run_id)
        if not run:
            return self._json(404, error("not_found", f"run {run_id} does not exist"))
        if len(parts) == 3 and parts[2] == "events":
            if state.events_status:
                return self._json(state.events_status, error("unavailable", "event stream switched off"))
            return self._events(run_id)
        items = state.items.get(run_id, [])
        if query.get("outcome"):
            items = [item for item in items if item["outcome"] == query["outcome"]]
        start = int(query.get("itemsCursor", 0))
        limit = int(query.get("itemsLimit", 100))
        page = items[start:start + limit]
        next_cursor = str(start + limit) if start + limit < len(items) else None
        return self._json(200, {"run": run, "items": page, "nextItemsCursor": next_cursor, "links": state.links})

    def _events(self, run_id: int) -> None:
        state = self.state
        self._headers(200, "text/event-stream", None)
        self.close_connection = True
        sent = 0
        drop = state.drop_stream_after
        state.drop_stream_after = None  # only the first connection is dropped

        def send(chunk: str) -> None:
            self.wfile.write(chunk.encode())
            self.wfile.flush()

        try:
            send(": connected\n\n")
            last = None
            while True:
                with state.lock:
                    run = dict(state.runs[run_id])
                    if run["status"] not in FINISHED and run.get("progress") == last:
                        state.lock.wait(timeout=1.0)
                        run = dict(state.runs[run_id])
                if run["status"] in FINISHED:
                    # Split across writes on purpose: the client must reassemble events from any chunking.
                    payload = "event: finished\r\ndata: " + json.dumps(run) + "\r\n\r\n"
                    send(payload[:17])
                    send(payload[17:])
                    return
                progress = run.get("progress")
                if progress is not None and progress != last:
                    last = progress
                    send(f"event: progress\ndata: {json.dumps(progress)}\n\n")
                    sent += 1
                    if drop is not None and sent >= drop:
                        return  # the connection closes mid-run
                else:
                    send(": keep-alive\n\n")
        except (BrokenPipeError, ConnectionResetError):
            return

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else {}
        self._record(body)
        path = urlsplit(self.path).path
        if not self._authorized():
            return None
        if path == "/sync":
            status, payload = self.state.sync(body)
            if status != 202:
                return self._json(status, payload)
            run = payload["run"]
            data = json.dumps(payload).encode()
            self.send_response(202)
            self.send_header("Content-Type", "application/json")
            self.send_header("Location", f"/runs/{run['id']}")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[0] == "retries" and parts[3] == "retry":
            status, payload = self.state.retry_now(parts[1], int(parts[2]))
            if status != 202:
                return self._json(status, payload)
            data = json.dumps(payload).encode()
            self.send_response(202)
            self.send_header("Content-Type", "application/json")
            self.send_header("Location", f"/runs/{payload['run']['id']}")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None
        if path.startswith("/runs/") and path.endswith("/cancel"):
            status, payload = self.state.cancel(int(path.split("/")[2]))
            return self._json(status, payload)
        return self._json(404, error("not_found", "no such resource"))

    def _static(self, path: str) -> None:
        relative = path.lstrip("/") or "index.html"
        if relative.endswith("/"):
            relative += "index.html"
        target = (PUBLIC / relative).resolve()
        if PUBLIC not in target.parents and target != PUBLIC or not target.is_file():
            return self._json(404, error("not_found", "no such resource"))
        data = target.read_bytes()
        content_type = {".js": "text/javascript", ".css": "text/css", ".html": "text/html; charset=utf-8",
                        ".svg": "image/svg+xml"}.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._headers(200, content_type, len(data))
        self.wfile.write(data)
        return None


class FakeService:
    """Starts the fake on 127.0.0.1 (a free port) in a thread; `url`, `state`, `stop()`."""

    def __init__(self, state: FakeState | None = None, port: int = 0):
        self.state = state or FakeState()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.server.state = self.state  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    service = FakeService(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8099)
    print(f"fake service on {service.url} (token {service.state.token})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        service.stop()
