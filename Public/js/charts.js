// Charts of the last runs, drawn as inline SVG by hand (no library, nothing fetched). Sizes are computed in pixels
// from the container's width (re-drawn on resize) so text stays readable at 375 px; colours come from CSS classes.

import { h, s, clear, append, formatDuration, formatNumber, STATUS_LABELS, OUTCOME_KINDS } from "./dom.js";

const HEIGHT = 170;
const SLOTS = 30; // the last 30 runs, a fixed slot each, so bars keep their width as history grows
const MARGIN = { top: 12, right: 8, bottom: 26, left: 58 };

/** 0 → 1, 7 → 10, 130 → 200, 3400 → 5000: a round axis maximum. */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/** A round maximum whose half is a whole number too (for counts: no "12.5 products" tick). */
export function niceCountMax(value) {
  if (!(value > 0)) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const scale of [power, power * 10]) {
    for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
      const candidate = Math.round(step * scale);
      if (candidate >= value && Number.isInteger(candidate / 2)) return candidate;
    }
  }
  return Math.ceil(value / 2) * 2;
}

function axis(svg, width, max, format) {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const group = s("g", { class: "chart-axis", "aria-hidden": "true" });
  for (const fraction of [0, 0.5, 1]) {
    const y = MARGIN.top + plotHeight * (1 - fraction);
    append(group,
      s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y, y2: y, class: fraction === 0 ? "chart-baseline" : "chart-grid" }),
      s("text", { x: MARGIN.left - 6, y: y + 4, "text-anchor": "end", class: "chart-label" }, format(max * fraction)));
  }
  append(svg, group);
}

function xLabels(svg, runs, slot) {
  const offset = SLOTS - runs.length;
  const group = s("g", { class: "chart-axis", "aria-hidden": "true" });
  const every = Math.max(1, Math.ceil(34 / slot)); // at least ~34 px between labels
  runs.forEach((run, index) => {
    const fromEnd = runs.length - 1 - index;
    if (fromEnd % every !== 0) return;
    const x = MARGIN.left + slot * (offset + index) + slot / 2;
    append(group, s("text", { x, y: HEIGHT - 8, "text-anchor": "middle", class: "chart-label" }, `#${run.id}`));
  });
  append(svg, group);
}

function countsSummary(counts) {
  return OUTCOME_KINDS.filter((kind) => counts && counts[kind]).map((kind) => `${kind} ${counts[kind]}`).join(", ") || "no products";
}

function frame(width, titleId, titleText, descText) {
  return s("svg", {
    width,
    height: HEIGHT,
    viewBox: `0 0 ${width} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": titleId,
    class: "chart-svg",
  }, s("title", { id: titleId }, `${titleText}. ${descText}`));
}

function durationChart(runs, width, idPrefix) {
  const max = niceMax(Math.max(0, ...runs.map((run) => run.durationMs || 0)));
  const finished = runs.filter((run) => run.durationMs !== undefined && run.durationMs !== null);
  const longest = finished.reduce((a, run) => Math.max(a, run.durationMs), 0);
  const svg = frame(width, `${idPrefix}-duration-title`, `Duration of the last ${runs.length} runs, oldest on the left`,
    finished.length ? `Longest ${formatDuration(longest)}; colour shows the status.` : "No run has finished yet.");
  axis(svg, width, max, (v) => (v === 0 ? "0" : formatDuration(v)));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / SLOTS;
  const offset = SLOTS - runs.length; // newest run in the rightmost slot
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  runs.forEach((run, index) => {
    const value = run.durationMs || 0;
    const barHeight = Math.max(run.durationMs ? 2 : 1, (value / max) * plotHeight);
    const x = MARGIN.left + slot * (offset + index) + (slot - barWidth) / 2;
    append(svg, s("rect", {
      x: x.toFixed(1), y: (MARGIN.top + plotHeight - barHeight).toFixed(1),
      width: barWidth.toFixed(1), height: barHeight.toFixed(1),
      class: ["bar", `bar-status-${run.status}`],
      "data-run-id": run.id,
    }, s("title", {}, `Run #${run.id}: ${STATUS_LABELS[run.status] || run.status}, ${run.durationMs !== undefined && run.durationMs !== null ? formatDuration(run.durationMs) : "not finished"}`)));
  });
  xLabels(svg, runs, slot);
  return svg;
}

