"""Shared set-up for the dashboard's browser tests: headless Chromium (Debian's `chromium` + `chromium-driver`) via
Selenium, a screenshot folder (printed at the end of the run), the real service in `--demo` mode, and the fake."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tempfile.mkdtemp(prefix="dashboard-screenshots-"))
SCREENSHOTS.mkdir(parents=True, exist_ok=True)

BUILD_TIMEOUT_S = int(os.environ.get("DASHBOARD_BUILD_TIMEOUT", "2400"))
START_TIMEOUT_S = 90


def pytest_report_header(config):
    return f"dashboard screenshots: {SCREENSHOTS}"


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"dashboard screenshots saved in {SCREENSHOTS}")


def _find(*candidates: str) -> str | None:
    for candidate in candidates:
        if not candidate:
            continue
        found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chrome_paths():
    browser = _find(os.environ.get("CHROMIUM_BIN", ""), "chromium", "chromium-browser", "/usr/lib/chromium/chromium")
    driver = _find(os.environ.get("CHROMEDRIVER_BIN", ""), "chromedriver", "/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver")
    if not browser or not driver:
        pytest.fail("headless Chromium is needed: apt-get install -y chromium chromium-driver (and pip install selenium)")
    return browser, driver


class Browser:
    """One headless Chromium with the page's console collected (every SEVERE entry fails the test)."""

    def __init__(self, browser_path: str, driver_path: str, name: str, width: int = 1280, height: int = 900):
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        options = Options()
        options.binary_location = browser_path
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--lang=en-US", f"--window-size={width},{height}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(driver_path))
        if width < 500:
            # Headless Chromium keeps windows at least 500 px wide: emulate a phone's viewport instead.
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        self.width = width
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(30)
        self.name = name
        self.logs: list[dict] = []
        self.shots: list[Path] = []

    def collect(self) -> list[dict]:
        entries = self.driver.get_log("browser")
        self.logs.extend(entries)
        return entries

    def errors(self, allow: tuple[str, ...] = ()) -> list[str]:
        self.collect()
        return [entry["message"] for entry in self.logs
                if entry["level"] == "SEVERE" and not any(pattern in entry["message"] for pattern in allow)]

    def shot(self, label: str) -> Path:
        path = SCREENSHOTS / f"{self.name}-{len(self.shots) + 1:02d}-{label}.png"
        self.driver.save_screenshot(str(path))
        self.shots.append(path)
        return path

    def full_shot(self, label: str) -> Path:
        """The whole page (the window is stretched to the document's height, then restored)."""
        if self.width < 500:
            return self.shot(label)  # emulated viewport: the visible part only
        size = self.driver.get_window_size()
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], min(max(height, 600) + 120, 8000))
        time.sleep(0.3)
        try:
            return self.shot(label)
        finally:
            self.driver.set_window_size(size["width"], size["height"])

    def quit(self) -> None:
        try:
            self.collect()
        except Exception:  # noqa: BLE001 - the session may be gone already
            pass
        self.driver.quit()


@pytest.fixture
def browser_factory(chrome_paths, request):
    browsers: list[Browser] = []

    def make(width: int = 1280, height: int = 900) -> Browser:
        browser = Browser(*chrome_paths, name=request.node.name.replace("[", "-").replace("]", ""), width=width, height=height)
        browsers.append(browser)
        return browser

    yield make
    for browser in browsers:
        browser.quit()


# ---- the real service in --demo mode --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoService:
    """`.build/debug/odoo-medusa-sync serve --demo` from the repository root, on 127.0.0.1:<free port>."""

    # The demo prints "API token:  <token>" (and curl examples with "Bearer <token>") when it is listening.
    TOKEN_PATTERNS = (
        re.compile(r"API token:\s+([A-Za-z0-9._~+/=-]{8,})"),
        re.compile(r"Authorization: Bearer ([A-Za-z0-9._~+/=-]{8,})"),
    )

    def __init__(self, binary: Path, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output: list[str] = []
        self.token: str | None = None  # as printed by the service
        self.given_token = "browser-test-" + secrets.token_hex(16)
        environment = dict(os.environ)
        for variable in ("ODOO_URL", "ODOO_DB_NAME", "ODOO_USERNAME", "ODOO_API_KEY", "MEDUSA_BACKEND_URL",
                         "MEDUSA_API_KEY", "MEDUSA_ADMIN_EMAIL", "MEDUSA_ADMIN_PASSWORD", "SYNC_SCHEDULE", "SYNC_FULL_SCHEDULE",
                         "SYNC_TIMEZONE"):
            environment.pop(variable, None)
        # The demo keeps a SYNC_API_TOKEN it is given (and generates one otherwise); it prints the one in use.
        environment.update(HOST="127.0.0.1", PORT=str(self.port), DATABASE_PATH=str(workdir / "sync.sqlite"),
                           SYNC_API_TOKEN=self.given_token,
                           LOG_FORMAT="text", LOG_LEVEL="info", NO_COLOR="1")
        self.process = subprocess.Popen(
            [str(binary), "serve", "--demo"], cwd=REPO, env=environment, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            if self.token is None:
                for pattern in self.TOKEN_PATTERNS:
                    match = pattern.search(line)
                    if match:
                        self.token = match.group(1)
                        break

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        healthy = False
        welcome_deadline = deadline
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited with {self.process.returncode}:\n" + self.tail())
            if not healthy:
                try:
                    with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                        healthy = response.status == 200
                except OSError:
                    pass
            if healthy and (self.token or time.monotonic() > welcome_deadline):
                self.token = self.token or self.given_token
                return
            if not healthy:
                welcome_deadline = time.monotonic() + 5  # the welcome text follows the listening socket
            time.sleep(0.25)
        raise RuntimeError(f"the service did not become ready in {timeout:.0f} s (health: {healthy}, token seen: "
                           f"{bool(self.token)}):\n" + self.tail())

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # our own process group only
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.reader.join(timeout=5)


def service_binary() -> Path:
    explicit = os.environ.get("ODOO_MEDUSA_SYNC_BIN")
    if explicit:
        return Path(explicit)
    binary = REPO / ".build" / "debug" / "odoo-medusa-sync"
    if os.environ.get("DASHBOARD_SKIP_BUILD") != "1":
        # A no-op when .ci/run (or the developer) has just built it; builds it otherwise.
        result = subprocess.run(["swift", "build", "--product", "odoo-medusa-sync"], cwd=REPO, capture_output=True,
                                text=True, timeout=BUILD_TIMEOUT_S)
        if result.returncode != 0:
            pytest.fail("swift build --product odoo-medusa-sync failed:\n" + (result.stdout + result.stderr)[-4000:])
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `swift build --product odoo-medusa-sync` first")
    return binary


@pytest.fixture(scope="session")
def demo_service(tmp_path_factory):
    binary = service_binary()
    service = DemoService(binary, tmp_path_factory.mktemp("demo-service"))
    try:
        service.wait_ready(START_TIMEOUT_S)
        yield service
    except RuntimeError as error:
        pytest.fail(str(error))
    finally:
        service.stop()
        log = SCREENSHOTS / "demo-service.log"
        log.write_text("\n".join(service.output) + "\n")


# ---- the fake API (Tests/browser/fake_service.py) ----------------------------------------------------------------------

@pytest.fixture
def fake_service():
    from fake_service import FakeService

    service = FakeService()
    try:
        yield service
    finally:
        service.stop()
