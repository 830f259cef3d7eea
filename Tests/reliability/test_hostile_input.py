"""Hostile input: malformed and wrongly typed JSON, huge bodies, unknown fields, path traversal under Public/, wrong
and missing tokens, an invalid cron on the command line, unicode and 10,000-character product names, and an Odoo or
Medusa that answers HTML, garbage, truncated or unexpectedly shaped bodies. The service answers each with a clear
4xx or a run recorded as failed naming the system, never crashes (/health answers afterwards), and loses nothing
(the next healthy run completes the work, without duplicates)."""

from __future__ import annotations

import json
import subprocess

import pytest

import support
from fake_upstream import FakeUpstream
from support import Service, Simulators

PACKAGE_SWIFT_MARK = b"swift-tools-version"


@pytest.fixture(scope="module")
def api(binary, tmp_path_factory):
    """One demo service for the request-level checks (they never change its state in a way others depend on)."""
    service = Service(binary, tmp_path_factory.mktemp("hostile"), demo=True)
    yield service
    service.stop()


def assert_json_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, f"{response.status_code} {response.text[:300]}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    error = response.json()["error"]
    assert error["message"], error
    if code:
        assert error["code"] == code, error
    return error


# MARK: request bodies

MALFORMED_SYNC_BODIES = [
    b"{", b"[]", b"null", b'"full"', b"\xff\xfe\x00", b'{"mode": 5}', b'{"mode": "weekly"}', b'{"productIds": "1,2"}',
    b'{"productIds": [1.5]}', b'{"productIds": [-1]}', b'{"productIds": [0]}', b'{"productIds": [99999999999999999999999]}',
    b'{"productIds": [4294967296]}', b'{"dryRun": "yes"}', b'{"dryRun": null}', b'{"mode": null}',
    b'{"mode": "full", "productIds": [1]}', b'{"mode": "full", "unknownField": 1}',
    b'{"productIds": [' + b"1," * 10_000 + b"1]}",
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
]


@pytest.mark.parametrize("body", MALFORMED_SYNC_BODIES, ids=lambda b: repr(b[:30]))
def test_malformed_or_wrongly_typed_sync_request_is_a_400_with_a_json_error(api, body):
    response = api.request("POST", "/sync", data=body, headers={"Content-Type": "application/json"})
    assert_json_error(response, 400, "invalid_request")


