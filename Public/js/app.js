// The dashboard: overview (health, Sync now, live progress, charts, run history), orders (sent to Odoo with their
// deliveries, waiting, "Sync orders now", "Sync deliveries now", the demo's "Validate delivery") and run detail (outcomes, plan, record links, retry, cancel). Hash routes: "#/", "#/orders" and
// "#/runs/{id}[?outcome=failed]". Talks only to the endpoints in openapi.yaml.

import { api, token, onAuthRequired, AuthRequiredError, isAbort, allItemIds } from "./api.js";
import { watchRun } from "./sse.js";
import { RunsChart } from "./charts.js";
import {
  h, append, clear, replaceChildren, formatDuration, formatNumber, formatUptime, timeElement,
  statusBadge, outcomeBadge, STATUS_LABELS, FINISHED_STATUSES, OUTCOME_KINDS, odooRecordUrl, medusaAdminUrl, externalLink,
} from "./dom.js";

const $ = (id) => document.getElementById(id);
const APP_TITLE = "Odoo → Medusa sync";
const RUNS_PAGE = 30;
const ITEMS_PAGE = 100;
const REFRESH_MS = 30000;
const MAX_PRODUCT_IDS = 10000; // SyncRequest.productIds maxItems
const RUNS_COLUMNS = 12;
const ORDERS_LIMIT = 200;

// ---- messages ----------------------------------------------------------------------------------------------------

let announceTimer = 0;
/** Says `text` to screen readers (polite), without showing it. */
function announce(text) {
  const announcer = $("announcer");
  announcer.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { announcer.textContent = text; }, 50);
}

function showMessage(text) {
  const element = $("message");
  element.textContent = text;
  element.hidden = !text;
  if (text) $("alert").hidden = true;
}

function errorText(error) {
  if (!error) return "";
  return typeof error === "string" ? error : error.message || String(error);
}

function showError(error) {
  if (error instanceof AuthRequiredError || isAbort(error)) return; // the token form says it
  const element = $("alert");
  element.textContent = errorText(error);
  element.hidden = false;
}

function clearMessages() {
  $("message").hidden = true;
  $("alert").hidden = true;
}

// ---- token -------------------------------------------------------------------------------------------------------

function updateTokenState() {
  $("forget-token").hidden = !token.get();
}

function showTokenForm(reason, message, { focus = reason === "refused" } = {}) {
  const section = $("token-section");
  $("token-reason").textContent = message || "The run history and the sync buttons need the service's API token.";
  section.classList.toggle("token-refused", reason === "refused");
  section.hidden = false;
  updateTokenState();
  if (focus) $("token-input").focus();
  if (reason === "refused") announce(message);
}

function hideTokenForm() {
  $("token-section").hidden = true;
  $("token-input").value = "";
  $("token-input").removeAttribute("aria-invalid");
}

onAuthRequired((reason, message) => showTokenForm(reason, message));

function setUpTokenForm() {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("token-input");
    const value = input.value.trim();
    if (!value) {
      input.setAttribute("aria-invalid", "true");
      $("token-reason").textContent = "Enter the token first: the value of SYNC_API_TOKEN.";
      input.focus();
      return;
    }
    token.set(value);
    hideTokenForm();
    updateTokenState();
    clearMessages();
    showMessage("Token saved for this browser tab.");
    render({ focus: true });
  });
  $("forget-token").addEventListener("click", () => {
    token.clear();
    updateTokenState();
    showMessage("Token forgotten.");
    render({ focus: false });
    showTokenForm("missing", "Token forgotten. Enter it again to use the sync API.", { focus: true });
  });
  updateTokenState();
}

// ---- view lifecycle ------------------------------------------------------------------------------------------------

class ViewContext {
  constructor() {
    this.controller = new AbortController();
    this.cleanups = [];
  }
  get signal() {
    return this.controller.signal;
  }
  get active() {
    return !this.controller.signal.aborted;
  }
  onCleanup(fn) {
    this.cleanups.push(fn);
  }
  dispose() {
    this.controller.abort();
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch {
        /* keep disposing */
      }
    }
  }
}

let currentView = null;

function parseRoute() {
  const hash = window.location.hash || "#/";
  const [path, queryString] = hash.slice(1).split("?");
  const params = new URLSearchParams(queryString || "");
  const runMatch = /^\/runs\/(\d+)\/?$/.exec(path);
  if (runMatch) return { name: "run", id: Number(runMatch[1]), params };
  if (/^\/orders\/?$/.test(path)) return { name: "orders", params };
  return { name: "overview", params };
}

function render({ focus = false } = {}) {
  if (currentView) currentView.dispose();
  const context = new ViewContext();
  currentView = context;
  const view = $("view");
  clear(view);
  const route = parseRoute();
  for (const [name, id] of [["overview", "nav-overview"], ["orders", "nav-orders"]]) {
    if (route.name === name) $(id).setAttribute("aria-current", "page");
    else $(id).removeAttribute("aria-current");
  }
  const rendered = route.name === "run" ? renderRun(view, context, route.id, route.params)
    : route.name === "orders" ? renderOrders(view, context) : renderOverview(view, context);
  if (focus) {
    const heading = view.querySelector("h1");
    if (heading) heading.focus({ preventScroll: false });
  }
  return rendered;
}

let flash = null; // a message to show after the next navigation

function navigate(hash, message) {
  flash = message || null;
  if (window.location.hash === hash) {
    render({ focus: true });
    showFlash();
  } else {
    window.location.hash = hash;
  }
}

function showFlash() {
  if (flash) showMessage(flash);
  flash = null;
}

// ---- live progress -----------------------------------------------------------------------------------------------

const humanPhase = (phase) => (phase ? String(phase).replace(/[_-]+/g, " ") : "starting");

/** A progress panel for one run at a time, fed by the event stream (with reconnects and a polling fallback). */
class LivePanel {
  constructor({ idPrefix, headingTag = "h2", showOpenLink = true, onFinished = () => {}, onCancelled = () => {} }) {
    this.idPrefix = idPrefix;
    this.onFinished = onFinished;
    this.onCancelled = onCancelled;
    this.showOpenLink = showOpenLink;
    this.watcher = null;
    this.run = null;
    this.lastPhase = null;
    this.title = h(headingTag, { id: `${idPrefix}-title`, class: "live-title" }, "Live progress");
    this.phase = h("p", { class: "live-phase" });
    this.bar = h("progress", { id: `${idPrefix}-bar`, class: "progress", max: "1", "aria-labelledby": `${idPrefix}-title` });
    this.numbers = h("p", { class: "live-numbers", id: `${idPrefix}-numbers` });
    this.connection = h("p", { class: "live-connection muted" });
    this.summary = h("p", { class: "live-summary", role: "status", "aria-live": "polite" });
    this.cancelButton = h("button", { type: "button", class: "button-danger", onclick: () => this.cancel() }, "Cancel run");
    this.openLink = h("a", { class: "button-link", href: "#/" }, "Open run");
    this.element = h("section", { class: "card live", "aria-labelledby": `${idPrefix}-title`, hidden: true, id: idPrefix },
      this.title, this.phase, this.bar, this.numbers, this.summary,
      h("div", { class: "actions" }, this.cancelButton, showOpenLink ? this.openLink : null),
      this.connection);
  }

  /** Nothing to follow: says so (the overview keeps the panel in place). */
  idle(text) {
    this.stop();
    this.run = null;
    this.element.hidden = false;
    this.element.dataset.state = "idle";
    delete this.element.dataset.runId;
    delete this.element.dataset.status;
    delete this.element.dataset.percent;
    this.title.textContent = "Live progress";
    this.phase.textContent = text;
    this.bar.hidden = true;
    this.numbers.textContent = "";
    this.summary.textContent = "";
    this.connection.textContent = "";
    this.cancelButton.hidden = true;
    this.openLink.hidden = true;
  }

