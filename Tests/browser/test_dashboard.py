"""The dashboard in a real browser (headless Chromium).

`test_demo_*` drive the page against the real service (`.build/debug/odoo-medusa-sync serve --demo`, built first):
overview, token, "Sync now", live progress to the end, the run's outcomes, the API page, 375 px. The others use
Tests/browser/fake_service.py for what the demo cannot show on demand (failed products to retry, a dropped event
stream, a refused token, a dry-run plan). Every test fails on any console error (CSP violations included).

Run:  python3 -m pytest Tests/browser -q
"""

from __future__ import annotations

import json
import struct
import time
import zlib
import urllib.request

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

PAGE_TIMEOUT = 20
RUN_TIMEOUT = 180  # a demo sync of the small catalogue takes seconds; bounded anyway
ALLOWED_401 = ("status of 401",)  # the browser logs refused requests; only the refused-token test expects them


def wait_for(driver, condition, timeout=PAGE_TIMEOUT, message=""):
    def check(d):
        try:
            return condition(d)
        except (StaleElementReferenceException, WebDriverException):
            return False

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check, message)


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def visible(driver, selector):
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return bool(elements) and elements[0].is_displayed()


def assert_no_console_errors(browser, allow=()):
    errors = browser.errors(allow)
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def enter_token(driver, token):
    wait_for(driver, lambda d: visible(d, "#token-section"), message="the token form is not shown")
    label = css(driver, "label[for=token-input]")
    assert "SYNC_API_TOKEN" in label.text
    field = css(driver, "#token-input")
    assert field.get_attribute("type") == "password"
    field.clear()
    field.send_keys(token)
    field.send_keys(Keys.ENTER)


def wait_for_runs_table(driver):
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".runs-table tbody tr")
             and not visible(d, "#token-section"), message="the run history did not load")


def live_state(driver):
    panel = css(driver, "#live")
    return {key: panel.get_attribute(f"data-{key}") for key in ("state", "status", "percent", "run-id")}


def start_sync(driver, mode="incremental", dry_run=False):
    css(driver, f"label[for=mode-{mode}]").click()
    checkbox = css(driver, "#dry-run")
    if checkbox.is_selected() != dry_run:
        css(driver, "label[for=dry-run]").click()
    previous = live_state(driver).get("run-id")
    css(driver, "#sync-now").click()
    wait_for(driver, lambda d: live_state(d)["run-id"] and live_state(d)["run-id"] != previous,
             message="Sync now did not start a run")
    return int(live_state(driver)["run-id"])


def follow_to_end(browser, timeout=RUN_TIMEOUT):
    """Waits until the live panel shows the run finished; returns (final state, highest percent seen)."""
    driver = browser.driver
    deadline = time.monotonic() + timeout
    highest = -1
    mid_shot = False
    while time.monotonic() < deadline:
        state = live_state(driver)
        if state["percent"]:
            highest = max(highest, int(state["percent"]))
        if state["state"] == "finished":
            return state, highest
        if state["state"] == "running" and not mid_shot and state["percent"]:
            browser.shot("progress-running")
            mid_shot = True
        time.sleep(0.1)
    raise AssertionError(f"the run did not finish within {timeout} s; last state {live_state(driver)}")


def png_row(png: bytes, row_fraction: float = 0.5) -> list[tuple[int, int, int]]:
    """The RGB pixels of one row of an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium's screenshots are)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width, height, channels = 8, b"", 0, 0, 0
    while position < len(png):
        length = struct.unpack(">I", png[position:position + 4])[0]
        kind, chunk = png[position + 4:position + 8], png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    raw, stride, previous = zlib.decompress(data), width * channels, bytearray(width * channels)
    wanted = min(height - 1, int(height * row_fraction))
    for y in range(wanted + 1):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, up_left = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + left) & 255
            elif kind == 2: line[x] = (line[x] + up) & 255
            elif kind == 3: line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        previous = line
    return [tuple(previous[x * channels:x * channels + 3]) for x in range(width)]


def rendered_fill(driver) -> tuple[float, float]:
    """(share of the live bar drawn filled, share its value says), measured on a screenshot of the bar: the filled part
    is the run of pixels from the left edge in the fill's colour. Call it while the value is above 0."""
    bar = css(driver, "#live-bar")
    while True:  # a value that stayed the same across the screenshot
        position = float(driver.execute_script("return arguments[0].position", bar))
        png = bar.screenshot_as_png
        if float(driver.execute_script("return arguments[0].position", bar)) == position:
            break
    inner = png_row(png)[3:-3]  # without the rounded ends
    fill = inner[0]
    filled = next((index for index, pixel in enumerate(inner) if pixel != fill), len(inner))
    return filled / len(inner), position


def open_run_from_live_panel(driver, run_id):
    link = css(driver, "#live a.button-link")
    if link.text != f"Open run #{run_id}":
        # The demo queues an orders run once the first catalogue sync ends, and the panel follows it: open the run
        # from its history row instead.
        assert link.text.startswith("Open run #"), link.text
        selector = f".runs-table tr[data-run-id='{run_id}'] th a"
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector), message=f"run {run_id} is not in the history")
        link = css(driver, selector)
    assert link.text in (f"Open run #{run_id}", f"#{run_id}")
    link.click()
    wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "h1").text.startswith(f"Run #{run_id}"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".items-table tbody tr"), message="no outcomes table")


def item_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".items-table tbody tr[data-outcome]")


def counts_on_page(driver):
    counts = {}
    for block in driver.find_elements(By.CSS_SELECTOR, "#run-counts .count"):
        counts[block.find_element(By.TAG_NAME, "dt").text.strip()] = int(block.find_element(By.TAG_NAME, "dd").text.replace(",", ""))
    return counts


def assert_fits_width(driver):
    scroll_width, client_width, culprits = driver.execute_script("""
      const root = document.documentElement, width = root.clientWidth, culprits = [];
      for (const element of document.querySelectorAll('body *')) {
        const right = element.getBoundingClientRect().right;
        if (right > width + 0.5 && culprits.length < 8)
          culprits.push(`${element.tagName.toLowerCase()}.${element.getAttribute('class') || ''}#${element.id} right=${Math.round(right)}`);
      }
      return [root.scrollWidth, width, culprits];""")
    assert scroll_width <= client_width, f"the page scrolls sideways: {scroll_width} > {client_width}: {culprits}"