def test_sync_request_of_another_media_type_is_a_415(api):
    response = api.request("POST", "/sync", data=b"mode=full", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_json_error(response, 415)


MALFORMED_WEBHOOKS = [
    b"{", b"[]", b"{}", b'{"_model": "product.template"}', b'{"_id": 9}', b'{"_model": "product.template", "_id": "9"}',
    b'{"_model": "product.template", "_id": 9.5}', b'{"_model": "product.template", "_id": -3}',
    b'{"_model": ["product.template"], "_id": 9}', b'{"_model": "' + b"m" * 129 + b'", "_id": 9}',
]


@pytest.mark.parametrize("body", MALFORMED_WEBHOOKS, ids=lambda b: repr(b[:30]))
def test_malformed_webhook_is_a_400(api, body):
    response = api.request("POST", f"/webhooks/odoo?token={api.webhook_token}", token=None, data=body,
                           headers={"Content-Type": "application/json"})
    assert_json_error(response, 400, "invalid_request")


def test_webhook_with_unknown_fields_and_unfollowed_models_is_accepted(api):
    payload = json.loads((support.FIXTURES / "webhooks" / "write_list_price_01.json").read_text())
    payload.update({"x_custom": {"nested": [1, 2, {"deep": None}]}, "write_date": "not a date"})
    response = api.request("POST", f"/webhooks/odoo?token={api.webhook_token}", token=None, json=payload)
    assert response.status_code == 202 and response.json()["accepted"] is True, response.text
    response = api.request("POST", f"/webhooks/odoo?token={api.webhook_token}", token=None, json={"_model": "res.partner", "_id": 3})
    assert response.status_code == 202 and response.json()["accepted"] is False and response.json()["reason"], response.text


@pytest.mark.parametrize("path", ["/sync", "/webhooks/odoo"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_over_one_megabyte_is_a_413(api, path, chunked):
    filler = b"x" * 1024
    head = b'{"_model": "product.template", "_id": 9, "pad": "' if path == "/webhooks/odoo" else b'{"pad": "'
    if chunked:
        def body():
            yield head
            for _ in range(1100):
                yield filler
            yield b'"}'
        data = body()
    else:
        data = head + filler * 1100 + b'"}'
    target = f"{path}?token={api.webhook_token}" if path == "/webhooks/odoo" else path
    response = api.request("POST", target, data=data, headers={"Content-Type": "application/json"})
    assert_json_error(response, 413, "payload_too_large")
    api.health()


# MARK: paths

TRAVERSALS = [
    "/../Package.swift", "/%2e%2e/Package.swift", "/js/../../Package.swift", "/%2e%2e%2fPackage.swift", "/..%2fPackage.swift",
    "/js/%2e%2e/%2e%2e/Package.swift", "/js/..%2f..%2fPackage.swift", "/..%5cPackage.swift", "/....//Package.swift",
    "/%252e%252e/Package.swift", "/../../../../../../etc/passwd", "//etc/passwd", "/Package.swift", "/.git/config",
    "/..", "/js/..", "/%2e%2e", "/index.html%00.js", "/%00", "/css/%2e%2e/%2e%2e/.build/debug/odoo-medusa-sync",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_under_public_serves_nothing_outside_it(api, target):
    status, headers, body = support.raw_request(api.port, "GET", target)
    assert status in (400, 404), (status, headers, body[:200])
    assert PACKAGE_SWIFT_MARK not in body and b"root:" not in body and b"[core]" not in body, body[:200]
    assert "location" not in headers


@pytest.mark.parametrize("target", ["//js", "///js", "/%2f%2fjs", "//css/", "/%2F%2Fexample.com/js"])
def test_no_redirect_to_another_host(api, target):
    """Directory redirects must stay on this host: `Location: //js/` would send a browser to the host `js`."""
    status, headers, _ = support.raw_request(api.port, "GET", target)
    location = headers.get("location", "")
    assert not location.startswith("//") and not location.startswith("/\\") and "://" not in location, (status, location)


def test_dashboard_files_are_still_served(api):
    status, headers, body = support.raw_request(api.port, "GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html"), (status, headers)
    status, headers, _ = support.raw_request(api.port, "GET", "/js")
    assert status == 301 and headers["location"] == "/js/", (status, headers)


# MARK: tokens

@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer wrong", "Basic {token}", "{token}", "Token {token}", "Bearer {token}x",
    "Bearer {short}", "Bearer {upper}", "Bearer {token} {token}",
])
@pytest.mark.parametrize("method,path", [("GET", "/runs"), ("GET", "/runs/1"), ("POST", "/sync"), ("POST", "/runs/1/cancel"),
                                         ("GET", "/runs/1/events")])
def test_wrong_or_missing_api_token_is_a_401(api, authorization, method, path):
    headers = {}
    if authorization is not None:
        headers["Authorization"] = authorization.format(token=api.api_token, short=api.api_token[:-1], upper=api.api_token.upper())
    response = api.request(method, path, token=None, headers=headers, json={} if method == "POST" else None)
    error = assert_json_error(response, 401, "unauthorized")
    assert api.api_token not in response.text and api.api_token not in error["message"]
    assert response.headers.get("WWW-Authenticate") == "Bearer"


def test_the_right_api_token_is_accepted_with_any_case_of_the_scheme(api):
    for scheme in ("Bearer", "bearer", "BEARER"):
        assert api.request("GET", "/runs", token=f"{scheme} {api.api_token}").status_code == 200


@pytest.mark.parametrize("query", ["", "?token=", "?token=wrong", "?token={upper}", "?token={short}", "?token={token}x",
                                   "?Token={token}", "?token=wrong&token={token}"])
def test_wrong_or_missing_webhook_token_is_a_401(api, query):
    target = "/webhooks/odoo" + query.format(token=api.webhook_token, upper=api.webhook_token.upper(), short=api.webhook_token[:-1])
    response = api.request("POST", target, token=f"Bearer {api.webhook_token}", json={"_model": "product.template", "_id": 9})
    assert_json_error(response, 401, "unauthorized")


def test_secrets_unset_close_the_api_and_the_webhook_with_503(binary, workdir, cleanup):
    service = Service(binary, workdir, environment={"SYNC_API_TOKEN": None, "ODOO_WEBHOOK_TOKEN": None})
    cleanup(service)
    error = assert_json_error(service.request("GET", "/runs", token="Bearer anything"), 503, "not_configured")
    assert "SYNC_API_TOKEN" in error["message"]
    error = assert_json_error(service.request("POST", "/webhooks/odoo?token=x", token=None, json={"_model": "product.template", "_id": 1}),
                              503, "not_configured")
    assert "ODOO_WEBHOOK_TOKEN" in error["message"]
    assert service.health()["odoo"]["configured"] is False


# MARK: command line

@pytest.mark.parametrize("arguments,expected", [
    (["schedule", "61 * * * *"], ["minute", "61", "0-59"]),
    (["schedule", "* 24 * * *"], ["hour", "24", "0-23"]),
    (["schedule", "*/0 * * * *"], ["minute", "step"]),
    (["schedule", "* * * *"], ["5"]),
    (["schedule", "0 0 31 2 *"], ["never fires"]),
    (["schedule", "@fortnightly"], ["@fortnightly"]),
    (["schedule", "0 0 * * *", "--tz", "Mars/Olympus_Mons"], ["Mars/Olympus_Mons"]),
    (["schedule", "0 0 * * *", "--from", "yesterday"], ["--from", "ISO 8601"]),
    (["sync", "--full", "--product", "3"], ["--full"]),
    (["sync", "--product", "0"], ["--product 0"]),
])
def test_invalid_command_line_exits_non_zero_with_a_precise_message(binary, workdir, arguments, expected):
    result = subprocess.run([str(binary), *arguments], cwd=workdir, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_PATH": str(workdir / "cli.sqlite")})
    assert result.returncode != 0, result
    message = result.stderr
    for word in expected:
        assert word in message, f"{arguments}: {word!r} not in {message!r}"


def test_valid_cron_prints_fire_times(binary, workdir):
    result = subprocess.run([str(binary), "schedule", "30 2 * * *", "--from", "2026-03-28T00:00:00Z", "--count", "3",
                             "--tz", "Europe/Berlin"], cwd=workdir, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result
    assert len(result.stdout.strip().splitlines()) == 3, result.stdout


# MARK: hostile product data (through the simulated Odoo)

HOSTILE_NAMES = [
    "Chaise Élégante 🪑", "椅子", "مقعد مريح", "x" * 10_000, "Ünïcödé " * 1250, "Robert'); DROP TABLE run;--",
    "<script>alert(1)</script>", "Zero\u200bWidth \u202eevil", "🤖🤖", "tab\tand\nnewline", "e\u0301te\u0301",
    "%s%n%x {{7*7}} ${jndi:ldap://127.0.0.1/x}",
]


def test_unicode_and_ten_thousand_character_product_names_sync_exactly_once(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    names = {sims.command(cmd="create_product", name=name, listPrice=12.5)["templateId"]: name for name in HOSTILE_NAMES}
    service = Service(binary, workdir, simulators=sims)
    cleanup(service)

    run, items = service.sync(mode="full")
    assert run["status"] == "succeeded", (run, [i for i in items if i["outcome"] in ("failed", "skipped")])
    outcomes = {item["odooTemplateId"]: item for item in items}
    products = {product["external_id"]: product for product in sims.medusa_products()}
    for template_id, name in names.items():
        assert outcomes[template_id]["outcome"] == "created", outcomes[template_id]
        assert outcomes[template_id]["title"] == name
        product = products[str(template_id)]
        assert product["title"] == name, (template_id, product["title"][:80])
        assert 0 < len(product["handle"]) <= 100 and product["handle"].isascii(), product["handle"]
    assert products[str(next(i for i, n in names.items() if n == "椅子"))]["handle"].startswith("product-")
    support.assert_no_duplicates(list(products.values()))

    again, _ = service.sync(mode="full")
    assert again["counts"]["created"] == 0 and again["counts"]["updated"] == 0, again["counts"]
    assert service.health()["status"] == "ok"


# MARK: hostile upstreams

BROKEN_MODES = ["html", "garbage", "truncated", "wrong_shape", "empty"]


def test_odoo_answering_html_garbage_or_truncated_json_fails_the_run_naming_odoo_and_loses_nothing(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    fake = FakeUpstream(upstream=sims.odoo_url)
    cleanup(fake)
    service = Service(binary, workdir, simulators=sims, environment={"ODOO_URL": fake.url})
    cleanup(service)

    for mode in BROKEN_MODES:
        fake.mode = mode
        run, items = service.sync(mode="incremental")
        assert run["status"] == "failed", (mode, run)
        assert "odoo" in run["error"].lower(), (mode, run["error"])
        assert not items, (mode, items[:3])
        assert service.health()["status"] == "ok"
    assert sims.medusa_products() == []

    # Nothing was recorded as done: the next incremental run (cursors untouched) does all the work.
    fake.mode = "proxy"
    healed, _ = service.sync(mode="incremental")
    assert healed["status"] == "succeeded", healed
    assert healed["counts"]["created"] == len(sims.medusa_products()) == sims.template_count - 1  # one demo template is not for sale


def test_medusa_answering_html_garbage_or_unexpected_shapes_fails_the_run_naming_medusa_and_creates_nothing_twice(binary, workdir, cleanup):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    fake = FakeUpstream(upstream=sims.medusa_url)
    cleanup(fake)
    service = Service(binary, workdir, simulators=sims, environment={"MEDUSA_BACKEND_URL": fake.url})
    cleanup(service)

    for mode in BROKEN_MODES:
        fake.mode = mode
        run, _ = service.sync(mode="full")
        assert run["status"] == "failed", (mode, run)
        assert "medusa" in run["error"].lower(), (mode, run["error"])
        assert service.health()["status"] == "ok"

    # Medusa applies the batch create but its answer arrives mangled: the products are found again by handle.
    fake.mode = "proxy"
    fake.mangle = {"POST /admin/products/batch": json.dumps({"created": "nope", "updated": {"x": 1}}).encode(),
                   "POST /admin/products": json.dumps({"product": {"id": 42}}).encode()}
    mangled, items = service.sync(mode="full")
    assert mangled["status"] in ("succeeded", "partially_failed"), mangled
    for item in items:
        assert item["outcome"] in ("created", "updated", "failed"), item
        if item["outcome"] == "failed":
            assert item["system"] == "medusa" and item["message"], item
    support.assert_no_duplicates(sims.medusa_products())

    fake.mangle = {}
    healed, _ = service.sync(mode="full")
    assert healed["status"] == "succeeded", healed
    products = sims.medusa_products()
    support.assert_no_duplicates(products)
    assert len(products) == sims.template_count - 1
    settled, _ = service.sync(mode="full")
    assert settled["counts"]["created"] == settled["counts"]["updated"] == 0, settled["counts"]