  watch(run) {
    this.stop();
    this.bar.hidden = false;
    this.openLink.hidden = false;
    this.run = run;
    this.lastPhase = null;
    this.element.hidden = false;
    this.openLink.href = `#/runs/${run.id}`;
    this.openLink.textContent = `Open run #${run.id}`;
    this.summary.textContent = "";
    this.connection.textContent = "";
    if (FINISHED_STATUSES.has(run.status)) {
      this.showFinished(run, { notify: false });
      return;
    }
    this.element.dataset.state = "running";
    this.element.dataset.runId = String(run.id);
    this.element.dataset.status = run.status;
    this.cancelButton.hidden = false;
    this.cancelButton.disabled = false;
    this.setTitle(run);
    this.showProgress(run.progress || null);
    announce(`Run #${run.id} ${STATUS_LABELS[run.status] || run.status}.`);
    this.watcher = watchRun(run.id, {
      onProgress: (progress) => {
        if (this.run && this.run.status === "queued") {
          this.run = { ...this.run, status: "running" };
          this.element.dataset.status = "running";
          this.setTitle(this.run);
        }
        this.showProgress(progress);
      },
      onFinished: (finished) => this.showFinished(finished, { notify: true }),
      onConnection: (state, detail) => this.showConnection(state, detail),
      onError: (error) => {
        this.connection.textContent = `Live progress stopped: ${errorText(error)}`;
        showError(error);
      },
    });
  }

  setTitle(run) {
    const mode = run.scope === "orders" || run.scope === "deliveries" ? run.scope
      : run.mode === "targeted" ? `targeted (${(run.productIds || []).length} products)` : run.mode;
    this.title.textContent = `Run #${run.id} · ${mode}${run.dryRun ? " · dry run" : ""} · ${STATUS_LABELS[run.status] || run.status}`;
  }

  /** What the run's progress counts: products (catalogue) or orders. */
  get unit() {
    if (this.run && this.run.scope === "deliveries") return "deliveries";
    return this.run && this.run.scope === "orders" ? "orders" : "products";
  }

  showProgress(progress) {
    const phase = progress ? progress.phase : null;
    this.phase.textContent = `Phase: ${humanPhase(phase)}`;
    if (phase && phase !== this.lastPhase) {
      this.lastPhase = phase;
      announce(`Run #${this.run.id}: ${humanPhase(phase)}.`);
    }
    const done = progress ? progress.done || 0 : 0;
    const total = progress && typeof progress.total === "number" ? progress.total : null;
    if (total && total > 0) {
      const percent = Math.min(100, Math.floor((done / total) * 100));
      this.bar.max = total;
      this.bar.value = Math.min(done, total);
      this.bar.setAttribute("aria-valuetext", `${percent} %, ${done} of ${total} ${this.unit}`);
      this.numbers.textContent = `${formatNumber(done)} of ${formatNumber(total)} ${this.unit} done (${percent} %)`;
      this.element.dataset.percent = String(percent);
    } else {
      this.bar.removeAttribute("value"); // indeterminate
      this.bar.setAttribute("aria-valuetext", `${done} ${this.unit} done`);
      this.numbers.textContent = progress ? `${formatNumber(done)} ${this.unit} done` : "Waiting for the run to start…";
      delete this.element.dataset.percent;
    }
  }

  showConnection(state, detail) {
    const text = {
      streaming: "Live updates connected.",
      reconnecting: detail ? `Connection lost; reconnecting in ${formatDuration(detail.delayMs)} (attempt ${detail.attempt}).` : "Reconnecting…",
      polling: "Live stream unavailable; checking the run every few seconds.",
      lost: `Cannot follow the run any more${detail ? `: ${detail}` : ""}. Reload the page to try again.`,
    }[state];
    this.connection.textContent = text || "";
    this.element.dataset.connection = state;
  }

  showFinished(run, { notify }) {
    if (this.watcher) this.watcher.stop();
    this.watcher = null;
    this.run = run;
    this.element.hidden = false;
    this.element.dataset.state = "finished";
    this.element.dataset.runId = String(run.id);
    this.element.dataset.status = run.status;
    this.setTitle(run);
    this.cancelButton.hidden = true;
    this.connection.textContent = "";
    const completed = run.status === "succeeded" || run.status === "partially_failed";
    const progress = run.progress || null;
    const total = progress && progress.total ? progress.total : null;
    this.phase.textContent = `Phase: ${completed ? "finished" : humanPhase(progress && progress.phase)}`;
    if (completed) {
      this.bar.max = total || 1;
      this.bar.value = total || 1;
      this.bar.setAttribute("aria-valuetext", "100 %");
      this.element.dataset.percent = "100";
      this.numbers.textContent = total ? `${formatNumber(total)} of ${formatNumber(total)} ${this.unit} done (100 %)` : "Done (100 %)";
    } else {
      if (total) {
        this.bar.max = total;
        this.bar.value = Math.min(progress.done || 0, total);
      } else {
        this.bar.max = 1;
        this.bar.value = 0;
      }
      this.numbers.textContent = progress ? `${formatNumber(progress.done || 0)}${total ? ` of ${formatNumber(total)}` : ""} ${this.unit} done` : "";
    }
    const counts = run.counts || {};
    const countText = OUTCOME_KINDS.filter((kind) => counts[kind]).map((kind) => `${counts[kind]} ${kind}`).join(", ");
    const text = `Run #${run.id} ${STATUS_LABELS[run.status] || run.status}` +
      `${run.durationMs !== undefined && run.durationMs !== null ? ` in ${formatDuration(run.durationMs)}` : ""}` +
      `${countText ? ` — ${countText}` : ""}.${run.error ? ` ${run.error}` : ""}`;
    this.summary.textContent = text;
    this.summary.className = `live-summary summary-${run.status}`;
    if (notify) this.onFinished(run);
  }

  async cancel() {
    if (!this.run) return;
    this.cancelButton.disabled = true;
    try {
      const run = await api.cancelRun(this.run.id);
      showMessage(run.status === "cancelled" ? `Run #${run.id} cancelled.` : `Cancellation of run #${run.id} requested; it stops at the next safe point.`);
      this.onCancelled(run);
      if (FINISHED_STATUSES.has(run.status)) this.showFinished(run, { notify: true });
    } catch (error) {
      this.cancelButton.disabled = false;
      showError(error);
    }
  }

  stop() {
    if (this.watcher) this.watcher.stop();
    this.watcher = null;
  }
}

// ---- overview ----------------------------------------------------------------------------------------------------