def assert_accessible_basics(driver):
    """Landmarks, labelled controls, table headers, real buttons: the structural part of the a11y checklist."""
    problems = driver.execute_script("""
      const problems = [];
      for (const role of ['header', 'main', 'footer', 'nav']) if (!document.querySelector(role)) problems.push('no <' + role + '>');
      for (const control of document.querySelectorAll('input, select, textarea')) {
        if (control.type === 'hidden') continue;
        const labelled = (control.id && document.querySelector('label[for="' + control.id + '"]'))
          || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || control.closest('label');
        if (!labelled) problems.push('unlabelled control ' + (control.id || control.name));
      }
      for (const table of document.querySelectorAll('table')) {
        if (!table.querySelector('th')) problems.push('table without headers');
        if (!table.getAttribute('aria-labelledby') && !table.getAttribute('aria-label') && !table.querySelector('caption'))
          problems.push('table without a name');
      }
      for (const element of document.querySelectorAll('[onclick], div[tabindex="0"], span[tabindex="0"]'))
        problems.push('clickable non-button ' + element.outerHTML.slice(0, 60));
      for (const button of document.querySelectorAll('button'))
        if (!button.textContent.trim() && !button.getAttribute('aria-label')) problems.push('button without a name');
      if (!document.querySelector('[aria-live]')) problems.push('no live region');
      if (document.querySelector('[style]')) problems.push('inline style attribute: ' + document.querySelector('[style]').outerHTML.slice(0, 80));
      return problems;
    """)
    assert not problems, problems


# ---- against the real service (--demo) -------------------------------------------------------------------------------

def test_demo_service_serves_the_dashboard_with_its_security_headers(demo_service):
    with urllib.request.urlopen(f"{demo_service.url}/", timeout=10) as response:
        body = response.read().decode()
        assert response.status == 200
        assert "text/html" in response.headers["Content-Type"]
        csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert '<script type="module" src="js/app.js"></script>' in body
    for asset, kind in (("js/app.js", "javascript"), ("css/app.css", "text/css"), ("api.html", "text/html")):
        with urllib.request.urlopen(f"{demo_service.url}/{asset}", timeout=10) as response:
            assert kind in response.headers["Content-Type"], (asset, response.headers["Content-Type"])


def test_demo_sync_now_shows_progress_to_the_end_and_the_runs_outcomes(demo_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(demo_service.url + "/")

    # Overview: health without a token; the runs need it.
    wait_for(driver, lambda d: d.find_element(By.ID, "health-status").text in ("ok", "degraded"), message="no health")
    assert css(driver, "#health-configured").text == "configured", "the demo configures Odoo and Medusa"
    assert visible(driver, "#demo-banner")
    assert css(driver, "#schedule-description").text.strip()
    # SYNC_FULL_SCHEDULE's default (the demo service does not set it): the periodic full reconcile.
    assert css(driver, "#full-schedule-description").text.startswith("at 03:30 every day")
    assert "queued" in css(driver, ".health-body").text
    assert visible(driver, "#token-section")
    browser.shot("overview-asks-for-token")

    enter_token(driver, demo_service.token)
    wait_for_runs_table(driver)
    assert driver.execute_script("return sessionStorage.getItem('odoo-medusa-sync.apiToken')") == demo_service.token
    assert driver.execute_script("return localStorage.length") == 0
    assert demo_service.token not in driver.current_url
    browser.shot("overview-with-token")

    # Sync now (full: every product of the demo catalogue gets an outcome), followed live to the end.
    run_id = start_sync(driver, mode="full")
    final, highest = follow_to_end(browser)
    drawn, position = rendered_fill(driver)  # at once: the fill is drawn where the value says, no animation to wait for
    assert position == 1 and drawn > 0.98, (drawn, position)
    browser.shot("progress-finished")
    assert final["status"] in ("succeeded", "partially_failed"), final
    assert final["percent"] == "100" or highest == 100, (final, highest)
    assert css(driver, "#live-bar").get_attribute("value") == css(driver, "#live-bar").get_attribute("max")
    summary = css(driver, "#live .live-summary").text
    assert f"Run #{run_id}" in summary and ("succeeded" in summary or "partially failed" in summary)

    # Health names what the run found on both sides: the simulated Odoo 19 over JSON-2, and a current Medusa that
    # takes stock levels in batches.
    css(driver, "#refresh").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "health-medusa-features"), message="no Medusa features in health")
    # (Read inside wait_for: the health card is re-rendered when the orders run the demo queues after the first
    # catalogue sync finishes, which can make an element found a moment earlier stale.)
    wait_for(driver, lambda d: "over JSON-2" in css(d, "#health-odoo-server").text,
             message="the Odoo server is not named in health")
    wait_for(driver, lambda d: "stock in batches" in css(d, "#health-medusa-features").text,
             message="the Medusa features are not named in health")

    # The run in the history table and the chart.
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f".runs-table tr[data-run-id='{run_id}']"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#runs-chart rect[data-run-id='{run_id}']"))
    browser.full_shot("overview-after-run")

    # Its outcomes.
    open_run_from_live_panel(driver, run_id)
    counts = counts_on_page(driver)
    total = sum(counts.values())
    assert total > 0, counts
    rows = item_rows(driver)
    assert len(rows) == min(total, 100)
    assert all(row.get_attribute("data-outcome") in counts for row in rows)
    assert rows[0].find_element(By.CSS_SELECTOR, "th[scope=row]").text.strip().isdigit()
    browser.full_shot("run-outcomes")

    # Filtered by an outcome that occurred.
    kind = next(name for name, count in counts.items() if count)
    Select(css(driver, "#filter-outcome")).select_by_value(kind)
    wait_for(driver, lambda d: item_rows(d) and all(r.get_attribute("data-outcome") == kind for r in item_rows(d))
             and len(item_rows(d)) == min(counts[kind], 100))
    assert f"#/runs/{run_id}?outcome={kind}" in driver.current_url
    assert_accessible_basics(driver)
    assert_no_console_errors(browser)


