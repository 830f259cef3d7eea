"""Secrets and transport: no configured secret in any log line, run record or database of the whole session; CORS
refuses unknown origins; the dashboard and the API carry security headers; outbound TLS is verified (a self-signed
Odoo or Medusa fails the run with a TLS error, promptly, and nothing in the code or the environment turns that off).

Constant-time token comparison is unit-tested in Swift (Tests/AppTests/ConfigurationTests.swift, `constantTimeEquals`).
"""

from __future__ import annotations

import re
import secrets as pysecrets
import time

import pytest

import support
from fake_upstream import FakeUpstream, self_signed_context
from support import Service, Simulators

ALLOWED_ORIGIN = "https://admin.shop.example"


# MARK: CORS and headers

@pytest.fixture(scope="module")
def cors_service(binary, tmp_path_factory):
    service = Service(binary, tmp_path_factory.mktemp("cors"), demo=True,
                      environment={"CORS_ALLOWED_ORIGINS": f"{ALLOWED_ORIGIN}, https://second.example/"})
    yield service
    service.stop()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "https://admin.shop.example.evil.example",
                                    "http://admin.shop.example", "https://admin.shop.example:444", "https://ADMIN.shop.example.evil"])
@pytest.mark.parametrize("path", ["/runs", "/sync", "/runs/1/cancel", "/health"])
def test_cors_preflight_from_an_unknown_origin_is_refused(cors_service, origin, path):
    response = cors_service.request("OPTIONS", path, token=None, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 403, (response.status_code, response.headers)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.json()["error"]["code"] == "cors_origin_not_allowed"


def test_cors_preflight_from_the_allowed_origins_is_answered(cors_service):
    for origin in (ALLOWED_ORIGIN, "https://second.example"):
        response = cors_service.request("OPTIONS", "/sync", token=None, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"})
        assert response.status_code == 204, response.headers
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
        assert response.headers.get("Access-Control-Allow-Credentials") is None


def test_simple_requests_from_unknown_origins_get_no_cors_headers(cors_service):
    response = cors_service.request("GET", "/runs", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers
    response = cors_service.request("GET", "/runs", headers={"Origin": ALLOWED_ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN and "Origin" in response.headers.get("Vary", "")


@pytest.mark.parametrize("path,token,status", [("/", None, 200), ("/index.html", None, 200), ("/health", None, 200),
                                               ("/runs", None, 401), ("/no-such-page", None, 404), ("/openapi.json", None, 200)])
def test_security_headers_on_the_dashboard_and_the_api(cors_service, path, token, status):
    response = cors_service.request("GET", path, token=token)
    assert response.status_code == status
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy, policy
    if path in ("/", "/index.html"):
        assert headers["Content-Type"].startswith("text/html")


# MARK: TLS

def test_no_code_path_turns_certificate_verification_off():
    """Static: the sources never build a TLS configuration that skips verification, and no variable offers it."""
    offenders = []
    for source in (support.REPO / "Sources").rglob("*.swift"):
        text = source.read_text(errors="replace")
        for pattern in (r"certificateVerification\s*[:=]\s*\.none", r"\.noHostnameVerification", r"(?i)insecure\w*\s*[:=]",
                        r"(?i)\"\w*(VERIFY_SSL|TLS_VERIFY|SSL_VERIFY|INSECURE)\w*\""):
            for match in re.finditer(pattern, text):
                offenders.append(f"{source.relative_to(support.REPO)}: {match.group(0)}")
    assert not offenders, offenders


@pytest.mark.parametrize("system", ["odoo", "medusa"])
def test_a_self_signed_upstream_fails_the_run_with_a_tls_error(binary, workdir, cleanup, system):
    sims = Simulators(binary, workdir)
    cleanup(sims)
    fake = FakeUpstream(upstream=sims.odoo_url if system == "odoo" else sims.medusa_url, tls_context=self_signed_context(workdir))
    fake.mode = "proxy"  # a working Odoo/Medusa behind the untrusted certificate: only verification can stop it
    cleanup(fake)
    variable = "ODOO_URL" if system == "odoo" else "MEDUSA_BACKEND_URL"
    # Names other tools use to switch verification off; this service has none, so they must change nothing.
    service = Service(binary, workdir, simulators=sims, environment={
        variable: fake.url, "ODOO_VERIFY_SSL": "false", "MEDUSA_VERIFY_SSL": "false", "SSL_VERIFY": "false",
        "NODE_TLS_REJECT_UNAUTHORIZED": "0", "PYTHONHTTPSVERIFY": "0", "INSECURE_SKIP_VERIFY": "true"})
    cleanup(service)

    began = time.monotonic()
    run, items = service.sync(mode="full", timeout=60)
    seconds = time.monotonic() - began
    assert run["status"] == "failed", run
    error = run["error"]
    assert system in error.lower(), error
    assert re.search(r"CERTIFICATE_VERIFY_FAILED|certificate|TLS|SSL", error), error
    assert seconds < 20, f"a TLS failure took {seconds:.0f} s to surface"
    assert fake.requests == [], f"requests got through the untrusted TLS connection: {fake.requests}"
    assert sims.medusa_products() == []
    assert service.health()["status"] == "ok"


@pytest.mark.parametrize("system", ["odoo", "medusa"])
def test_an_unreachable_upstream_fails_the_run_promptly_naming_it(binary, workdir, cleanup, system):
    """Odoo or Medusa down (connection refused): the run fails in seconds with the cause, not after minutes of
    re-dialling with a timeout as the only message; the next run with the system back does the work."""
    sims = Simulators(binary, workdir)
    cleanup(sims)
    down = f"http://127.0.0.1:{support.free_port()}"
    variable = "ODOO_URL" if system == "odoo" else "MEDUSA_BACKEND_URL"
    database = workdir / "data" / "sync.sqlite"
    service = Service(binary, workdir, simulators=sims, database=database, environment={variable: down})
    cleanup(service)
    began = time.monotonic()
    run, _ = service.sync(mode="incremental", timeout=60)
    assert run["status"] == "failed" and system in run["error"].lower() and "refused" in run["error"].lower(), run
    assert time.monotonic() - began < 20
    assert service.health()["status"] == "ok"
    service.stop()

    back = Service(binary, workdir, simulators=sims, database=database)
    cleanup(back)
    healed, _ = back.sync(mode="incremental")
    assert healed["status"] == "succeeded" and healed["counts"]["created"] == len(sims.medusa_products()) > 30, healed


# MARK: secrets, scanned last over the whole session

def test_failure_paths_that_handle_secrets(binary, workdir, cleanup):
    """Wrong Odoo key, wrong Medusa key, wrong Medusa admin password, tokens in URLs and headers, at log level trace:
    the paths most likely to echo a secret. Their logs and records join the session-wide scan below."""
    sims = Simulators(binary, workdir)
    cleanup(sims)
    cases = [
        {"ODOO_API_KEY": support.new_token("odoo-key")},
        {"MEDUSA_API_KEY": "sk_" + pysecrets.token_hex(32)},
        {"MEDUSA_API_KEY": None, "MEDUSA_ADMIN_EMAIL": "admin@medusa-test.com", "MEDUSA_ADMIN_PASSWORD": support.new_token("password")},
    ]
    for environment in cases:
        service = Service(binary, workdir, simulators=sims, environment={**environment, "LOG_LEVEL": "trace", "WEBHOOK_DEBOUNCE_MS": "50"})
        cleanup(service)
        run, _ = service.sync(mode="full")
        assert run["status"] == "failed", run
        assert "odoo" in run["error"].lower() or "medusa" in run["error"].lower(), run
        for header in (f"Bearer {service.api_token}x", f"Basic {service.api_token}", service.api_token):
            assert service.request("GET", "/runs", token=header).status_code == 401
        for query in (service.webhook_token, service.webhook_token + "x"):
            service.request("POST", f"/webhooks/odoo?token={query}", token=None, json={"_model": "product.product", "_id": 13})
        time.sleep(0.3)
        support.wait_until(lambda: service.health()["queueDepth"] == 0, timeout=30, what="the webhook run")
        service.stop()


@pytest.mark.scan_last
def test_no_configured_secret_in_any_log_line_run_record_or_database():
    assert support.SECRETS, "no secret was configured in this session"
    assert support.LOGS, "no service ran in this session"
    secrets = sorted(support.SECRETS, key=len, reverse=True)
    banner = re.compile(r"API token:|curl .*Authorization: Bearer")  # --demo's welcome text shows the token on purpose
    leaks = []
    lines_scanned = 0
    for path in support.LOGS:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            lines_scanned += 1
            if path.suffix == ".stdout" and banner.search(line):
                continue
            for secret in secrets:
                if secret in line:
                    leaks.append(f"{path.name}:{number}: {line.replace(secret, '<' + secret[:6] + '…>')[:300]}")
    for record in support.RUN_RECORDS:
        for secret in secrets:
            if secret in record:
                leaks.append(f"run record: {record.replace(secret, '<' + secret[:6] + '…>')[:300]}")
    for database in support.DATABASES:
        for file in (database, database.with_name(database.name + "-wal")):
            if file.exists():
                content = file.read_bytes()
                for secret in secrets:
                    if secret.encode() in content:
                        leaks.append(f"{file}: contains <{secret[:6]}…>")
    assert lines_scanned > 100, f"only {lines_scanned} log lines were scanned"
    assert not leaks, "\n".join(leaks[:20])