function fact(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

const ODOO_PROTOCOLS = { json2: "JSON-2", jsonrpc: "JSON-RPC" };
const LEVELS_BATCH = { available: "stock in batches", absent: "stock level by level", untried: "levels batch not tried yet" };

/** What the last connection found: Odoo's version and protocol, or what the Medusa probe found (docs/medusa.md §7). */
function serverDetails(integration) {
  if (integration.serverVersion) {
    return h("span", { class: "muted", id: "health-odoo-server" },
      ` · ${integration.serverVersion}`, integration.apiProtocol ? ` over ${ODOO_PROTOCOLS[integration.apiProtocol] || integration.apiProtocol}` : "");
  }
  const features = integration.features;
  if (features) {
    return h("span", { class: "muted", id: "health-medusa-features" },
      ` · ${LEVELS_BATCH[features.stockLevelsBatch] || features.stockLevelsBatch}`,
      features.externalIdFilter ? ", lookups by external id" : "");
  }
  return null;
}

function integrationFact(name, integration) {
  if (!integration) return fact(name, h("span", { class: "muted" }, "unknown"));
  if (integration.configured) return fact(name, h("span", { class: "ok" }, "configured"), serverDetails(integration));
  const missing = integration.missing || [];
  return fact(name, h("span", { class: "bad" }, "not configured"),
    missing.length ? [" — missing ", missing.map((variable, index) => [index ? ", " : "", h("code", {}, variable)])] : null);
}

function renderHealth(container, health) {
  $("footer-version").textContent = `odoo-medusa-sync ${health.version}`;
  $("demo-banner").hidden = !health.demo;
  const schedule = health.schedule || {};
  const fullSchedule = health.fullSchedule || {};
  const lastRun = health.lastRun;
  const configured = health.odoo && health.odoo.configured && health.medusa && health.medusa.configured;
  replaceChildren(container,
    h("div", { class: "health-grid" },
      h("div", { class: "card stat" },
        h("h3", {}, "Service"),
        h("dl", { class: "facts" },
          fact("Status", h("span", { class: health.status === "ok" ? "ok" : "bad", id: "health-status" }, health.status)),
          fact("Database", h("span", { class: health.database === "ok" ? "ok" : "bad" }, health.database),
            health.store ? h("span", { class: "muted", id: "health-store" }, ` ${health.store.engine}`) : null),
          health.store && health.store.engine === "postgresql"
            ? fact("Replica", h("code", {}, health.store.replica),
              health.store.runHolder ? h("span", { class: "muted" }, ` · running: ${health.store.runHolder.replica}`) : null)
            : null,
          fact("Version", health.version),
          fact("Up for", formatUptime(health.uptimeSeconds)),
          health.demo ? fact("Mode", h("span", { class: "badge badge-demo" }, "demo")) : null)),
      h("div", { class: "card stat" },
        h("h3", {}, "Configuration"),
        h("dl", { class: "facts" },
          fact("Overall", h("span", { class: configured ? "ok" : "bad", id: "health-configured" }, configured ? "configured" : "incomplete")),
          integrationFact("Odoo", health.odoo),
          integrationFact("Medusa", health.medusa))),
      h("div", { class: "card stat" },
        h("h3", {}, "Runs"),
        h("dl", { class: "facts" },
          fact("Last run", lastRun
            ? [h("a", { href: `#/runs/${lastRun.id}` }, `#${lastRun.id}`), " ", statusBadge(lastRun.status), " ",
              h("span", { class: "muted" }, lastRun.trigger), lastRun.finishedAt ? [" · ", timeElement(lastRun.finishedAt)] : null]
            : h("span", { class: "muted" }, "none yet")),
          fact("Last success", health.lastSuccessAt ? timeElement(health.lastSuccessAt, { relative: true }) : h("span", { class: "muted" }, "never")),
          fact("Queue", `${formatNumber(health.queueDepth)} queued`),
          itemsFailingFact(health.itemsFailing))),
      h("div", { class: "card stat" },
        h("h3", {}, "Schedule"),
        h("dl", { class: "facts" },
          schedule.enabled
            ? [
              fact("Incremental", h("span", { id: "schedule-description" }, schedule.description || schedule.expression || "on a schedule")),
              schedule.expression ? fact("Cron", h("code", {}, schedule.expression), schedule.timezone ? ` (${schedule.timezone})` : "") : null,
              fact("Next run", schedule.nextRunAt ? timeElement(schedule.nextRunAt, { relative: true }) : h("span", { class: "muted" }, "not planned")),
            ]
            : fact("Incremental", h("span", { class: "muted", id: "schedule-description" }, "off (SYNC_SCHEDULE=off)")),
          fact("Full sync", fullSchedule.enabled
            ? h("span", { id: "full-schedule-description" }, fullSchedule.description || fullSchedule.expression || "on a schedule",
              fullSchedule.nextRunAt ? [" · next ", timeElement(fullSchedule.nextRunAt, { relative: true })] : null)
            : h("span", { class: "muted", id: "full-schedule-description" }, "off (SYNC_FULL_SCHEDULE=off)")),
          health.ordersSchedule ? fact("Orders", ordersScheduleText(health.ordersSchedule)) : null))));
}

/** /health's `ordersSchedule`: when the orders sync polls the shop (off while SYNC_ORDERS is off). */
function ordersScheduleText(schedule) {
  if (!schedule || !schedule.enabled) return h("span", { class: "muted", id: "orders-schedule-description" }, "off");
  return h("span", { id: "orders-schedule-description" }, schedule.description || schedule.expression || "on a schedule",
    schedule.nextRunAt ? [" · next ", timeElement(schedule.nextRunAt, { relative: true })] : null);
}

/** /health's `itemsFailing`: products and categories no longer retried by time (see "Failing items"). */
function itemsFailingFact(failing) {
  if (!failing) return null;
  const count = failing.count || 0;
  const retrying = failing.retrying || 0;
  return fact("Items failing",
    h("a", { href: "#failing-title", id: "health-items-failing", class: count ? "bad" : "ok" }, formatNumber(count)),
    count && failing.oldestFailedAt ? [" · oldest since ", timeElement(failing.oldestFailedAt, { relative: true })] : null,
    retrying ? h("span", { class: "muted" }, ` · ${formatNumber(retrying)} being retried`) : null);
}

/** One row of the retry set, with its error and a "Retry now" button. */
function retryRow(item, onRetry) {
  const button = h("button", { type: "button", class: "button-quiet retry-now",
    "aria-label": `Retry ${item.kind} ${item.odooId}${item.title ? ` ${item.title}` : ""} now` }, "Retry now");
  button.addEventListener("click", () => onRetry(item, button));
  const when = item.stuck
    ? h("span", { class: "bad" }, item.errorClass === "retryable" ? "stopped: attempts used up" : "stopped until it changes in Odoo")
    : item.nextAttemptAt ? ["next run after ", timeElement(item.nextAttemptAt, { relative: true })] : "next run";
  return h("tr", { "data-kind": item.kind, "data-odoo-id": String(item.odooId), "data-stuck": String(item.stuck) },
    h("td", {}, item.kind),
    h("td", { class: "num" }, String(item.odooId)),
    h("td", {}, item.title || h("span", { class: "muted" }, "—")),
    h("td", {}, h("p", { class: "item-message" }, item.lastError),
      h("p", { class: "item-meta muted" }, [item.system ? ["system: ", h("strong", {}, item.system), " · "] : null,
        "failure: ", h("strong", {}, item.errorClass.replace(/_/g, " "))])),
    h("td", { class: "num" }, String(item.attempts)),
    h("td", {}, timeElement(item.firstFailedAt, { relative: true })),
    h("td", {}, when),
    h("td", {}, button));
}

function modeText(run) {
  const base = run.mode === "targeted" ? `targeted (${(run.productIds || []).length})` : run.mode;
  return [base, run.dryRun ? [" ", h("span", { class: "badge badge-dry" }, "dry run")] : null];
}

function cell(label, ...content) {
  return h("td", { "data-label": label }, ...content);
}

function scopeBadge(scope) {
  const value = scope || "catalogue";
  return h("span", { class: ["badge", `scope-${value}`], "data-scope": value }, value);
}

function runRow(run) {
  const counts = run.counts || {};
  return h("tr", { "data-run-id": run.id },
    h("th", { scope: "row", "data-label": "Run" }, h("a", { href: `#/runs/${run.id}` }, `#${run.id}`)),
    cell("When", timeElement(run.createdAt)),
    cell("Scope", scopeBadge(run.scope)),
    cell("Trigger", run.trigger),
    cell("Mode", h("span", {}, modeText(run))),
    cell("Status", statusBadge(run.status)),
    cell("Duration", h("span", { class: "num" }, formatDuration(run.durationMs))),
    ...["created", "updated", "unchanged", "archived", "failed"].map((kind) =>
      cell(kind[0].toUpperCase() + kind.slice(1), h("span", { class: ["num", kind === "failed" && counts.failed ? "bad" : null] }, formatNumber(counts[kind] || 0)))));
}

function runsTable(captionId) {
  const body = h("tbody", {});
  const table = h("table", { class: "data-table runs-table", "aria-labelledby": captionId },
    h("thead", {}, h("tr", {},
      ["Run", "When", "Scope", "Trigger", "Mode", "Status", "Duration", "Created", "Updated", "Unchanged", "Archived", "Failed"]
        .map((label, index) => h("th", { scope: "col", class: index >= 6 ? "num" : null }, label)))),
    body);
  return { table, body };
}

function selectField(id, label, options, value) {
  const select = h("select", { id, name: id },
    options.map(([optionValue, optionLabel]) => h("option", { value: optionValue, selected: optionValue === value }, optionLabel)));
  return { field: h("div", { class: "field" }, h("label", { for: id }, label), select), select };
}

function renderOverview(view, context) {
  document.title = APP_TITLE;
  const healthBody = h("div", { class: "health-body" }, h("p", { class: "muted" }, "Loading…"));
  const live = new LivePanel({
    idPrefix: "live",
    onFinished: (run) => {
      showMessage(`Run #${run.id} ${STATUS_LABELS[run.status] || run.status}.`);
      refreshAll();
    },
  });
  context.onCleanup(() => live.stop());
  live.idle("No sync is running. Start one with “Sync now”; its progress shows here.");

  // Sync now
  const syncForm = h("form", { class: "sync-form", id: "sync-form" },
    h("fieldset", {},
      h("legend", {}, "Mode"),
      h("div", { class: "choice" },
        h("input", { type: "radio", name: "mode", id: "mode-incremental", value: "incremental", checked: true }),
        h("label", { for: "mode-incremental" }, h("strong", {}, "Incremental"), " — what changed in Odoo since the last run")),
      h("div", { class: "choice" },
        h("input", { type: "radio", name: "mode", id: "mode-full", value: "full" }),
        h("label", { for: "mode-full" }, h("strong", {}, "Full"), " — reconcile the whole catalogue"))),
    h("div", { class: "choice" },
      h("input", { type: "checkbox", name: "dryRun", id: "dry-run" }),
      h("label", { for: "dry-run" }, h("strong", {}, "Dry run"), " — plan only: show what would change, write nothing to Medusa")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button-primary", id: "sync-now" }, "Sync now")));
  syncForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("sync-now");
    const mode = syncForm.querySelector("input[name=mode]:checked").value;
    const dryRun = $("dry-run").checked;
    button.disabled = true;
    clearMessages();
    try {
      const accepted = await api.startSync({ mode, dryRun });
      const run = accepted.run;
      showMessage(accepted.coalesced
        ? `A queued run already covers this: following run #${run.id}.`
        : `Run #${run.id} queued (${mode}${dryRun ? ", dry run" : ""}).`);
      live.watch(run);
      refreshRuns();
    } catch (error) {
      if (error instanceof AuthRequiredError) $("token-input").focus();
      showError(error);
    } finally {
      button.disabled = false;
    }
  });

  // Charts and history
  const chartBox = h("div", { class: "charts", id: "runs-chart" });
  const chart = new RunsChart(chartBox);
  context.onCleanup(() => chart.destroy());
  const statusFilter = selectField("filter-status", "Status",
    [["", "Any status"], ...Object.entries(STATUS_LABELS)], "");
  const triggerFilter = selectField("filter-trigger", "Trigger",
    [["", "Any trigger"], ["schedule", "schedule"], ["api", "api"], ["webhook", "webhook"], ["cli", "cli"]], "");
  const scopeFilter = selectField("filter-scope", "Scope",
    [["", "Any scope"], ["catalogue", "catalogue"], ["orders", "orders"], ["deliveries", "deliveries"]], "");
  const { table, body: runsBody } = runsTable("runs-title");
  const runsNote = h("p", { class: "muted", id: "runs-note" });
  const failingBody = h("tbody", {});
  const failingNote = h("p", { class: "muted", id: "failing-note" });
  const failingTable = h("table", { class: "data-table failing-table", "aria-labelledby": "failing-title" },
    h("thead", {}, h("tr", {},
      ["Kind", "Odoo id", "Name", "Last error", "Attempts", "Failing since", "Next attempt", ""]
        .map((label, index) => h("th", { scope: "col", class: index === 1 || index === 4 ? "num" : null }, label)))),
    failingBody);
  const moreRuns = h("button", { type: "button", class: "button-quiet", hidden: true }, "Show older runs");
  const refreshButton = h("button", { type: "button", class: "button-quiet", id: "refresh" }, "Refresh");
  let runsCursor = null;
  let extraPagesLoaded = false;

  append(view,
    h("h1", { tabindex: "-1", class: "page-title" }, "Overview"),
    h("section", { class: "section", "aria-labelledby": "health-title" },
      h("div", { class: "section-head" }, h("h2", { id: "health-title" }, "Health"), refreshButton),
      healthBody),
    h("div", { class: "columns" },
      h("section", { class: "card", "aria-labelledby": "sync-title" },
        h("h2", { id: "sync-title" }, "Sync now"),
        syncForm),
      live.element),
    h("section", { class: "section", "aria-labelledby": "failing-title", id: "failing" },
      h("h2", { id: "failing-title", tabindex: "-1" }, "Failing items"),
      failingNote,
      h("div", { class: "table-wrap" }, failingTable)),
    h("section", { class: "section", "aria-labelledby": "charts-title" },
      h("h2", { id: "charts-title" }, "Last 30 runs"),
      chartBox),
    h("section", { class: "section", "aria-labelledby": "runs-title" },
      h("h2", { id: "runs-title" }, "Run history"),
      h("form", { class: "filters", "aria-label": "Filter runs" }, statusFilter.field, scopeFilter.field, triggerFilter.field),
      h("div", { class: "table-wrap" }, table),
      runsNote,
      h("div", { class: "actions" }, moreRuns)));

  const filters = () => ({ status: statusFilter.select.value, trigger: triggerFilter.select.value, scope: scopeFilter.select.value });
  const filtered = () => Boolean(filters().status || filters().trigger || filters().scope);

  async function refreshHealth() {
    try {
      const health = await api.health(context.signal);
      if (context.active) renderHealth(healthBody, health);
    } catch (error) {
      if (!context.active || isAbort(error)) return;
      replaceChildren(healthBody, h("p", { class: "bad" }, `Health unavailable: ${errorText(error)}`));
    }
  }

  function followActive(runs) {
    if (live.element.dataset.state === "running") return;
    const active = runs.find((run) => run.status === "running") || runs.find((run) => run.status === "queued");
    if (active && live.element.dataset.runId !== String(active.id)) live.watch(active);
  }

  async function refreshRuns({ more = false, auto = false } = {}) {
    if (!token.get()) {
      replaceChildren(runsBody, h("tr", {}, h("td", { colspan: String(RUNS_COLUMNS), class: "muted" }, "Enter the API token above to see the run history.")));
      chart.update([]);
      showTokenForm("missing", "The run history and the sync buttons need the service's API token.");
      return;
    }
    try {
      const params = { ...filters(), limit: RUNS_PAGE, cursor: more ? runsCursor : undefined };
      const page = await api.listRuns(params, context.signal);
      if (!context.active) return;
      if (!more) {
        // The chart always shows the last 30 runs, whatever the table's filters.
        const chartRuns = filtered() ? (await api.listRuns({ limit: 30 }, context.signal)).runs : page.runs;
        if (!context.active) return;
        chart.update(chartRuns);
        followActive(chartRuns);
      }
      const focusInTable = table.contains(document.activeElement);
      if (!more && (focusInTable || extraPagesLoaded) && auto) return; // do not move rows under the user
      if (!more) {
        clear(runsBody);
        extraPagesLoaded = false;
      } else {
        extraPagesLoaded = true;
      }
      for (const run of page.runs) append(runsBody, runRow(run));
      if (!runsBody.children.length) {
        append(runsBody, h("tr", {}, h("td", { colspan: String(RUNS_COLUMNS), class: "muted" },
          filtered() ? "No runs match these filters." : "No runs yet. Start one with “Sync now”.")));
      }
      runsCursor = page.nextCursor || null;
      moreRuns.hidden = !runsCursor;
      const shown = runsBody.querySelectorAll("tr[data-run-id]").length;
      runsNote.textContent = `${shown} run${shown === 1 ? "" : "s"} shown${runsCursor ? "; older runs exist" : ""}.`;
    } catch (error) {
      if (!context.active || isAbort(error)) return;
      if (error instanceof AuthRequiredError) {
        replaceChildren(runsBody, h("tr", {}, h("td", { colspan: String(RUNS_COLUMNS), class: "muted" }, "Enter the API token above to see the run history.")));
        return;
      }
      showError(error);
    }
  }

  async function retryItem(item, button) {
    button.disabled = true;
    clearMessages();
    try {
      const accepted = await api.retryNow(item.kind, item.odooId);
      showMessage(`Retrying ${item.kind} ${item.odooId}${item.title ? ` (${item.title})` : ""}: run #${accepted.run.id}${accepted.coalesced ? " (already queued)" : " queued"}.`);
      live.watch(accepted.run);
      refreshRuns();
    } catch (error) {
      button.disabled = false;
      if (error instanceof AuthRequiredError) $("token-input").focus();
      showError(error);
    }
  }

  async function refreshFailing() {
    if (!token.get()) {
      failingNote.textContent = "Enter the API token above to see the items that keep failing.";
      clear(failingBody);
      failingTable.hidden = true;
      return;
    }
    try {
      const list = await api.listRetries(context.signal);
      if (!context.active) return;
      if (failingTable.contains(document.activeElement)) return; // do not move rows under the user
      clear(failingBody);
      for (const item of list.items) append(failingBody, retryRow(item, retryItem));
      failingTable.hidden = list.items.length === 0;
      const stuck = list.items.filter((item) => item.stuck).length;
      failingNote.textContent = list.items.length
        ? `${list.items.length} item${list.items.length === 1 ? "" : "s"} failed in a run and not written since; ` +
          `${stuck} no longer retried (a permanent error, or ${list.maxAttempts} attempts). The next runs retry the others.`
        : "Nothing is failing: every product and category that failed has been written since.";
    } catch (error) {
      if (!context.active || isAbort(error) || error instanceof AuthRequiredError) return;
      failingNote.textContent = `Failing items unavailable: ${errorText(error)}`;
    }
  }

  function refreshAll() {
    refreshHealth();
    refreshRuns();
    refreshFailing();
  }

  statusFilter.select.addEventListener("change", () => refreshRuns());
  triggerFilter.select.addEventListener("change", () => refreshRuns());
  scopeFilter.select.addEventListener("change", () => refreshRuns());
  moreRuns.addEventListener("click", () => refreshRuns({ more: true }));
  refreshButton.addEventListener("click", () => {
    extraPagesLoaded = false;
    refreshAll();
    announce("Refreshed.");
  });

  const timer = setInterval(() => {
    if (document.visibilityState !== "visible") return;
    refreshHealth();
    refreshRuns({ auto: true });
    refreshFailing();
  }, REFRESH_MS);
  context.onCleanup(() => clearInterval(timer));

  refreshAll();
}

// ---- orders ------------------------------------------------------------------------------------------------------

const ORDER_STATES = { sent: "sent", canceled: "canceled", cancel_refused: "cancel refused" };

/** Exact decimal text with its currency ("118.00 EUR"); the service sends totals as exact decimal text. */
function money(amount, currency) {
  if (amount === undefined || amount === null || amount === "") return h("span", { class: "muted" }, "–");
  return h("span", { class: "num" }, `${amount}${currency ? ` ${String(currency).toUpperCase()}` : ""}`);
}

function orderState(state) {
  return h("span", { class: ["badge", `order-${state}`] }, ORDER_STATES[state] || state || "unknown");
}

const DELIVERY_STATES = {
  shipped: "shipped", fulfilled: "fulfilled, shipment next run", already_fulfilled: "already fulfilled", reversed: "reversed",
};

/** One delivery reported to the shop: the Odoo picking, its state, tracking number, the Medusa fulfilment, message. */
function deliveryItem(delivery, order, links) {
  const picking = externalLink(odooRecordUrl(links, "stock.picking", delivery.pickingId), delivery.pickingName || `#${delivery.pickingId}`,
    { class: "odoo-picking", title: `stock.picking ${delivery.pickingId}` });
  const fulfilment = delivery.fulfilmentId
    ? externalLink(medusaAdminUrl(links, "orders", order.medusaOrderId), h("code", {}, delivery.fulfilmentId),
      { class: "medusa-fulfilment", title: "The order in the Medusa admin" })
    : null;
  return h("li", { class: "delivery", "data-picking-id": String(delivery.pickingId), "data-state": delivery.state },
    picking, " ",
    h("span", { class: ["badge", "delivery-state", `delivery-${delivery.state}`] }, DELIVERY_STATES[delivery.state] || delivery.state),
    delivery.trackingNumber
      ? [" ", h("span", { class: "visually-hidden" }, "tracking number "), h("code", { class: "tracking-number", title: "Tracking number" }, delivery.trackingNumber)]
      : null,
    fulfilment ? [" ", h("span", { class: "muted" }, "fulfilment "), fulfilment] : null,
    delivery.message ? h("p", { class: "delivery-message muted" }, delivery.message) : null);
}

/** The demo's "Validate delivery in simulated Odoo" form of a sent order (an optional tracking number). */
function demoDeliveryForm(order) {
  const inputId = `tracking-${order.medusaOrderId}`;
  return h("form", { class: "demo-delivery", "data-medusa-order-id": order.medusaOrderId },
    h("label", { for: inputId, class: "visually-hidden" }, `Tracking number for order #${order.displayId} (optional)`),
    h("input", { type: "text", id: inputId, class: "tracking-input", name: "trackingNumber", maxlength: "64",
      placeholder: "Tracking no. (optional)", autocomplete: "off", spellcheck: "false" }),
    h("button", { type: "submit", class: "button-quiet validate-delivery" }, "Validate delivery in simulated Odoo"));
}

/** One sent order: Medusa order ↔ Odoo sale order, state, both totals, the check's message, its deliveries, last update. */
function sentOrderRow(order, links, demo = false) {
  const display = `#${order.displayId}`;
  const medusaUrl = medusaAdminUrl(links, "orders", order.medusaOrderId);
  const odooUrl = odooRecordUrl(links, "sale.order", order.odooOrderId);
  // The service's totals check decides (within the currency's rounding: 218.4885 and 218.49 USD match); its message
  // "Odoo total … differs from Medusa total …", and a refused cancel or confirmation, are warnings. Other messages
  // ("cancelled in Odoo", a discount rounded to Odoo's precision) are notes.
  const message = order.message || "";
  const differ = /differs from Medusa total/i.test(message);
  const warning = differ || order.state === "cancel_refused" || /refused|not confirmed/i.test(message) ? message || "cancel refused" : "";
  const note = warning ? "" : message;
  return h("tr", { "data-medusa-order-id": order.medusaOrderId, "data-odoo-order-id": String(order.odooOrderId),
    "data-state": order.state, "data-warning": warning ? "true" : "false" },
  h("th", { scope: "row", "data-label": "Medusa order" },
    externalLink(medusaUrl, display, { class: "medusa-order", title: order.medusaOrderId })),
  cell("Odoo order", externalLink(odooUrl, order.odooOrderName, { class: "odoo-order" })),
  cell("State", orderState(order.state)),
  cell("Medusa total", money(order.medusaTotal, order.currencyCode)),
  cell("Odoo total", h("span", { class: differ ? "bad" : null }, money(order.odooTotal, order.currencyCode))),
  cell("Check", warning
    ? h("p", { class: ["order-warning", order.state === "cancel_refused" ? "order-warning-strong" : null] },
      h("span", { "aria-hidden": "true", class: "warning-mark" }, "⚠ "), h("span", { class: "visually-hidden" }, "Warning: "), warning)
    : note ? h("p", { class: "order-note" }, note)
      : h("span", { class: "ok order-check-ok" }, "totals match")),
  cell("Deliveries",
    (order.deliveries || []).length
      ? h("ul", { class: "deliveries" }, order.deliveries.map((delivery) => deliveryItem(delivery, order, links)))
      : h("span", { class: "muted no-deliveries" }, order.state === "sent" ? "none yet" : "–"),
    demo && order.state === "sent" ? demoDeliveryForm(order) : null),
  cell("Updated", timeElement(order.updatedAt)));
}

/** "held: …", "waiting for payment: …", "failed: …" → a short kind for styling. */
function waitingKind(reason) {
  const text = String(reason || "");
  if (text.startsWith("failed")) return "failed";
  if (text.startsWith("held")) return "held";
  if (text.startsWith("waiting")) return "payment";
  return "other";
}

function waitingOrderRow(order, links) {
  const kind = waitingKind(order.reason);
  return h("tr", { "data-medusa-order-id": order.medusaOrderId, "data-kind": kind },
    h("th", { scope: "row", "data-label": "Medusa order" },
      externalLink(medusaAdminUrl(links, "orders", order.medusaOrderId), h("code", {}, order.medusaOrderId), { class: "medusa-order" })),
    cell("Reason", h("p", { class: ["item-message", "waiting-reason", `waiting-${kind}`] }, order.reason)),
    cell("Waiting since", timeElement(order.firstSeenAt, { relative: true })));
}

function renderOrders(view, context) {
  document.title = `Orders · ${APP_TITLE}`;
  const live = new LivePanel({
    idPrefix: "orders-live",
    onFinished: (run) => {
      if (!deliveryWatch) showMessage(`${run.scope === "deliveries" ? "Deliveries" : "Orders"} run #${run.id} ${STATUS_LABELS[run.status] || run.status}.`);
      refresh();
    },
  });
  context.onCleanup(() => live.stop());
  live.idle("No orders or deliveries run is being followed. “Sync orders now” and “Sync deliveries now” queue one; its progress shows here.");
  let demo = false; // /health's `demo`: the "Validate delivery" buttons
  let lastList = null;
  let deliveryWatch = null; // {medusaOrderId, pickingId, until}: polling until the validated delivery shows

  const syncButton = h("button", { type: "button", class: "button-primary", id: "sync-orders" }, "Sync orders now");
  const syncHelp = h("p", { class: "help", id: "sync-orders-help" },
    "Reads the shop's new orders and sends them to Odoo. Every orders run also reads the waiting orders again " +
    "(held, waiting for payment, failed), so this is also their retry.");
  const syncDeliveriesButton = h("button", { type: "button", class: "button-quiet", id: "sync-deliveries" }, "Sync deliveries now");
  const deliveriesHelp = h("p", { class: "help", id: "sync-deliveries-help" },
    "Reads the done deliveries of the orders sent to Odoo and reports them to the shop as fulfilments and shipments " +
    "with their tracking numbers (Odoo's delivery webhook starts this too).");
  const schedule = h("p", { class: "muted", id: "orders-schedule" });
  const offNote = h("p", { class: "note", id: "orders-off", hidden: true });
  const status = h("p", { class: "muted", id: "orders-note", "aria-live": "polite" }, "Loading…");
  const sentBody = h("tbody", {});
  const sentTable = h("table", { class: "data-table orders-table", id: "orders-sent", "aria-labelledby": "sent-title" },
    h("thead", {}, h("tr", {}, ["Medusa order", "Odoo order", "State", "Medusa total", "Odoo total", "Check", "Deliveries", "Updated"]
      .map((label, index) => h("th", { scope: "col", class: index === 3 || index === 4 ? "num" : null }, label)))),
    sentBody);
  const waitingBody = h("tbody", {});
  const waitingTable = h("table", { class: "data-table waiting-table", id: "orders-waiting", "aria-labelledby": "waiting-title" },
    h("thead", {}, h("tr", {}, ["Medusa order", "Reason", "Waiting since"].map((label) => h("th", { scope: "col" }, label)))),
    waitingBody);
  const sentNote = h("p", { class: "muted", id: "sent-note" });
  const waitingNote = h("p", { class: "muted", id: "waiting-note" });
  const sentSection = h("section", { class: "section", "aria-labelledby": "sent-title", id: "sent-section", hidden: true },
    h("h2", { id: "sent-title" }, "Sent to Odoo"), sentNote, h("div", { class: "table-wrap", id: "orders-sent-wrap" }, sentTable));
  const waitingSection = h("section", { class: "section", "aria-labelledby": "waiting-title", id: "waiting-section", hidden: true },
    h("h2", { id: "waiting-title" }, "Waiting"), waitingNote, h("div", { class: "table-wrap", id: "orders-waiting-wrap" }, waitingTable));
  const refreshButton = h("button", { type: "button", class: "button-quiet", id: "orders-refresh" }, "Refresh");

  append(view,
    h("div", { class: "section-head" }, h("h1", { tabindex: "-1", class: "page-title" }, "Orders"), refreshButton),
    offNote,
    status,
    h("div", { class: "columns" },
      h("section", { class: "card", "aria-labelledby": "sync-orders-title" },
        h("h2", { id: "sync-orders-title" }, "Sync orders now"), syncHelp, schedule,
        h("div", { class: "actions" }, syncButton, syncDeliveriesButton), deliveriesHelp),
      live.element),
    sentSection,
    waitingSection);

  async function startRun(button, scope) {
    button.disabled = true;
    clearMessages();
    const noun = scope === "deliveries" ? "deliveries" : "orders";
    try {
      const accepted = await api.startSync({ scope });
      const run = accepted.run;
      showMessage(accepted.coalesced
        ? `A${noun === "orders" ? "n" : ""} ${noun} run is already queued: following run #${run.id}.`
        : `${noun === "orders" ? "Orders" : "Deliveries"} run #${run.id} queued.`);
      live.watch(run);
    } catch (error) {
      if (error instanceof AuthRequiredError) $("token-input").focus();
      showError(error);
    } finally {
      button.disabled = lastList ? lastList.enabled === false : false;
    }
  }
  syncButton.addEventListener("click", () => startRun(syncButton, "orders"));
  syncDeliveriesButton.addEventListener("click", () => startRun(syncDeliveriesButton, "deliveries"));

  // The demo's "Validate delivery in simulated Odoo": POST /demo/deliveries, then the list is read again (every
  // second, at most 30 s) until the delivery shows, reported by the deliveries run the picking webhook started.
  sentBody.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.demo-delivery");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    const input = form.querySelector("input");
    const medusaOrderId = form.dataset.medusaOrderId;
    const trackingNumber = input.value.trim();
    button.disabled = true;
    clearMessages();
    try {
      const accepted = await api.validateDemoDelivery({ medusaOrderId, ...(trackingNumber ? { trackingNumber } : {}) });
      showMessage(`Delivery validated in the simulated Odoo (picking ${accepted.pickingId}` +
        `${accepted.backorderId ? `, backorder ${accepted.backorderId}` : ""}); waiting for the deliveries run to report it…`);
      input.value = "";
      button.disabled = false;
      deliveryWatch = { medusaOrderId, pickingId: accepted.pickingId, until: Date.now() + 30000 };
      pollDelivery();
    } catch (error) {
      button.disabled = false;
      if (error instanceof AuthRequiredError) { $("token-input").focus(); return; }
      if (error && error.status === 409) {
        showError(`Nothing left to deliver for this order in the simulated Odoo: ${errorText(error)}`);
      } else {
        showError(error);
      }
    }
  });

  let pollTimer = 0;
  context.onCleanup(() => clearTimeout(pollTimer));
  async function pollDelivery() {
    clearTimeout(pollTimer);
    if (!deliveryWatch || !context.active) return;
    await refreshOrders();
    if (!deliveryWatch || !context.active) return;
    const order = ((lastList && lastList.sent) || []).find((sent) => sent.medusaOrderId === deliveryWatch.medusaOrderId);
    const delivery = order && (order.deliveries || []).find((item) => item.pickingId === deliveryWatch.pickingId);
    if (delivery && delivery.state !== "fulfilled") {
      showMessage(`Delivery ${delivery.pickingName} ${DELIVERY_STATES[delivery.state] || delivery.state}` +
        `${delivery.trackingNumber ? ` with tracking number ${delivery.trackingNumber}` : ""}` +
        `${delivery.fulfilmentId ? ` (Medusa fulfilment ${delivery.fulfilmentId})` : ""}.`);
      deliveryWatch = null;
      followActive();
      return;
    }
    if (Date.now() > deliveryWatch.until) {
      showMessage("The delivery was validated in the simulated Odoo but has not been reported to the shop yet: the latest " +
        "deliveries run's outcomes say why; “Sync deliveries now” tries again.");
      deliveryWatch = null;
      return;
    }
    pollTimer = setTimeout(pollDelivery, 1000);
  }
  refreshButton.addEventListener("click", () => {
    refresh();
    announce("Refreshed.");
  });

  async function refreshSchedule() {
    try {
      const health = await api.health(context.signal);
      if (!context.active) return;
      $("footer-version").textContent = `odoo-medusa-sync ${health.version}`;
      $("demo-banner").hidden = !health.demo;
      replaceChildren(schedule, "Schedule: ", ordersScheduleText(health.ordersSchedule));
      if (Boolean(health.demo) !== demo) {
        demo = Boolean(health.demo);
        if (lastList) renderLists(lastList);
      }
    } catch (error) {
      if (!context.active || isAbort(error)) return;
      schedule.textContent = "";
    }
  }

  async function refreshOrders() {
    if (!token.get()) {
      status.textContent = "Enter the API token above to see the orders.";
      sentSection.hidden = true;
      waitingSection.hidden = true;
      showTokenForm("missing", "The orders and the sync buttons need the service's API token.");
      return;
    }
    try {
      const list = await api.listOrders({ limit: ORDERS_LIMIT }, context.signal);
      if (!context.active) return;
      lastList = list;
      renderLists(list);
    } catch (error) {
      if (!context.active || isAbort(error)) return;
      if (error instanceof AuthRequiredError) {
        status.textContent = "Enter the API token above to see the orders.";
        return;
      }
      status.hidden = false;
      status.textContent = `Orders unavailable: ${errorText(error)}`;
    }
  }

  function renderLists(list) {
    {
      const links = list.links || {};
      const sent = list.sent || [];
      const waiting = list.waiting || [];
      offNote.hidden = list.enabled !== false;
      if (list.enabled === false) {
        replaceChildren(offNote, "Orders sync is off: set ", h("code", {}, "SYNC_ORDERS=true"),
          " to send the shop's orders to Odoo.");
        offNote.dataset.text = "Orders sync is off: set SYNC_ORDERS=true";
      }
      syncButton.disabled = list.enabled === false;
      syncDeliveriesButton.disabled = list.enabled === false;
      // A tracking number being typed survives the re-render (the periodic refresh, or another order's poll).
      const typing = {};
      for (const input of sentBody.querySelectorAll("input.tracking-input")) {
        if (input.value) typing[input.closest("form").dataset.medusaOrderId] = input.value;
      }
      const focused = document.activeElement && sentBody.contains(document.activeElement) ? document.activeElement.id : null;
      clear(sentBody);
      clear(waitingBody);
      for (const order of sent) append(sentBody, sentOrderRow(order, links, demo));
      for (const input of sentBody.querySelectorAll("input.tracking-input")) {
        const value = typing[input.closest("form").dataset.medusaOrderId];
        if (value) input.value = value;
      }
      if (focused && $(focused)) $(focused).focus();
      for (const order of waiting) append(waitingBody, waitingOrderRow(order, links));
      // Off: say so instead of empty tables (orders sent before it was switched off still show).
      sentSection.hidden = list.enabled === false && sent.length === 0;
      waitingSection.hidden = list.enabled === false && waiting.length === 0;
      sentTable.parentElement.hidden = sent.length === 0; // no empty table (nor its frame): the note says it
      waitingTable.parentElement.hidden = waiting.length === 0;
      const warnings = sentBody.querySelectorAll('tr[data-warning="true"]').length;
      sentNote.textContent = sent.length
        ? `${formatNumber(sent.length)} order${sent.length === 1 ? "" : "s"} sent, newest first` +
          `${warnings ? `; ${formatNumber(warnings)} with a warning` : ""}.`
        : "No orders sent to Odoo yet.";
      waitingNote.textContent = waiting.length
        ? `${formatNumber(waiting.length)} order${waiting.length === 1 ? "" : "s"} waiting; the next orders run reads them again.`
        : "No orders are waiting.";
      status.textContent = "";
      status.hidden = true;
      const missing = [!links.odooWeb ? "Odoo (ODOO_URL)" : null, !links.medusaAdmin ? "Medusa admin (MEDUSA_ADMIN_URL)" : null].filter(Boolean);
      if (missing.length && (sent.length || waiting.length)) {
        status.hidden = false;
        status.textContent = `Records are not linked to ${missing.join(" or ")}: its address is not configured.`;
      }
    }
  }

  async function followActive() {
    if (!token.get() || live.element.dataset.state === "running") return;
    try {
      const page = await api.listRuns({ limit: 10 }, context.signal);
      if (!context.active || live.element.dataset.state === "running") return;
      const runs = (page.runs || []).filter((run) => run.scope === "orders" || run.scope === "deliveries");
      const active = runs.find((run) => run.status === "running") || runs.find((run) => run.status === "queued");
      if (active && live.element.dataset.runId !== String(active.id)) live.watch(active);
    } catch {
      /* the orders table says what is wrong */
    }
  }

  function refresh() {
    refreshSchedule();
    refreshOrders();
    followActive();
  }

  const timer = setInterval(() => {
    if (document.visibilityState !== "visible") return;
    if (view.contains(document.activeElement) && (sentTable.contains(document.activeElement) || waitingTable.contains(document.activeElement))) return;
    refresh();
  }, REFRESH_MS);
  context.onCleanup(() => clearInterval(timer));
  refresh();
}