def test_demo_dry_run_opens_as_a_plan(demo_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(demo_service.url + "/")
    enter_token(driver, demo_service.token)
    wait_for_runs_table(driver)
    run_id = start_sync(driver, mode="full", dry_run=True)
    final, _ = follow_to_end(browser)
    assert final["status"] in ("succeeded", "partially_failed", "cancelled"), final
    open_run_from_live_panel(driver, run_id)
    assert "dry run" in css(driver, "h2#items-title").text.lower()
    assert "nothing was written to Medusa" in css(driver, ".run-body").text
    browser.full_shot("dry-run")
    assert_no_console_errors(browser)


def test_demo_api_page_renders_the_contract(demo_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(demo_service.url + "/api.html")
    wait_for(driver, lambda d: d.find_elements(By.ID, "op-streamRunEvents"), message="the API page did not render")
    text = css(driver, "#api-doc").text
    for expected in ("GET", "/runs/{id}/events", "POST", "/sync", "itemsCursor", "SyncRequest", "RunDetail"):
        assert expected in text, expected
    operation = css(driver, "#op-getRun")
    assert "outcome" in operation.text and "Schema RunDetail" in operation.text
    # $ref resolution: the 200 response of GET /runs/{id} lists RunDetail's fields, nested Run expandable.
    assert operation.find_elements(By.XPATH, ".//code[text()='nextItemsCursor']")
    assert operation.find_elements(By.XPATH, ".//summary[contains(., 'Fields of Run')]")
    browser.shot("api-page")
    assert_accessible_basics(driver)
    assert_no_console_errors(browser)


def api_call(service, method, path, body=None):
    request = urllib.request.Request(service.url + path, method=method, headers={
        "Authorization": f"Bearer {service.token}", "Content-Type": "application/json", "Accept": "application/json"},
        data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def ensure_finished_run(service, timeout=RUN_TIMEOUT):
    """A finished run exists (started through the API when this test runs alone); returns its id."""
    runs = api_call(service, "GET", "/runs?limit=5")["runs"]
    finished = [run for run in runs if run["status"] not in ("queued", "running")]
    if finished:
        return finished[0]["id"]
    run_id = api_call(service, "POST", "/sync", {"mode": "full"})["run"]["id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if api_call(service, "GET", f"/runs/{run_id}?itemsLimit=1")["run"]["status"] not in ("queued", "running"):
            return run_id
        time.sleep(0.25)
    raise AssertionError(f"run {run_id} did not finish within {timeout} s")


def test_demo_readable_at_375_px(demo_service, browser_factory):
    ensure_finished_run(demo_service)
    browser = browser_factory(width=375, height=812)
    driver = browser.driver
    driver.get(demo_service.url + "/")
    assert driver.execute_script("return window.innerWidth") == 375
    enter_token(driver, demo_service.token)
    wait_for_runs_table(driver)
    wait_for(driver, lambda d: d.find_element(By.ID, "health-status").text)
    time.sleep(0.3)
    assert_fits_width(driver)
    browser.shot("overview-375px")
    driver.find_element(By.CSS_SELECTOR, ".runs-table tbody tr[data-run-id] a").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".items-table tbody tr[data-outcome]"))
    assert_fits_width(driver)
    browser.shot("run-375px")
    driver.get(demo_service.url + "/api.html")
    wait_for(driver, lambda d: d.find_elements(By.ID, "op-getRun"))
    assert_fits_width(driver)
    browser.shot("api-375px")
    assert_no_console_errors(browser)


def test_demo_orders_view_links_the_orders_the_demo_sent(demo_service, browser_factory):
    """The demo places a few orders in the simulated Medusa after the first catalogue sync and sends them to the
    simulated Odoo: the Orders view lists them with links built from the service's own `links`."""
    ensure_finished_run(demo_service)
    deadline = time.monotonic() + RUN_TIMEOUT
    orders = api_call(demo_service, "GET", "/orders")
    while not orders["sent"] and time.monotonic() < deadline:
        time.sleep(0.5)
        orders = api_call(demo_service, "GET", "/orders")
    assert orders["enabled"] and orders["sent"], orders
    links, first = orders["links"], orders["sent"][0]
    browser = browser_factory()
    driver = browser.driver
    driver.get(demo_service.url + "/#/orders")
    enter_token(driver, demo_service.token)
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#orders-sent tbody tr")) >= len(orders["sent"]),
             message="the sent orders did not load")
    row = css(driver, f"#orders-sent tr[data-medusa-order-id='{first['medusaOrderId']}']")
    medusa = row.find_element(By.CSS_SELECTOR, "a.medusa-order")
    assert medusa.text == f"#{first['displayId']}"
    assert medusa.get_attribute("href") == f"{links['medusaAdmin'].rstrip('/')}/orders/{first['medusaOrderId']}"
    odoo = row.find_element(By.CSS_SELECTOR, "a.odoo-order")
    assert odoo.text == first["odooOrderName"]
    assert odoo.get_attribute("href") == (f"{links['odooWeb'].rstrip('/')}/web#id={first['odooOrderId']}"
                                          f"&model=sale.order&view_type=form")
    assert odoo.get_attribute("rel") == "noopener noreferrer" and odoo.get_attribute("target") == "_blank"
    assert css(driver, "#orders-schedule").text.startswith("Schedule: ")
    browser.full_shot("demo-orders")
    css(driver, "#sync-orders").click()
    wait_for(driver, lambda d: "Orders run #" in css(d, "#message").text or "orders run is already queued" in css(d, "#message").text,
             message="Sync orders now did not queue a run")
    wait_for(driver, lambda d: css(d, "#orders-live").get_attribute("data-state") == "finished", timeout=RUN_TIMEOUT,
             message="the orders run did not finish")
    run_id = int(css(driver, "#orders-live").get_attribute("data-run-id"))
    assert api_call(demo_service, "GET", f"/runs/{run_id}?itemsLimit=1")["run"]["scope"] == "orders"
    driver.set_window_size(375, 812)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.3)
    assert_fits_width(driver)
    browser.shot("demo-orders-375px")
    assert_no_console_errors(browser)