function countsChart(runs, width, idPrefix) {
  const totals = runs.map((run) => OUTCOME_KINDS.reduce((sum, kind) => sum + ((run.counts && run.counts[kind]) || 0), 0));
  const max = niceCountMax(Math.max(0, ...totals));
  const failedRuns = runs.filter((run) => run.counts && run.counts.failed > 0).length;
  const svg = frame(width, `${idPrefix}-counts-title`, `Product outcomes of the last ${runs.length} runs, stacked by outcome`,
    `Most products in one run: ${formatNumber(Math.max(0, ...totals))}; runs with failed products: ${failedRuns}.`);
  axis(svg, width, max, (v) => formatNumber(Math.round(v)));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / SLOTS;
  const offset = SLOTS - runs.length; // newest run in the rightmost slot
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  runs.forEach((run, index) => {
    const x = MARGIN.left + slot * (offset + index) + (slot - barWidth) / 2;
    let y = MARGIN.top + plotHeight;
    const group = s("g", { class: "stack", "data-run-id": run.id }, s("title", {}, `Run #${run.id}: ${countsSummary(run.counts)}`));
    for (const kind of OUTCOME_KINDS) {
      const value = (run.counts && run.counts[kind]) || 0;
      if (!value) continue;
      const segment = (value / max) * plotHeight;
      y -= segment;
      append(group, s("rect", {
        x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: Math.max(0.5, segment).toFixed(1),
        class: ["bar", `bar-outcome-${kind}`],
      }));
    }
    append(svg, group);
  });
  xLabels(svg, runs, slot);
  return svg;
}

function legend(items) {
  return h("ul", { class: "legend" }, items.map(([cls, label]) => h("li", {}, h("span", { class: ["swatch", cls], "aria-hidden": "true" }), label)));
}

/** The two charts of the overview; `update(runs)` with runs newest first (as GET /runs returns them). */
export class RunsChart {
  constructor(container, idPrefix = "runs-chart") {
    this.container = container;
    this.idPrefix = idPrefix;
    this.runs = [];
    this.width = 0;
    this.frame = 0;
    this.observer = new ResizeObserver(() => {
      if (this.frame) return;
      // Drawn on the next frame, not inside the observer callback (no resize-loop warnings).
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        if (Math.abs(this.container.clientWidth - this.width) >= 8) this.draw();
      });
    });
    this.observer.observe(container);
  }

  update(runsNewestFirst) {
    this.runs = [...runsNewestFirst].slice(0, SLOTS).reverse();
    this.draw();
  }

  draw() {
    this.width = this.container.clientWidth;
    const width = Math.max(260, Math.floor(this.width));
    clear(this.container);
    if (this.runs.length === 0) {
      append(this.container, h("p", { class: "muted" }, "No runs yet: the charts appear after the first sync."));
      return;
    }
    const statuses = [...new Set(this.runs.map((run) => run.status))];
    append(this.container,
      h("figure", { class: "chart" },
        durationChart(this.runs, width, this.idPrefix),
        h("figcaption", {}, h("strong", {}, "Duration per run"), " — colour shows the status",
          legend(statuses.map((status) => [`bar-status-${status}`, STATUS_LABELS[status] || status])))),
      h("figure", { class: "chart" },
        countsChart(this.runs, width, this.idPrefix),
        h("figcaption", {}, h("strong", {}, "Products per run by outcome"),
          legend(OUTCOME_KINDS.map((kind) => [`bar-outcome-${kind}`, kind])))));
  }

  destroy() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.observer.disconnect();
  }
}