// ---- run detail --------------------------------------------------------------------------------------------------

function changeList(changes) {
  const list = h("ul", { class: "changes" }, changes.map((change) =>
    h("li", {},
      h("code", { class: "change-path" }, change.path), ": ",
      h("span", { class: "change-from" }, h("span", { class: "visually-hidden" }, "from "), change.from !== undefined && change.from !== null ? change.from : "(none)"),
      h("span", { "aria-hidden": "true" }, " → "),
      h("span", { class: "change-to" }, h("span", { class: "visually-hidden" }, " to "), change.to !== undefined && change.to !== null ? change.to : "(none)"))));
  if (changes.length <= 6) return list;
  return h("details", {}, h("summary", {}, `${changes.length} planned changes`), list);
}

/** The Odoo and Medusa cells of a run item, linked to the record when the run detail has the bases (`links`). */
function itemRecords(item, links) {
  const odooId = item.odooTemplateId;
  // An order item names the sale.order and the Medusa order; a delivery item the stock.picking and the Medusa order.
  const order = item.subject === "order" || item.subject === "delivery";
  const odooModel = item.subject === "delivery" ? "stock.picking" : item.subject === "order" ? "sale.order" : "product.template";
  const odooText = odooId ? h("span", { class: "num" }, String(odooId)) : h("span", { class: "muted" }, "–");
  const odooUrl = odooId ? odooRecordUrl(links, odooModel, odooId) : null;
  const medusaUrl = item.medusaProductId ? medusaAdminUrl(links, order ? "orders" : "products", item.medusaProductId) : null;
  return {
    odoo: odooUrl ? externalLink(odooUrl, odooText, { class: "odoo-link" }) : odooText,
    medusa: item.medusaProductId
      ? (medusaUrl ? externalLink(medusaUrl, h("code", {}, item.medusaProductId), { class: "medusa-link" }) : h("code", {}, item.medusaProductId))
      : h("span", { class: "muted" }, "–"),
  };
}