def test_demo_validate_delivery_shows_it_shipped_with_its_tracking_number(demo_service, browser_factory):
    """In the demo each sent order has "Validate delivery in simulated Odoo": the simulated warehouse validates its
    picking with the tracking number given, Odoo's picking webhook starts a deliveries run, and the order's delivery
    shows as shipped with that tracking number, linked to the Odoo picking and the Medusa order."""
    ensure_finished_run(demo_service)
    deadline = time.monotonic() + RUN_TIMEOUT
    orders = api_call(demo_service, "GET", "/orders")
    while not any(order["state"] == "sent" and not order.get("deliveries") for order in orders["sent"]) \
            and time.monotonic() < deadline:
        time.sleep(0.5)
        orders = api_call(demo_service, "GET", "/orders")
    candidates = [order for order in orders["sent"] if order["state"] == "sent" and not order.get("deliveries")]
    assert candidates, orders
    target, links = candidates[-1], orders["links"]
    order_id = target["medusaOrderId"]
    row_selector = f"#orders-sent tr[data-medusa-order-id='{order_id}']"
    browser = browser_factory()
    driver = browser.driver
    driver.get(demo_service.url + "/#/orders")
    enter_token(driver, demo_service.token)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"{row_selector} form.demo-delivery"),
             message="no Validate delivery form on the demo order")
    assert "none yet" in css(driver, f"{row_selector} td[data-label='Deliveries']").text
    tracking = "1Z-BROWSER-7"
    css(driver, f"{row_selector} input.tracking-input").send_keys(tracking)
    css(driver, f"{row_selector} button.validate-delivery").click()
    shipped = f"{row_selector} li.delivery[data-state='shipped']"
    wait_for(driver, lambda d: css(d, f"{shipped} .tracking-number").text == tracking, timeout=60,
             message="the validated delivery did not show as shipped with its tracking number")
    delivery = css(driver, shipped)
    picking = delivery.find_element(By.CSS_SELECTOR, "a.odoo-picking")
    assert picking.text.startswith("WH/OUT/"), picking.text
    picking_id = delivery.get_attribute("data-picking-id")
    assert_external(picking, f"{links['odooWeb'].rstrip('/')}/web#id={picking_id}&model=stock.picking&view_type=form")
    assert_external(delivery.find_element(By.CSS_SELECTOR, "a.medusa-fulfilment"),
                    f"{links['medusaAdmin'].rstrip('/')}/orders/{order_id}")
    assert "shipped" in delivery.find_element(By.CSS_SELECTOR, ".delivery-state").text
    wait_for(driver, lambda d: "with tracking number " + tracking in css(d, "#message").text,
             message="the page did not say the delivery arrived")
    shown = [d for d in api_call(demo_service, "GET", "/orders")["sent"] if d["medusaOrderId"] == order_id][0]["deliveries"]
    assert [(d["state"], d.get("trackingNumber")) for d in shown] == [("shipped", tracking)], shown
    browser.full_shot("demo-delivery-shipped")

    # Everything was delivered: a second validation has nothing left (409), and the page says so.
    css(driver, f"{row_selector} button.validate-delivery").click()
    wait_for(driver, lambda d: visible(d, "#alert") and "Nothing left to deliver" in css(d, "#alert").text,
             message="the 409 was not shown")
    # "Sync deliveries now" queues a deliveries run and follows it.
    css(driver, "#sync-deliveries").click()
    wait_for(driver, lambda d: "eliveries run" in css(d, "#message").text, message="Sync deliveries now did not queue a run")
    wait_for(driver, lambda d: css(d, "#orders-live").get_attribute("data-state") == "finished", timeout=RUN_TIMEOUT,
             message="the deliveries run did not finish")
    run_id = int(css(driver, "#orders-live").get_attribute("data-run-id"))
    assert api_call(demo_service, "GET", f"/runs/{run_id}?itemsLimit=1")["run"]["scope"] == "deliveries"
    assert_no_console_errors(browser, allow=("status of 409",))


# ---- against the fake API -----------------------------------------------------------------------------------------

def test_keyboard_only_sync_with_visible_focus(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    driver.refresh()  # the token is in sessionStorage now: a fresh page, focus at its start
    wait_for_runs_table(driver)
    assert_accessible_basics(driver)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("class") == "skip-link"
    order = []
    for _ in range(80):
        active = driver.switch_to.active_element
        order.append(active.get_attribute("id") or active.text)
        if active.get_attribute("id") == "sync-now":
            break
        active.send_keys(Keys.TAB)
    else:
        raise AssertionError(f"Sync now is not reachable with Tab: {order}")
    button = driver.switch_to.active_element
    assert button.tag_name == "button"
    outline = driver.execute_script("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];")
    assert outline[0] != "none" and outline[1] != "0px", outline
    assert order.index("mode-incremental") < order.index("dry-run") < order.index("sync-now"), order
    browser.shot("keyboard-focus-on-sync-now")
    button.send_keys(Keys.ENTER)
    final, highest = follow_to_end(browser, timeout=30)
    assert final["status"] == "succeeded" and final["percent"] == "100"
    assert_no_console_errors(browser)


def test_the_live_bar_is_drawn_where_its_numbers_say_while_running_and_at_the_end(fake_service, browser_factory):
    """The bar's fill follows each progress event at once. It used to trail the numbers behind a CSS transition that
    every event restarted, and showed about 70 % under "36 of 36 products done (100 %)"."""
    fake_service.state.applying_steps = 24
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    # No rule animates the fill (Chromium does not expose a transition on the bar's inner parts to scripts or to the
    # DevTools animation clock, so the stylesheet is what can be checked).
    animated = driver.execute_script("""
      const found = [];
      const walk = (rules) => { for (const rule of rules) {
        if (rule.cssRules) walk(rule.cssRules);
        if (rule.selectorText && /progress/.test(rule.selectorText) &&
            ((rule.style.transitionProperty && rule.style.transitionProperty !== 'none' && rule.style.transitionDuration !== '0s') ||
             rule.style.animationName)) found.push(rule.cssText);
      } };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      return found;""")
    assert animated == [], animated
    start_sync(driver, mode="full")
    checked = 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and live_state(driver)["state"] != "finished":
        state = live_state(driver)
        if state["percent"] and 0 < int(state["percent"]) < 100:
            drawn, position = rendered_fill(driver)
            assert abs(drawn - position) < 0.03, f"drawn {drawn:.3f}, value says {position:.3f}"
            checked += 1
        time.sleep(0.05)
    assert live_state(driver)["state"] == "finished"
    drawn, position = rendered_fill(driver)
    assert position == 1 and drawn > 0.98, (drawn, position)
    assert css(driver, "#live-numbers").text.endswith("(100 %)")
    assert checked >= 1, "no progress was seen while the run ran"


def test_failing_items_are_listed_with_their_error_and_retry_now_runs_that_product(fake_service, browser_factory):
    fake_service.state.retries = [
        {"kind": "product", "odooId": 7, "title": "Desk <b>Pro</b>", "attempts": 1, "lastError": "Invalid request: bad option",
         "errorClass": "permanent", "system": "medusa", "firstFailedAt": "2026-06-01T08:00:00Z",
         "lastFailedAt": "2026-06-01T08:00:00Z", "stuck": True},
        {"kind": "product", "odooId": 9, "title": "Chair", "attempts": 2, "lastError": "Medusa answered 500",
         "errorClass": "retryable", "system": "medusa", "firstFailedAt": "2026-06-02T08:00:00Z",
         "lastFailedAt": "2026-06-02T09:00:00Z", "nextAttemptAt": "2099-01-01T00:00:00Z", "stuck": False},
    ]
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".failing-table tbody tr")) == 2,
             message="the failing items did not load")
    assert css(driver, "#health-items-failing").text == "1"
    stuck = css(driver, ".failing-table tr[data-odoo-id='7']")
    assert "Invalid request: bad option" in stuck.text and "permanent" in stuck.text and "medusa" in stuck.text
    assert "stopped until it changes in Odoo" in stuck.text
    assert "Desk <b>Pro</b>" in stuck.text, "names are text, never markup"
    assert "next run after" in css(driver, ".failing-table tr[data-odoo-id='9']").text
    assert "2 items failed" in css(driver, "#failing-note").text
    browser.full_shot("failing-items")
    stuck.find_element(By.CSS_SELECTOR, "button.retry-now").click()
    wait_for(driver, lambda d: any(r["method"] == "POST" and r["path"] == "/retries/product/7/retry"
                                   for r in fake_service.state.requests), message="retry now sent nothing")
    final, _ = follow_to_end(browser, timeout=30)
    assert final["status"] == "succeeded"
    run = fake_service.state.runs[int(final["run-id"])]
    assert run["mode"] == "targeted" and run["productIds"] == [7]
    wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".failing-table tr[data-odoo-id='7']"),
             message="the healed product is still listed")
    wait_for(driver, lambda d: css(d, "#health-items-failing").text == "0")
    assert_no_console_errors(browser)


