"""Process and HTTP helpers of the reliability suite: the real `odoo-medusa-sync` binary, the simulators in a process
of their own (`odoo-medusa-sync simulators`), loopback only, ephemeral ports, bounded waits, and every process
started here ended here.

Everything the service printed, every run record it served and every database it wrote are kept (`LOGS`,
`RUN_RECORDS`, `DATABASES`) so the last test of the session can scan them for the secrets configured anywhere in the
session (`SECRETS`).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import queue
import re
import secrets as pysecrets
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = HERE / "fixtures"

TERMINAL = {"succeeded", "partially_failed", "failed", "cancelled", "interrupted"}

# Session-wide evidence for the secret scan (test_secrets_and_transport.py runs it last).
SECRETS: set[str] = set()
LOGS: list[Path] = []
RUN_RECORDS: list[str] = []
DATABASES: list[Path] = []

_processes: list[subprocess.Popen] = []
_counter = 0


def _next_id() -> int:
    global _counter
    _counter += 1
    return _counter


def register_secret(*values: str | None) -> None:
    for value in values:
        if value and len(value) >= 4:
            SECRETS.add(value)


def new_token(prefix: str) -> str:
    return f"{prefix}-{pysecrets.token_hex(16)}"


def track(process: subprocess.Popen) -> subprocess.Popen:
    _processes.append(process)
    return process


def end_all_processes() -> None:
    """Ends every process this suite started that is still running (by its own pid, never by name)."""
    for process in _processes:
        if process.poll() is None:
            try:
                process.kill()
            except ProcessLookupError:
                pass
    for process in _processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def settled(read: Callable[[], list], pause: float = 0.4, timeout: float = 15) -> list:
    """Reads until two reads `pause` seconds apart agree on their length.

    A SIGKILLed service's last request may already be inside the simulator, which still applies it after its latency:
    a snapshot taken the instant the process is gone can miss that write.
    """
    previous = read()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(pause)
        current = read()
        if len(current) == len(previous):
            return current
        previous = current
    raise AssertionError(f"the simulator kept changing for {timeout:.0f} s after the kill")


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = "condition") -> Any:
    """Polls `predicate` until it returns something truthy; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (requests.RequestException, OSError) as error:  # a service still starting
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))


def post_storm(port: int, request_for: Callable[[int], tuple[str, bytes, dict[str, str]]], *, posts: int, threads: int,
               spread: float) -> tuple[list[tuple[int, float]], float]:
    """`posts` POSTs from `threads` keep-alive connections, all released together; `request_for(n)` gives the n-th POST's
    (path, body, headers). With `spread` > 0 each thread paces its POSTs over that many seconds. Returns each POST's
    (status, milliseconds) — 0 for a connection error — and the storm's duration."""
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    start = threading.Barrier(threads + 1)
    per_thread = posts // threads

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.connect()
        mine = []
        start.wait()
        began_thread = time.perf_counter()
        for n in range(per_thread):
            if spread:
                delay = began_thread + spread * n / per_thread + index * spread / posts - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            path, body, headers = request_for(index * per_thread + n)
            began = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append((status, (time.perf_counter() - began) * 1000))
        connection.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in workers:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in workers:
        thread.join(timeout=30)
    return results, time.perf_counter() - began