/** Column names of a run's items: products for a catalogue run, orders for an orders run, deliveries for a deliveries run. */
function itemColumns(scope) {
  if (scope === "deliveries") return ["Odoo delivery", "Delivery", "Outcome", "Medusa order", "Details"];
  return scope === "orders"
    ? ["Odoo order", "Order", "Outcome", "Medusa order", "Details"]
    : ["Odoo template", "Product", "Outcome", "Medusa product", "Details"];
}

function itemRow(item, links, scope) {
  const details = [];
  if (item.message) details.push(h("p", { class: "item-message" }, item.message));
  const meta = [];
  if (item.system) meta.push(["system: ", h("strong", {}, item.system)]);
  if (item.failureClass) meta.push(["failure: ", h("strong", {}, item.failureClass.replace(/_/g, " "))]);
  if (meta.length) details.push(h("p", { class: "item-meta muted" }, meta.map((part, index) => [index ? " · " : "", part])));
  if (item.plannedChanges && item.plannedChanges.length) details.push(changeList(item.plannedChanges));
  const labels = itemColumns(item.subject === "order" ? "orders" : item.subject === "delivery" ? "deliveries" : scope);
  const records = itemRecords(item, links);
  return h("tr", { "data-outcome": item.outcome, "data-odoo-id": item.odooTemplateId, "data-subject": item.subject || "product" },
    h("th", { scope: "row", "data-label": labels[0] }, records.odoo),
    cell(labels[1], item.title || h("span", { class: "muted" }, "–")),
    cell("Outcome", outcomeBadge(item.outcome)),
    cell(labels[3], records.medusa),
    cell("Details", details.length ? h("div", { class: "item-details" }, details) : h("span", { class: "muted" }, "–")));
}