def test_live_progress_survives_a_dropped_stream(fake_service, browser_factory):
    fake_service.state.drop_stream_after = 2
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    run_id = start_sync(driver)
    final, highest = follow_to_end(browser, timeout=30)
    assert final["status"] == "succeeded" and highest == 100
    streams = [r for r in fake_service.state.requests if r["path"] == f"/runs/{run_id}/events"]
    assert len(streams) >= 2, "the page did not reconnect to the event stream"
    assert all(r["authorization"] == f"Bearer {fake_service.state.token}" for r in streams)
    assert_no_console_errors(browser)


def test_retry_failed_products_starts_a_run_of_exactly_those(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/#/runs/10")
    enter_token(driver, fake_service.state.token)
    wait_for(driver, lambda d: d.find_elements(By.ID, "retry-failed"))
    assert css(driver, "#retry-failed").text == "Retry 3 failed products"
    failed_row = driver.find_element(By.CSS_SELECTOR, ".items-table tr[data-outcome=failed]")
    assert "duplicate sku" in failed_row.text and "medusa" in failed_row.text and "permanent" in failed_row.text
    browser.full_shot("run-with-failures")
    css(driver, "#retry-failed").click()
    wait_for(driver, lambda d: any(r["method"] == "POST" and r["path"] == "/sync" for r in fake_service.state.requests))
    posted = [r for r in fake_service.state.requests if r["method"] == "POST" and r["path"] == "/sync"]
    assert len(posted) == 1 and posted[0]["body"] == {"productIds": [3, 7, 11], "dryRun": False}
    new_id = max(fake_service.state.runs)  # the run the retry queued (the fake seeds 12 catalogue runs and 1 orders run)
    wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "h1").text.startswith(f"Run #{new_id}"))
    assert "Retry started" in css(driver, "#message").text
    wait_for(driver, lambda d: len(item_rows(d)) == 3, timeout=30, message="the retry run did not finish")
    assert sorted(int(r.get_attribute("data-odoo-id")) for r in item_rows(driver)) == [3, 7, 11]
    assert_no_console_errors(browser)


def test_retry_collects_failed_products_from_every_page(fake_service, browser_factory):
    state = fake_service.state
    # A run with 2,500 failed products: more than one page of 1,000.
    run = dict(state.runs[10])
    run["id"] = 99
    run["counts"] = dict(run["counts"], failed=2500)
    state.runs[99] = run
    state.items[99] = [state._item(i, "failed", False) for i in range(1, 2501)]
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/#/runs/99")
    enter_token(driver, state.token)
    wait_for(driver, lambda d: d.find_elements(By.ID, "retry-failed"))
    css(driver, "#retry-failed").click()
    wait_for(driver, lambda d: any(r["method"] == "POST" and r["path"] == "/sync" for r in state.requests))
    pages = [r for r in state.requests if r["path"].startswith("/runs/99?") and "outcome=failed" in r["path"]]
    assert len(pages) == 3, [r["path"] for r in pages]
    posted = [r for r in state.requests if r["method"] == "POST" and r["path"] == "/sync"][0]["body"]
    assert posted["productIds"] == list(range(1, 2501))
    assert_no_console_errors(browser)


