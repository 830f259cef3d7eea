"""Contract fuzzing: schemathesis (PyPI `schemathesis`, v4 CLI) against the running service (`serve --demo`), with the
repository's openapi.yaml and every check (`--checks all`: no 5xx, status codes, content types, headers and bodies
conform to the spec, schema-valid requests accepted, schema-violating ones refused, 405 for undeclared methods, auth
not ignored, ...), in the examples, coverage, fuzzing and stateful phases.

Bounded for CI: at most 100 examples per operation, one worker (hypothesis' lambda-source cache is not thread-safe:
two workers make schemathesis report spurious "Runtime Error"s), a fixed seed (RELIABILITY_SCHEMATHESIS_SEED to vary
it), a 10 s request timeout and a 5-minute ceiling on the whole run (it takes ~15 s here).
The webhook's `?token=` comes from schemathesis.toml (filled from the environment), the bearer token from `-H`.
"""

from __future__ import annotations

import os
import subprocess
import sys

import support
from support import Service

SEED = os.environ.get("RELIABILITY_SCHEMATHESIS_SEED", "20261125")
# The contract under test; RELIABILITY_OPENAPI points at another copy (e.g. to try a change before making it).
SPEC = os.environ.get("RELIABILITY_OPENAPI", str(support.REPO / "openapi.yaml"))


def test_schemathesis_finds_no_server_error_and_no_deviation_from_openapi_yaml(binary, workdir, cleanup):
    service = Service(binary, workdir, demo=True)
    cleanup(service)
    service.health()

    command = [
        sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; schemathesis()",
        "--config-file", str(support.HERE / "schemathesis.toml"),
        "run", SPEC,
        "--url", service.base_url,
        "-H", f"Authorization: Bearer {service.api_token}",
        "--checks", "all",
        "--max-examples", "100",
        "--seed", SEED,
        "--workers", "1",
        "--request-timeout", "10",
        "--generation-database", "none",
        "--no-color",
        "--report", "junit", "--report-junit-path", str(workdir / "schemathesis-junit.xml"),
    ]
    environment = dict(os.environ, RELIABILITY_WEBHOOK_TOKEN=service.webhook_token)
    result = subprocess.run(command, cwd=workdir, env=environment, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis (seed {SEED}) found problems:\n{output[-12000:]}"
    assert "Runtime Error" not in output, output[-6000:]

    assert service.health()["status"] == "ok"
    unhandled = [line for line in service.log_lines() if line.get("msg") == "unhandled error"]
    assert not unhandled, unhandled[:5]