function renderRun(view, context, id, params) {
  document.title = `Run #${id} · ${APP_TITLE}`;
  let outcome = OUTCOME_KINDS.includes(params.get("outcome")) ? params.get("outcome") : "";
  const heading = h("h1", { tabindex: "-1", class: "page-title" }, `Run #${id}`);
  const body = h("div", { class: "run-body" }, h("p", { class: "muted" }, "Loading…"));
  append(view,
    h("nav", { "aria-label": "Breadcrumb", class: "breadcrumb" },
      h("ol", {}, h("li", {}, h("a", { href: "#/" }, "Overview")), h("li", {}, h("span", { "aria-current": "page" }, `Run #${id}`)))),
    heading, body);

  let live = null;
  context.onCleanup(() => live && live.stop());

  async function load() {
    let detail;
    try {
      detail = await api.getRun(id, { outcome: outcome || undefined, itemsLimit: ITEMS_PAGE }, context.signal);
    } catch (error) {
      if (!context.active || isAbort(error)) return;
      replaceChildren(body, h("p", { class: "bad" }, error instanceof AuthRequiredError
        ? "Enter the API token above to see this run." : errorText(error)), h("p", {}, h("a", { href: "#/" }, "Back to the overview")));
      return;
    }
    if (!context.active) return;
    show(detail);
  }

  function show(detail) {
    if (live) live.stop();
    live = null;
    const run = detail.run;
    const links = detail.links || {};
    const counts = run.counts || {};
    const finished = FINISHED_STATUSES.has(run.status);
    replaceChildren(heading, `Run #${run.id} `, statusBadge(run.status));
    const facts = h("dl", { class: "facts facts-wide" },
      fact("Status", STATUS_LABELS[run.status] || run.status),
      fact("Scope", scopeBadge(run.scope)),
      fact("Trigger", run.trigger),
      run.scope === "orders" || run.scope === "deliveries" ? null : fact("Mode", modeText(run)),
      run.mode === "targeted" && run.productIds && run.productIds.length
        ? fact("Products", run.productIds.slice(0, 30).join(", "), run.productIds.length > 30 ? ` and ${run.productIds.length - 30} more` : "")
        : null,
      fact("Queued", timeElement(run.createdAt)),
      fact("Started", timeElement(run.startedAt)),
      fact("Finished", timeElement(run.finishedAt)),
      fact("Duration", formatDuration(run.durationMs)),
      run.replica ? fact("Replica", h("code", {}, run.replica)) : null,
      run.error ? fact("Error", h("span", { class: "bad", id: "run-error" }, run.error)) : null);
    const countList = h("dl", { class: "counts", id: "run-counts" }, OUTCOME_KINDS.map((kind) =>
      h("div", { class: ["count", `count-${kind}`] }, h("dt", {}, kind), h("dd", {}, formatNumber(counts[kind] || 0)))));

    const actions = h("div", { class: "actions" });
    if (!finished) {
      live = new LivePanel({
        idPrefix: "run-live",
        headingTag: "h2",
        showOpenLink: false,
        onFinished: (finishedRun) => {
          showMessage(`Run #${finishedRun.id} ${STATUS_LABELS[finishedRun.status] || finishedRun.status}.`);
          load();
        },
      });
    } else if (counts.failed > 0 && run.scope === "orders") {
      // Failed orders are read again by every orders run: the retry is one more orders run.
      const retry = h("button", { type: "button", class: "button-primary", id: "retry-orders" }, "Sync orders now (retry)");
      retry.addEventListener("click", () => syncOrders(retry));
      append(actions, retry);
    } else if (counts.failed > 0 && run.scope === "deliveries") {
      // Deliveries not reported are read again by every deliveries run.
      const retry = h("button", { type: "button", class: "button-primary", id: "retry-deliveries" }, "Sync deliveries now (retry)");
      retry.addEventListener("click", () => syncOrders(retry, "deliveries"));
      append(actions, retry);
    } else if (counts.failed > 0) {
      const retry = h("button", { type: "button", class: "button-primary", id: "retry-failed" },
        `Retry ${counts.failed} failed product${counts.failed === 1 ? "" : "s"}`);
      retry.addEventListener("click", () => retryFailed(run, retry));
      append(actions, retry);
    }

    // outcomes
    const outcomeFilter = selectField("filter-outcome", "Show",
      [["", `All outcomes (${formatNumber(OUTCOME_KINDS.reduce((sum, kind) => sum + (counts[kind] || 0), 0))})`],
        ...OUTCOME_KINDS.map((kind) => [kind, `${kind} (${formatNumber(counts[kind] || 0)})`])], outcome);
    const itemsBody = h("tbody", {});
    const itemsTable = h("table", { class: "data-table items-table", "aria-labelledby": "items-title" },
      h("thead", {}, h("tr", {}, itemColumns(run.scope).map((label) => h("th", { scope: "col" }, label)))),
      itemsBody);
    const itemsNote = h("p", { class: "muted", id: "items-note", "aria-live": "polite" });
    const noun = run.scope === "orders" ? "order" : run.scope === "deliveries" ? "delivery" : "product";
    const plural = noun === "delivery" ? "deliveries" : `${noun}s`;
    const moreItems = h("button", { type: "button", class: "button-quiet", hidden: true }, `Show more ${plural}`);
    let cursor = detail.nextItemsCursor || null;

    function fillItems(items, reset) {
      if (reset) clear(itemsBody);
      for (const item of items) append(itemsBody, itemRow(item, links, run.scope));
      if (!itemsBody.children.length) {
        append(itemsBody, h("tr", {}, h("td", { colspan: "5", class: "muted" },
          outcome ? `No ${plural} with outcome “${outcome}” in this run.` : finished ? `This run recorded no ${plural}.` : `No ${plural} recorded yet.`)));
      }
      moreItems.hidden = !cursor;
      const shown = itemsBody.querySelectorAll("tr[data-outcome]").length;
      itemsNote.textContent = `${formatNumber(shown)} ${shown === 1 ? noun : plural} shown${outcome ? ` with outcome “${outcome}”` : ""}${cursor ? "; more available" : ""}.`;
    }

    async function loadItems({ more }) {
      moreItems.disabled = true;
      try {
        const page = await api.getRun(run.id, { outcome: outcome || undefined, itemsLimit: ITEMS_PAGE, itemsCursor: more ? cursor : undefined }, context.signal);
        if (!context.active) return;
        cursor = page.nextItemsCursor || null;
        fillItems(page.items || [], !more);
      } catch (error) {
        if (context.active && !isAbort(error)) showError(error);
      } finally {
        moreItems.disabled = false;
      }
    }

    outcomeFilter.select.addEventListener("change", () => {
      outcome = outcomeFilter.select.value;
      history.replaceState(null, "", `#/runs/${run.id}${outcome ? `?outcome=${outcome}` : ""}`);
      cursor = null;
      loadItems({ more: false });
    });
    moreItems.addEventListener("click", () => loadItems({ more: true }));

    const itemsTitle = run.dryRun ? "Plan (dry run): products and field-level changes"
      : run.scope === "orders" ? "Order outcomes" : run.scope === "deliveries" ? "Delivery outcomes" : "Product outcomes";
    replaceChildren(body,
      run.dryRun ? h("p", { class: "note" }, "This was a dry run: nothing was written to Medusa. The table shows what a real run would do, field by field.") : null,
      h("div", { class: "columns" },
        h("section", { class: "card", "aria-labelledby": "run-facts-title" },
          h("h2", { id: "run-facts-title" }, "Summary"), facts, actions.children.length ? actions : null),
        h("section", { class: "card", "aria-labelledby": "run-counts-title" },
          h("h2", { id: "run-counts-title" }, "Counts"), countList)),
      live ? live.element : null,
      h("section", { class: "section", "aria-labelledby": "items-title" },
        h("h2", { id: "items-title" }, itemsTitle),
        h("form", { class: "filters", "aria-label": `Filter ${plural}` }, outcomeFilter.field),
        h("div", { class: "table-wrap" }, itemsTable),
        itemsNote,
        h("div", { class: "actions" }, moreItems)));
    fillItems(detail.items || [], true);
    if (live) {
      // Cancel lives in the live panel.
      live.watch(run);
    }
  }

  async function syncOrders(button, scope = "orders") {
    button.disabled = true;
    clearMessages();
    const noun = scope === "deliveries" ? "deliveries" : "orders";
    try {
      const accepted = await api.startSync({ scope });
      navigate(`#/runs/${accepted.run.id}`, accepted.coalesced
        ? `A${noun === "orders" ? "n" : ""} ${noun} run is already queued: run #${accepted.run.id}.`
        : `${noun === "orders" ? "Orders" : "Deliveries"} run #${accepted.run.id} queued.`);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  async function retryFailed(run, button) {
    button.disabled = true;
    clearMessages();
    showMessage(`Collecting the failed products of run #${run.id}…`);
    try {
      const ids = await allItemIds(run.id, "failed");
      if (!ids.length) {
        showMessage(`Run #${run.id} has no failed products to retry.`);
        return;
      }
      const started = [];
      for (let index = 0; index < ids.length; index += MAX_PRODUCT_IDS) {
        const accepted = await api.startSync({ productIds: ids.slice(index, index + MAX_PRODUCT_IDS), dryRun: run.dryRun });
        started.push(accepted.run.id);
      }
      navigate(`#/runs/${started[0]}`,
        `Retry started: run${started.length > 1 ? "s" : ""} ${started.map((runId) => `#${runId}`).join(", ")} for ${ids.length} failed product${ids.length === 1 ? "" : "s"}.`);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  load();
}

// ---- start -------------------------------------------------------------------------------------------------------

function start() {
  setUpTokenForm();
  window.addEventListener("hashchange", () => {
    const hash = window.location.hash;
    if (hash && !hash.startsWith("#/")) return; // in-page anchors such as the skip link
    clearMessages();
    render({ focus: true });
    showFlash();
  });
  // The skip link moves focus without touching the hash (the hash holds the route).
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("main").focus();
  });
  if (!token.get()) showTokenForm("missing", "The run history and the sync buttons need the service's API token.");
  render({ focus: false });
}

start();