def test_dry_run_shows_the_field_level_plan(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    run_id = start_sync(driver, mode="full", dry_run=True)
    follow_to_end(browser, timeout=30)
    open_run_from_live_panel(driver, run_id)
    planned = driver.find_elements(By.CSS_SELECTOR, ".items-table .changes li")
    assert planned, "no planned changes shown"
    assert any("variants[0].prices.eur" in li.text and "19.00" in li.text and "21.50" in li.text for li in planned)
    first_change = css(driver, ".items-table tr[data-odoo-id='3'] .changes li")
    assert first_change.find_element(By.CSS_SELECTOR, ".change-path").text == "title"
    assert first_change.find_element(By.CSS_SELECTOR, ".change-from").text == "from Old product 3" or \
        first_change.find_element(By.CSS_SELECTOR, ".change-from").text.endswith("Old product 3")
    assert first_change.find_element(By.CSS_SELECTOR, ".change-to").text.endswith("Demo product 3")
    browser.full_shot("dry-run-plan")
    assert_no_console_errors(browser)


def test_a_refused_token_is_asked_for_again_and_errors_show_the_message(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, "wrong-token")
    wait_for(driver, lambda d: visible(d, "#token-section") and "refused" in css(d, "#token-reason").text)
    assert "invalid API token" in css(driver, "#token-reason").text
    assert driver.execute_script("return sessionStorage.getItem('odoo-medusa-sync.apiToken')") is None
    browser.shot("token-refused")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    # An API error shows its message: cancelling a finished run is a 409 with {"error": {...}}.
    message = driver.execute_async_script("""
      const done = arguments[arguments.length - 1];
      import('/js/api.js').then(({api}) => api.cancelRun(12)).then(() => done('no error'), (e) => done(e.message));
    """)
    assert message == "run 12 already finished with status failed"
    driver.get(fake_service.url + "/#/runs/4242")
    wait_for(driver, lambda d: "run 4242 does not exist" in css(d, ".run-body").text)
    assert_no_console_errors(browser, allow=ALLOWED_401 + ("status of 409", "status of 404"))


def test_sse_parser_handles_any_chunking(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/api.html")
    stream = ('\ufeff: connected\r\n\r\nevent: progress\r\ndata: {"phase":"reading","done":1,"total":4}\r\n\r\n'
              ': keep-alive\n\nevent: progress\ndata: {"phase":"applying",\ndata: "done":3,"total":4}\n\n'
              'data: plain\r\rid: 7\nevent: finished\ndata: {"id":5,"status":"succeeded"}\n\nevent: lost\ndata: x')
    result = driver.execute_async_script("""
      const [text, done] = [arguments[0], arguments[arguments.length - 1]];
      import('/js/sse.js').then(({SSEParser}) => {
        const runs = [];
        for (let size = 1; size <= text.length; size += 1) {
          const events = [], comments = [];
          const parser = new SSEParser((e) => events.push(e), (c) => comments.push(c));
          for (let i = 0; i < text.length; i += size) parser.feed(text.slice(i, i + size));
          parser.end();
          runs.push(JSON.stringify({events, comments}));
        }
        done({distinct: [...new Set(runs)], first: runs[0]});
      }, (e) => done({error: String(e)}));
    """, stream)
    assert "error" not in result, result
    assert len(result["distinct"]) == 1, "the parse depends on how the stream is chunked"
    parsed = json.loads(result["first"])
    assert parsed["comments"] == ["connected", "keep-alive"]
    assert [(e["event"], e["data"]) for e in parsed["events"]] == [
        ("progress", '{"phase":"reading","done":1,"total":4}'),
        ("progress", '{"phase":"applying",\n"done":3,"total":4}'),
        ("message", "plain"),
        ("finished", '{"id":5,"status":"succeeded"}'),
    ]
    assert parsed["events"][3]["id"] == "7"
    assert_no_console_errors(browser)


def test_cancel_stops_a_running_sync(fake_service, browser_factory):
    fake_service.state.run_seconds = 20  # long enough to press Cancel
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/")
    enter_token(driver, fake_service.state.token)
    wait_for_runs_table(driver)
    run_id = start_sync(driver)
    wait_for(driver, lambda d: live_state(d)["status"] == "running")
    cancel = css(driver, "#live .button-danger")
    assert cancel.text == "Cancel run" and cancel.tag_name == "button"
    cancel.click()
    wait_for(driver, lambda d: live_state(d)["state"] == "finished" and live_state(d)["status"] == "cancelled")
    assert any(r["method"] == "POST" and r["path"] == f"/runs/{run_id}/cancel" for r in fake_service.state.requests)
    assert f"Run #{run_id} cancelled." in css(driver, "#message").text
    assert not css(driver, "#live .button-danger").is_displayed()
    browser.shot("cancelled")
    assert_no_console_errors(browser)


def test_watcher_falls_back_to_polling_when_the_stream_keeps_failing(fake_service, browser_factory):
    state = fake_service.state
    state.events_status = 503
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/api.html")
    driver.execute_script("sessionStorage.setItem('odoo-medusa-sync.apiToken', arguments[0])", state.token)
    run_id = state.start({"mode": "incremental"})["id"]
    result = driver.execute_async_script("""
      const [runId, done] = [arguments[0], arguments[arguments.length - 1]];
      import('/js/sse.js').then(({watchRun}) => {
        const seen = {connections: [], progress: 0};
        watchRun(runId, {
          onProgress: () => { seen.progress += 1; },
          onConnection: (state) => seen.connections.push(state),
          onFinished: (run) => done({...seen, status: run.status}),
          onError: (error) => done({...seen, error: error.message}),
        }, {backoffBaseMs: 20, backoffMaxMs: 40, pollIntervalMs: 100});
      });
    """, run_id)
    assert result.get("status") == "succeeded", result
    assert result["connections"][:5] == ["reconnecting"] * 5 and result["connections"][5] == "polling", result
    assert result["progress"] > 0
    streams = [r for r in state.requests if r["path"] == f"/runs/{run_id}/events"]
    assert len(streams) == 6, "one try and five bounded reconnects before polling"
    polls = [r for r in state.requests if r["path"].startswith(f"/runs/{run_id}?")]
    assert polls, "no polling of GET /runs/{id}"
    assert_no_console_errors(browser, allow=("status of 503",))


# ---- orders (GET /orders, POST /sync {"scope": "orders"}) and record links ------------------------------------------

ODOO = "https://odoo.example.test"
MEDUSA_ADMIN = "https://shop.example.test/app"


def open_orders(driver, service):
    driver.get(service.url + "/#/orders")
    enter_token(driver, service.state.token)
    wait_for(driver, lambda d: css(d, "h1").text.startswith("Orders"), message="the Orders view did not open")


def sent_row(driver, display_id):
    return css(driver, f"#orders-sent tr[data-medusa-order-id='order_01JA{display_id}']")


def assert_external(link, href):
    assert link.get_attribute("href") == href, (link.get_attribute("href"), href)
    assert link.get_attribute("target") == "_blank"
    assert set(link.get_attribute("rel").split()) == {"noopener", "noreferrer"}


def test_orders_view_lists_sent_and_waiting_orders_with_links_and_the_totals_warning(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    open_orders(driver, fake_service)
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#orders-sent tbody tr")) == 4,
             message="the sent orders did not load")
    assert css(driver, "#nav-orders").get_attribute("aria-current") == "page"
    assert not css(driver, "#nav-overview").get_attribute("aria-current")
    assert not visible(driver, "#orders-off")

    row = sent_row(driver, 1042)
    medusa = row.find_element(By.CSS_SELECTOR, "a.medusa-order")
    assert medusa.text == "#1042"
    assert_external(medusa, f"{MEDUSA_ADMIN}/orders/order_01JA1042")
    odoo = row.find_element(By.CSS_SELECTOR, "a.odoo-order")
    assert odoo.text == "S00031"
    assert_external(odoo, f"{ODOO}/web#id=31&model=sale.order&view_type=form")
    assert row.get_attribute("data-state") == "sent" and row.get_attribute("data-warning") == "false"
    # Within the currency's rounding the service's check finds no difference (no message): no warning.
    assert "218.4885 USD" in row.text and "218.49 USD" in row.text and "totals match" in row.text

    differing = sent_row(driver, 1041)
    assert differing.get_attribute("data-warning") == "true"
    warning = differing.find_element(By.CSS_SELECTOR, ".order-warning")
    assert warning.is_displayed()
    assert "Odoo total 59.89 EUR differs from Medusa total 59.90 EUR" in warning.text
    assert "59.90 EUR" in differing.text and "59.89 EUR" in differing.text
    assert "bad" in differing.find_element(By.CSS_SELECTOR, "td[data-label='Odoo total'] > span").get_attribute("class")

    refused = sent_row(driver, 1040)
    assert "cancel refused" in refused.find_element(By.CSS_SELECTOR, "td[data-label='State']").text
    assert "the delivery is done" in refused.find_element(By.CSS_SELECTOR, ".order-warning").text
    cancelled = sent_row(driver, 1039)
    assert "canceled" in cancelled.find_element(By.CSS_SELECTOR, "td[data-label='State']").text
    assert cancelled.get_attribute("data-warning") == "false", "a cancellation is a note, not a warning"
    assert cancelled.find_element(By.CSS_SELECTOR, ".order-note").text == "cancelled in Odoo"
    assert "4 orders sent, newest first; 2 with a warning" in css(driver, "#sent-note").text

    waiting = driver.find_elements(By.CSS_SELECTOR, "#orders-waiting tbody tr")
    assert [row.get_attribute("data-medusa-order-id") for row in waiting] == ["order_01JA1043", "order_01JA1044", "order_01JA1045"]
    reasons = [row.find_element(By.CSS_SELECTOR, ".waiting-reason").text for row in waiting]
    assert reasons[0] == "held: line ordli_01 variant variant_01JV9 is not bound to an Odoo product"
    assert reasons[1] == "waiting for payment: authorized (ORDERS_REQUIRE_PAYMENT=captured)"
    assert reasons[2].startswith("failed: Odoo answered <b>MissingError</b>"), "reasons are text, never markup"
    assert not driver.find_elements(By.CSS_SELECTOR, "#orders-waiting b")
    assert [row.get_attribute("data-kind") for row in waiting] == ["held", "payment", "failed"]
    assert_external(waiting[0].find_element(By.CSS_SELECTOR, "a.medusa-order"), f"{MEDUSA_ADMIN}/orders/order_01JA1043")
    assert "every 5 minutes" in css(driver, "#orders-schedule").text
    assert_accessible_basics(driver)
    browser.full_shot("orders")

    # Without a base, records are not linked (and the page says why).
    fake_service.state.links = {"odooWeb": ODOO}
    css(driver, "#orders-refresh").click()
    wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#orders-sent a.medusa-order"),
             message="Medusa orders are still linked without MEDUSA_ADMIN_URL")
    assert sent_row(driver, 1042).find_element(By.CSS_SELECTOR, "th").text == "#1042"
    assert_external(sent_row(driver, 1042).find_element(By.CSS_SELECTOR, "a.odoo-order"),
                    f"{ODOO}/web#id=31&model=sale.order&view_type=form")
    assert "MEDUSA_ADMIN_URL" in css(driver, "#orders-note").text
    assert_no_console_errors(browser)


def test_orders_view_shows_deliveries_and_delivery_run_items_link_the_picking(fake_service, browser_factory):
    """A sent order's deliveries: the Odoo picking (stock.picking link), state, tracking number, the Medusa fulfilment
    (linked to the order's admin page), the message as text. A deliveries run's items name the picking and the order."""
    browser = browser_factory()
    driver = browser.driver
    open_orders(driver, fake_service)
    wait_for(driver, lambda d: sent_row(d, 1042).find_elements(By.CSS_SELECTOR, "li.delivery"),
             message="the deliveries did not load")
    row = sent_row(driver, 1042)
    shipped, reversed_ = row.find_elements(By.CSS_SELECTOR, "li.delivery")
    assert shipped.get_attribute("data-state") == "shipped" and reversed_.get_attribute("data-state") == "reversed"
    picking = shipped.find_element(By.CSS_SELECTOR, "a.odoo-picking")
    assert picking.text == "WH/OUT/00012"
    assert_external(picking, f"{ODOO}/web#id=12&model=stock.picking&view_type=form")
    assert shipped.find_element(By.CSS_SELECTOR, ".tracking-number").text == "1Z999AA10123456784"
    fulfilment = shipped.find_element(By.CSS_SELECTOR, "a.medusa-fulfilment")
    assert fulfilment.text == "ful_01JF12"
    assert_external(fulfilment, f"{MEDUSA_ADMIN}/orders/order_01JA1042")
    assert "reversed" in reversed_.find_element(By.CSS_SELECTOR, ".delivery-state").text
    assert not reversed_.find_elements(By.CSS_SELECTOR, "a.medusa-fulfilment")
    assert "<b>not synced</b>" in reversed_.find_element(By.CSS_SELECTOR, ".delivery-message").text, "messages are text"
    assert "none yet" in sent_row(driver, 1041).find_element(By.CSS_SELECTOR, "td[data-label='Deliveries']").text
    assert_accessible_basics(driver)
    browser.full_shot("orders-deliveries")

    run_id = next(run["id"] for run in fake_service.state.runs.values() if run["scope"] == "deliveries")
    driver.get(fake_service.url + f"/#/runs/{run_id}")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-subject='delivery']"),
             message="the delivery items did not load")
    assert css(driver, "#items-title").text == "Delivery outcomes"
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, ".items-table thead th")]
    assert headers == ["Odoo delivery", "Delivery", "Outcome", "Medusa order", "Details"], headers
    item = css(driver, "tr[data-subject='delivery']")
    assert_external(item.find_element(By.CSS_SELECTOR, "a.odoo-link"), f"{ODOO}/web#id=12&model=stock.picking&view_type=form")
    assert_external(item.find_element(By.CSS_SELECTOR, "a.medusa-link"), f"{MEDUSA_ADMIN}/orders/order_01JA1042")
    assert "WH/OUT/00012 → #1042" in item.text
    assert "1 delivery shown" in css(driver, "#items-note").text
    assert_no_console_errors(browser)