def integrity_check(database: Path) -> str:
    """`PRAGMA integrity_check` of a SQLite file (WAL included), opened read-only."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def query_database(database: Path, sql: str, arguments: tuple = ()) -> list[tuple]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, arguments).fetchall()
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# MARK: simulators


class Simulators:
    """`odoo-medusa-sync simulators`: simulated Odoo 19 and Medusa in a process that outlives the service under test."""

    def __init__(self, binary: Path, workdir: Path, *, catalogue: str = "odoo19", templates: int | None = None,
                 latency_ms: int = 0, fault_rate: float = 0.0, timeout_delay_ms: int = 300, fault_seed: int | None = None,
                 odoo_webhook_url: str | None = None, odoo_delivery_module: bool = False,
                 medusa_subscriber_url: str | None = None, medusa_webhook_secret: str | None = None):
        args = [str(binary), "simulators", "--catalogue", catalogue, "--latency-ms", str(latency_ms),
                "--fault-rate", str(fault_rate), "--timeout-delay-ms", str(timeout_delay_ms)]
        if odoo_webhook_url is not None:
            args += ["--odoo-webhook-url", odoo_webhook_url]
        if odoo_delivery_module:
            args += ["--odoo-delivery-module"]
        if medusa_subscriber_url is not None:
            args += ["--medusa-subscriber-url", medusa_subscriber_url, "--medusa-webhook-secret", medusa_webhook_secret or ""]
        if templates is not None:
            args += ["--templates", str(templates)]
        if fault_seed is not None:
            args += ["--fault-seed", str(fault_seed)]
        self.stderr_path = workdir / f"simulators-{_next_id()}.stderr"
        self._stderr = open(self.stderr_path, "wb")
        self.process = track(subprocess.Popen(args, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                              stderr=self._stderr, text=True, bufsize=1))
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.info = self._read(timeout=60)
        register_secret(self.info["odoo"]["apiKey"], self.info["medusa"]["secretKey"])

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def _read(self, timeout: float) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"simulators did not answer within {timeout} s; stderr: {self.stderr_path.read_text()[-2000:]}")
        return json.loads(line)

    def command(self, **command: Any) -> dict:
        assert self.process.stdin is not None and self.process.poll() is None, "simulators are not running"
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = self._read(timeout=30)
        assert answer.get("ok"), f"simulators refused {command}: {answer}"
        return answer

    def set_faults(self, target: str = "both", **settings: Any) -> None:
        self.command(cmd="faults", target=target, **settings)

    def stats(self) -> dict:
        return self.command(cmd="stats")

    @property
    def odoo_url(self) -> str:
        return self.info["odoo"]["url"]

    @property
    def medusa_url(self) -> str:
        return self.info["medusa"]["url"]

    @property
    def template_count(self) -> int:
        return self.info["odoo"]["templates"]

    def service_environment(self) -> dict[str, str]:
        odoo, medusa = self.info["odoo"], self.info["medusa"]
        return {
            "ODOO_URL": odoo["url"], "ODOO_DB_NAME": odoo["database"], "ODOO_USERNAME": odoo["login"],
            "ODOO_API_KEY": odoo["apiKey"], "MEDUSA_BACKEND_URL": medusa["url"], "MEDUSA_API_KEY": medusa["secretKey"],
        }

    def medusa_products(self, fields: str | None = None) -> list[dict]:
        """Every live product in the simulated Medusa, read through its Admin API with the secret key."""
        authorization = "Basic " + base64.b64encode(f"{self.info['medusa']['secretKey']}:".encode()).decode()
        products: list[dict] = []
        offset = 0
        while True:
            params: dict[str, Any] = {"limit": 1000, "offset": offset}
            if fields:
                params["fields"] = fields
            page = self._admin_get("/admin/products", params, authorization)
            products += page["products"]
            offset += len(page["products"])
            if not page["products"] or offset >= page.get("count", 0):
                return products

    def _admin_get(self, path: str, params: dict, authorization: str) -> dict:
        """The test's own reads go through the same fault injector as the service's: retried until one gets through."""
        last = ""
        for _ in range(30):
            try:
                response = requests.get(self.medusa_url + path, params=params, headers={"Authorization": authorization}, timeout=30)
                if response.status_code == 200:
                    return response.json()
                last = f"{response.status_code} {response.text[:300]}"
                if response.status_code not in (429, 500, 502, 503, 504):
                    break
            except (requests.RequestException, ValueError) as error:
                last = repr(error)
            time.sleep(0.05)
        raise AssertionError(f"Medusa admin API {path}: {last}")

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()  # end of input stops the simulators
            except (BrokenPipeError, OSError):
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._stderr.close()


def duplicates(products: list[dict], key: Callable[[dict], Any]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for product in products:
        value = key(product)
        counts[value] = counts.get(value, 0) + 1
    return {value: count for value, count in counts.items() if count > 1}


def assert_no_duplicates(products: list[dict]) -> None:
    by_handle = duplicates(products, lambda p: p["handle"])
    by_external = duplicates([p for p in products if p.get("external_id")], lambda p: p["external_id"])
    assert not by_handle, f"duplicate handles in Medusa: {by_handle}"
    assert not by_external, f"two Medusa products for one Odoo template: {by_external}"


# MARK: service

_LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


class Service:
    """The real service process (`odoo-medusa-sync serve`), JSON logs captured to files, on 127.0.0.1:<ephemeral>."""

    def __init__(self, binary: Path, workdir: Path, *, simulators: Simulators | None = None, demo: bool = False,
                 database: Path | None = None, environment: dict[str, str | None] | None = None, start: bool = True):
        self.binary = binary
        self.workdir = workdir
        self.demo = demo
        self.database = database or workdir / f"db-{_next_id()}" / "sync.sqlite"
        self.api_token = new_token("api")
        self.webhook_token = new_token("hook")
        env: dict[str, str | None] = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
            "HOST": "127.0.0.1", "PORT": "0", "LOG_FORMAT": "json", "LOG_LEVEL": "info", "SYNC_SCHEDULE": "off", "SYNC_FULL_SCHEDULE": "off",
            "SYNC_API_TOKEN": self.api_token, "ODOO_WEBHOOK_TOKEN": self.webhook_token, "DATABASE_PATH": str(self.database),
        }
        if simulators is not None:
            env.update(simulators.service_environment())
        env.update(environment or {})
        self.environment = {key: value for key, value in env.items() if value is not None}
        register_secret(*(self.environment.get(name) for name in (
            "SYNC_API_TOKEN", "ODOO_WEBHOOK_TOKEN", "ODOO_API_KEY", "MEDUSA_API_KEY", "MEDUSA_ADMIN_PASSWORD")))
        self.api_token = self.environment.get("SYNC_API_TOKEN", "")
        self.webhook_token = self.environment.get("ODOO_WEBHOOK_TOKEN", "")
        if not demo:  # --demo keeps its database in a temporary directory of its own
            DATABASES.append(self.database)
        self.process: subprocess.Popen | None = None
        self.base_url = ""
        self.port = 0
        if start:
            self.start()

    # lifecycle

    def start(self, timeout: float = 60) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        number = _next_id()
        self.stdout_path = self.workdir / f"service-{number}.stdout"
        self.stderr_path = self.workdir / f"service-{number}.stderr"
        LOGS.extend([self.stdout_path, self.stderr_path])
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self.process = track(subprocess.Popen([str(self.binary), "serve"] + (["--demo"] if self.demo else []),
                                                  cwd=REPO, env=self.environment, stdin=subprocess.DEVNULL,
                                                  stdout=stdout, stderr=stderr))
        self.started_at = time.monotonic()

        def listening() -> int | None:
            if self.process.poll() is not None:
                raise AssertionError(f"service exited with {self.process.returncode} at start:\n{self.logs()[-3000:]}")
            match = _LISTENING.search(self.stderr_path.read_text(errors="replace"))
            return int(match.group(1)) if match else None

        self.port = wait_until(listening, timeout, what="the service to listen")
        self.base_url = f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in (self.stdout_path, self.stderr_path) if path.exists())

    def log_lines(self) -> list[dict]:
        lines = []
        for line in self.stderr_path.read_text(errors="replace").splitlines():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                pass
        return lines

    def kill(self) -> None:
        """SIGKILL: no chance to record anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout: float = 15) -> tuple[int, float]:
        """SIGTERM and wait; returns (exit code, seconds until exit). Kills after `timeout`."""
        assert self.process is not None
        began = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise AssertionError(f"service did not exit within {timeout} s of SIGTERM")
        return code, time.monotonic() - began

    def stop(self) -> None:
        """Keeps the run records for the secret scan, then stops the process (SIGTERM, then SIGKILL)."""
        if not self.alive:
            return
        try:
            self.collect_run_records()
        except (requests.RequestException, AssertionError, OSError):
            pass
        try:
            self.terminate(timeout=15)
        except AssertionError:
            pass

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1))

    # HTTP

    def request(self, method: str, path: str, *, token: str | None | bool = True, timeout: float = 15, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if token is True:
            headers.setdefault("Authorization", f"Bearer {self.api_token}")
        elif isinstance(token, str):
            headers["Authorization"] = token
        return requests.request(method, self.base_url + path, headers=headers, timeout=timeout, **kwargs)

    def get_json(self, path: str, **kwargs: Any) -> Any:
        response = self.request("GET", path, **kwargs)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:500]}"
        return response.json()

    def start_sync(self, **body: Any) -> int:
        response = self.request("POST", "/sync", json=body)
        assert response.status_code == 202, f"POST /sync: {response.status_code} {response.text[:500]}"
        return response.json()["run"]["id"]

    def run(self, run_id: int) -> dict:
        return self.get_json(f"/runs/{run_id}?itemsLimit=1")["run"]

    def items(self, run_id: int) -> list[dict]:
        items: list[dict] = []
        cursor = None
        while True:
            detail = self.get_json(f"/runs/{run_id}?itemsLimit=1000" + (f"&itemsCursor={cursor}" if cursor else ""))
            items += detail["items"]
            cursor = detail.get("nextItemsCursor")
            if not cursor:
                return items

    def runs(self, **filters: Any) -> list[dict]:
        runs: list[dict] = []
        cursor = None
        while True:
            query = "&".join([f"{key}={value}" for key, value in filters.items()] + ["limit=200"] + ([f"cursor={cursor}"] if cursor else []))
            page = self.get_json(f"/runs?{query}")
            runs += page["runs"]
            cursor = page.get("nextCursor")
            if not cursor:
                return runs

    def wait_for_run(self, run_id: int, timeout: float = 120) -> dict:
        return wait_until(lambda: (lambda run: run if run["status"] in TERMINAL else None)(self.run(run_id)),
                          timeout, interval=0.1, what=f"run {run_id} to finish")

    def sync(self, timeout: float = 120, **body: Any) -> tuple[dict, list[dict]]:
        """Starts a run, waits for its end, returns (run, items)."""
        run_id = self.start_sync(**body)
        run = self.wait_for_run(run_id, timeout)
        return run, self.items(run_id)

    def health(self) -> dict:
        response = self.request("GET", "/health", token=None, timeout=5)
        assert response.status_code == 200, f"/health: {response.status_code} {response.text[:300]}"
        return response.json()

    def collect_run_records(self) -> None:
        """Every run and every item as the API serves them, kept for the secret scan."""
        response = self.request("GET", "/runs?limit=200", timeout=10)
        RUN_RECORDS.append(response.text)
        for run in self.runs():
            detail = self.request("GET", f"/runs/{run['id']}?itemsLimit=1000", timeout=10)
            RUN_RECORDS.append(detail.text)


def raw_request(port: int, method: str, target: str, headers: dict[str, str] | None = None, body: bytes | None = None,
                timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request with the request target sent exactly as given (no normalisation of `..` or `%2e`)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()
