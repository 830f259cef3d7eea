// Small DOM and formatting helpers shared by the dashboard (index.html) and the API page (api.html).
// No inline styles anywhere: the service's Content-Security-Policy has `style-src 'self'`, so looks come from
// classes in css/app.css (and, where a number must drive a size, CSSOM or SVG attributes).

const SVG_NS = "http://www.w3.org/2000/svg";

/** Appends children (nodes, strings, numbers, arrays; null/undefined/false are skipped). */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function applyAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "style") throw new Error("inline styles are not allowed by the Content-Security-Policy; use a class");
    if (name === "class") {
      const classes = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
      if (classes) element.setAttribute("class", classes);
    } else if (name === "text") {
      element.textContent = String(value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** Creates an HTML element: h("a", {href: "#", class: "x"}, "text", child). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attributes);
  return append(element, ...children);
}

/** Creates an SVG element (geometry goes in attributes, colours in classes). */
export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attributes);
  return append(element, ...children);
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

export function replaceChildren(element, ...children) {
  clear(element);
  return append(element, ...children);
}

// ---- formatting ----------------------------------------------------------------------------------------------

const numberFormat = new Intl.NumberFormat(undefined);
export const formatNumber = (value) => (value === null || value === undefined ? "–" : numberFormat.format(value));

/** 850 → "850 ms", 1234 → "1.2 s", 184000 → "3 min 4 s", 3720000 → "1 h 2 min". */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = Math.round(seconds - minutes * 60);
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes - hours * 60;
  return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function parseDate(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "in 5 hours", "3 minutes ago". */
export function formatRelative(iso, now = Date.now()) {
  const date = parseDate(iso);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - now) / 1000);
  const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "second") return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return "";
}

/** A <time> element with the local date and time; the ISO value stays machine-readable. */
export function timeElement(iso, { relative = false } = {}) {
  const date = parseDate(iso);
  if (!date) return h("span", { class: "muted" }, "–");
  const text = dateFormat.format(date);
  return h("time", { datetime: date.toISOString(), title: date.toISOString() },
    relative ? `${text} (${formatRelative(iso)})` : text);
}

export function formatUptime(seconds) {
  return formatDuration((seconds || 0) * 1000);
}

/** Status words as people read them. */
export const STATUS_LABELS = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  partially_failed: "partially failed",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

export const FINISHED_STATUSES = new Set(["succeeded", "partially_failed", "failed", "cancelled", "interrupted"]);

export const OUTCOME_KINDS = ["created", "updated", "drift_corrected", "unchanged", "archived", "deleted", "failed", "skipped"];

export function statusBadge(status) {
  return h("span", { class: ["badge", `status-${status}`] }, STATUS_LABELS[status] || status || "unknown");
}

export function outcomeBadge(kind) {
  return h("span", { class: ["badge", `outcome-${kind}`] }, kind);
}

/** Inline text with `code` spans, as nodes (for headings, summaries, table cells). */
export function inlineText(text) {
  if (!text) return [];
  return String(text).replace(/\s*\n\s*/g, " ").split("`").map((part, index) =>
    (index % 2 === 1 ? h("code", {}, part) : part)).filter((part) => part !== "");
}

/** Renders text with `code` spans (the API descriptions use Markdown backticks), paragraph by paragraph. */
export function richText(text, tag = "p") {
  if (!text) return [];
  return String(text).trim().split(/\n\s*\n/).map((paragraph) => {
    const element = h(tag, { class: "rich" });
    paragraph.replace(/\s*\n\s*/g, " ").split("`").forEach((part, index) => {
      if (!part) return;
      append(element, index % 2 === 1 ? h("code", {}, part) : part);
    });
    return element;
  });
}

// ---- record links (RecordLinks of GET /orders and GET /runs/{id}) ---------------------------------------------------

/** The base URL without trailing slashes when it is an http(s) URL; null otherwise (then nothing is linked). */
export function linkBase(base) {
  if (typeof base !== "string" || !base.trim()) return null;
  try {
    const url = new URL(base.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  } catch {
    return null;
  }
  return base.trim().replace(/\/+$/, "");
}

/** `<odooWeb>/web#id=<id>&model=<model>&view_type=form`, or null without a base or an id. */
export function odooRecordUrl(links, model, id) {
  const base = linkBase(links && links.odooWeb);
  if (!base || !id || Number(id) <= 0) return null;
  return `${base}/web#id=${encodeURIComponent(String(id))}&model=${encodeURIComponent(model)}&view_type=form`;
}

/** `<medusaAdmin>/<kind>/<id>` (kind "orders" or "products"), or null without a base or an id. */
export function medusaAdminUrl(links, kind, id) {
  const base = linkBase(links && links.medusaAdmin);
  if (!base || !id) return null;
  return `${base}/${kind}/${encodeURIComponent(String(id))}`;
}

/** A link that opens in a new tab (without the opener or a referrer), or the content alone when there is no URL. */
export function externalLink(url, content, attributes = {}) {
  if (!url) return h("span", attributes, content);
  return h("a", { title: "Opens in a new tab", ...attributes, href: url, target: "_blank", rel: "noopener noreferrer",
    class: ["external", attributes.class] }, content);
}