def test_orders_view_says_when_the_orders_sync_is_off(fake_service, browser_factory):
    state = fake_service.state
    state.orders_enabled = False
    state.orders_sent = []
    state.orders_waiting = []
    browser = browser_factory()
    driver = browser.driver
    open_orders(driver, fake_service)
    wait_for(driver, lambda d: visible(d, "#orders-off"), message="the off state is not shown")
    assert "Orders sync is off: set SYNC_ORDERS=true" in css(driver, "#orders-off").text
    assert not visible(driver, "#orders-sent") and not visible(driver, "#orders-waiting")
    assert not visible(driver, "#sent-section") and not visible(driver, "#waiting-section")
    assert not css(driver, "#sync-orders").is_enabled()
    assert "off" in css(driver, "#orders-schedule").text
    browser.shot("orders-off")
    assert_no_console_errors(browser)


def test_sync_orders_now_posts_scope_orders_and_follows_the_run(fake_service, browser_factory):
    browser = browser_factory()
    driver = browser.driver
    open_orders(driver, fake_service)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#orders-sent tbody tr"))
    assert "retry" in css(driver, "#sync-orders-help").text
    css(driver, "#sync-orders").click()
    wait_for(driver, lambda d: any(r["method"] == "POST" and r["path"] == "/sync" for r in fake_service.state.requests),
             message="Sync orders now sent nothing")
    posted = [r for r in fake_service.state.requests if r["method"] == "POST" and r["path"] == "/sync"]
    assert [r["body"] for r in posted] == [{"scope": "orders"}]
    run_id = max(fake_service.state.runs)
    assert fake_service.state.runs[run_id]["scope"] == "orders"
    wait_for(driver, lambda d: f"Orders run #{run_id} queued." in css(d, "#message").text, message="no queued message")
    wait_for(driver, lambda d: css(d, "#orders-live").get_attribute("data-run-id") == str(run_id))
    wait_for(driver, lambda d: css(d, "#orders-live").get_attribute("data-state") == "finished", timeout=30)
    assert css(driver, "#orders-live").get_attribute("data-status") == "partially_failed"
    assert "orders done" in css(driver, "#orders-live-numbers").text
    link = css(driver, "#orders-live a.button-link")
    assert link.get_attribute("href").endswith(f"#/runs/{run_id}")
    browser.shot("orders-synced")
    assert_no_console_errors(browser)


def test_run_items_link_to_their_records_and_runs_show_their_scope(fake_service, browser_factory):
    state = fake_service.state
    orders_run = next(run["id"] for run in state.runs.values() if run["scope"] == "orders")
    browser = browser_factory()
    driver = browser.driver
    driver.get(fake_service.url + "/#/runs/10")
    enter_token(driver, state.token)
    wait_for(driver, lambda d: item_rows(d), message="no items")
    first = css(driver, ".items-table tr[data-odoo-id='1']")
    assert first.get_attribute("data-subject") == "product"
    odoo = first.find_element(By.CSS_SELECTOR, "a.odoo-link")
    assert odoo.text == "1"
    assert_external(odoo, f"{ODOO}/web#id=1&model=product.template&view_type=form")
    assert_external(first.find_element(By.CSS_SELECTOR, "a.medusa-link"), f"{MEDUSA_ADMIN}/products/prod_0001")
    failed = css(driver, ".items-table tr[data-odoo-id='3']")  # failed: no Medusa product
    assert not failed.find_elements(By.CSS_SELECTOR, "a.medusa-link")
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, ".items-table thead th")]
    assert headers[0] == "Odoo template" and headers[3] == "Medusa product"
    assert "catalogue" in css(driver, ".facts").text

    driver.get(fake_service.url + f"/#/runs/{orders_run}")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".items-table tr[data-subject='order']"), message="no order items")
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, ".items-table thead th")]
    assert headers[0] == "Odoo order" and headers[3] == "Medusa order"
    sent = css(driver, ".items-table tr[data-odoo-id='31']")
    assert "#1042 → S00031" in sent.text
    assert_external(sent.find_element(By.CSS_SELECTOR, "a.odoo-link"), f"{ODOO}/web#id=31&model=sale.order&view_type=form")
    assert_external(sent.find_element(By.CSS_SELECTOR, "a.medusa-link"), f"{MEDUSA_ADMIN}/orders/order_01JA1042")
    unsent = driver.find_elements(By.CSS_SELECTOR, ".items-table tr[data-odoo-id='0']")
    assert len(unsent) == 3
    for row in unsent:
        assert not row.find_elements(By.CSS_SELECTOR, "a.odoo-link"), "sale.order 0 is no record"
        assert row.find_element(By.CSS_SELECTOR, "a.medusa-link").get_attribute("href").startswith(f"{MEDUSA_ADMIN}/orders/order_01JA")
    assert "<b>MissingError</b>" in unsent[2].text
    assert css(driver, "#retry-orders").is_displayed() and not driver.find_elements(By.ID, "retry-failed")
    browser.full_shot("orders-run")
    css(driver, "#retry-orders").click()
    wait_for(driver, lambda d: any(r["method"] == "POST" and r["path"] == "/sync" for r in state.requests))
    assert [r["body"] for r in state.requests if r["method"] == "POST"] == [{"scope": "orders"}]
    retry_run = max(state.runs)
    wait_for(driver, lambda d: css(d, "h1").text.startswith(f"Run #{retry_run}"), message="the retry run did not open")

    # The runs list shows each run's scope, and filters by it.
    driver.get(fake_service.url + "/#/")
    wait_for_runs_table(driver)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f".runs-table tr[data-run-id='{orders_run}']"))
    scope_of = lambda run_id: css(driver, f".runs-table tr[data-run-id='{run_id}'] td[data-label='Scope']").text
    assert scope_of(orders_run) == "orders" and scope_of(10) == "catalogue"
    Select(css(driver, "#filter-scope")).select_by_value("orders")
    wait_for(driver, lambda d: {row.get_attribute("data-run-id") for row in d.find_elements(By.CSS_SELECTOR, ".runs-table tr[data-run-id]")}
             <= {str(orders_run), str(retry_run)}, message="the scope filter did not apply")
    assert any(r["path"].startswith("/runs?") and "scope=orders" in r["path"] for r in state.requests)
    assert_no_console_errors(browser)
