// The llm-router dashboard: polls the pipeline's JSON endpoints every second and draws with inline SVG.
// No libraries: the page must work where only the pipeline itself is reachable.
"use strict";

const POLL_MS = 1000;
const LIVE_POINTS = 600;
const SVG = "http://www.w3.org/2000/svg";
const live = [];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? "" : String(child)));
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// lenient: the body is wanted whatever the status (health answers 503 with its reasons when DOWN).
async function getJson(path, lenient) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok && !lenient) throw new Error(path + ": " + response.status + " " + ((body.error && body.error.message) || ""));
  return body;
}

const usd = micros => (micros / 1e6).toFixed(micros >= 1e6 ? 2 : 6);
const percent = ratio => (100 * ratio).toFixed(1) + "%";
const time = iso => new Date(iso).toISOString().substring(11, 19);

function replaceRows(tableId, rows, empty) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "11", class: "muted" }, empty))]));
}

function renderHealth(health) {
  const badge = document.getElementById("health");
  badge.textContent = health.status;
  badge.dataset.status = health.status;
  document.getElementById("streams-state").textContent = health.streams ? "streams: " + health.streams : "workers only";
  document.getElementById("in-flight").textContent = health.inFlight;
}

function renderTotals(models) {
  const total = models.total;
  document.getElementById("calls-total").textContent = total.calls;
  document.getElementById("spend-total").textContent = usd(total.costMicros);
  document.getElementById("premium-total").textContent = usd(total.premiumCostMicros);
  if (models.premiumModel) document.getElementById("premium-model").textContent = models.premiumModel;
  const saved = total.premiumCostMicros - total.costMicros;
  document.getElementById("savings").textContent = total.premiumCostMicros > 0 ? percent(saved / total.premiumCostMicros) : "–";
  document.getElementById("savings-usd").textContent = total.premiumCostMicros > 0 ? usd(saved) + " USD" : "";
  live.push({ at: Date.now(), cost: total.costMicros, premium: total.premiumCostMicros });
  if (live.length > LIVE_POINTS) live.shift();
}

function renderRequestsPerModel(models) {
  const target = document.getElementById("requests-per-model");
  if (!models.models.length) return;
  const rowHeight = 22, labelWidth = 230, width = 640, height = models.models.length * rowHeight + 6;
  const max = Math.max(...models.models.map(m => m.calls), 1);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "billed calls per model" });
  models.models.forEach((model, i) => {
    const y = i * rowHeight + 3;
    const barWidth = Math.max(2, (width - labelWidth - 90) * model.calls / max);
    chart.append(svg("text", { x: labelWidth - 6, y: y + 14, "text-anchor": "end", "font-size": 12, class: "model-name" }, model.key));
    chart.append(svg("rect", { x: labelWidth, y: y + 2, width: barWidth, height: rowHeight - 6, fill: "#2f6fde", rx: 2 }));
    chart.append(svg("text", { x: labelWidth + barWidth + 6, y: y + 14, "font-size": 12 },
      model.calls + " · $" + usd(model.costMicros)));
  });
  target.replaceChildren(chart);
}

function lineChart(points, series, width, height) {
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const left = 70, bottom = 18, top = 6;
  const maxY = Math.max(...points.flatMap(p => series.map(s => p[s.key])), 1);
  const minX = points[0].at, maxX = Math.max(points[points.length - 1].at, minX + 1);
  const x = at => left + (width - left - 8) * (at - minX) / (maxX - minX);
  const y = value => top + (height - top - bottom) * (1 - value / maxY);
  chart.append(svg("line", { x1: left, y1: y(0), x2: width - 8, y2: y(0), stroke: "#dde3e9" }));
  chart.append(svg("text", { x: left - 6, y: y(maxY) + 10, "text-anchor": "end", "font-size": 11, fill: "#6b7785" }, "$" + usd(maxY)));
  chart.append(svg("text", { x: left - 6, y: y(0), "text-anchor": "end", "font-size": 11, fill: "#6b7785" }, "$0"));
  chart.append(svg("text", { x: left, y: height - 2, "font-size": 11, fill: "#6b7785" }, new Date(minX).toISOString().substring(11, 19)));
  chart.append(svg("text", { x: width - 8, y: height - 2, "text-anchor": "end", "font-size": 11, fill: "#6b7785" },
    new Date(maxX).toISOString().substring(11, 19)));
  for (const s of series) {
    const path = points.map((p, i) => (i ? "L" : "M") + x(p.at).toFixed(1) + "," + y(p[s.key]).toFixed(1)).join(" ");
    chart.append(svg("path", { d: path, fill: "none", stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash || "" }));
  }
  return chart;
}

function renderSpendLive() {
  if (live.length < 2) return;
  document.getElementById("spend-live").replaceChildren(lineChart(live, [
    { key: "premium", color: "#9aa5b1", dash: "5 4" }, { key: "cost", color: "#2f6fde" }], 640, 180));
}

function renderSpendHourly(timeline) {
  const buckets = timeline.buckets;
  const width = 640, height = 110, bottom = 16;
  const max = Math.max(...buckets.map(b => b.premiumCostMicros), 1);
  const step = width / buckets.length;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "spend per hour" });
  buckets.forEach((bucket, i) => {
    const premium = (height - bottom) * bucket.premiumCostMicros / max;
    const cost = (height - bottom) * bucket.costMicros / max;
    chart.append(svg("rect", { x: i * step + 1, y: height - bottom - premium, width: step - 2, height: premium, fill: "#dde3e9" }));
    const bar = svg("rect", { x: i * step + 1, y: height - bottom - cost, width: step - 2, height: cost, fill: "#2f6fde" });
    bar.append(svg("title", {}, bucket.start.substring(11, 16) + " UTC: $" + usd(bucket.costMicros)));
    chart.append(bar);
    if (i % 6 === 0) chart.append(svg("text", { x: i * step, y: height - 3, "font-size": 10, fill: "#6b7785" }, bucket.start.substring(11, 16)));
  });
  document.getElementById("spend-hourly").replaceChildren(chart);
}

function renderBudgets(data) {
  replaceRows("budgets", data.budgets.map(b => {
    const used = Math.min(b.usage, 1);
    return el("tr", { class: b.usage >= 1 ? "over" : b.usage >= 0.8 ? "near" : "" },
      el("td", {}, b.holder), el("td", {}, b.period),
      el("td", { class: "num" }, usd(b.spentMicros + b.reservedMicros) + " / " + usd(b.limitMicros)),
      el("td", {}, el("span", { class: "bar" }, el("span", { style: "width:" + (100 * used).toFixed(1) + "%" })), " ", percent(b.usage)));
  }), "no budget used yet");
}

function renderProviders(data) {
  const rows = [];
  for (const provider of data.providers) {
    for (const model of provider.models) {
      rows.push(el("tr", {},
        el("td", {}, provider.provider + "/" + model.model),
        el("td", { class: "state-" + model.circuit }, model.circuit),
        el("td", { class: "num" }, model.calls), el("td", { class: "num" }, percent(model.errorRate)),
        el("td", { class: "num" }, model.recentFailureRatePercent < 0 ? "–" : model.recentFailureRatePercent.toFixed(1) + "%")));
    }
  }
  replaceRows("providers", rows, "no provider called yet");
}

function renderDecisions(data) {
  replaceRows("decisions", data.decisions.map(d => el("tr", { "data-request-id": d.requestId },
    el("td", {}, time(d.completedAt)), el("td", {}, d.userId),
    el("td", { class: "status-" + d.status }, d.status),
    el("td", {}, d.complexity ? (d.complexity + "/" + d.category).toLowerCase() : "–"),
    el("td", { class: "tier" }, d.tier || "–"), el("td", { class: "reason" }, d.reason || "–"),
    el("td", { class: "small" }, d.status === "OK" ? d.reasonDetail : (d.error || d.reasonDetail)),
    el("td", { class: "answered-by" }, d.answeredBy || "–"),
    el("td", { class: "num" }, d.callsMade), el("td", { class: "num" }, d.costUsd),
    el("td", { class: "num" }, d.latencyMs + " ms"))), "no decisions yet");
}

async function refresh() {
  const parts = [
    ["/api/health", renderHealth, true],
    ["/api/spend/models?window=day", m => { renderTotals(m); renderRequestsPerModel(m); renderSpendLive(); }],
    ["/api/spend/timeline?window=hour&last=24", renderSpendHourly],
    ["/api/budgets?top=10", renderBudgets],
    ["/api/providers", renderProviders],
    ["/api/decisions/recent?limit=25", renderDecisions],
  ];
  const results = await Promise.allSettled(parts.map(([path, render, lenient]) => getJson(path, lenient).then(render)));
  const errors = results.filter(r => r.status === "rejected").map(r => r.reason.message);
  document.getElementById("errors").textContent = errors.join(" · ");
  if (errors.length === parts.length) {
    const badge = document.getElementById("health");
    badge.textContent = "unreachable";
    badge.dataset.status = "unreachable";
  }
  document.getElementById("updated").textContent = "updated " + new Date().toISOString().substring(11, 19) + " UTC";
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
}

async function loop() {
  await refresh();
  setTimeout(loop, POLL_MS);
}

loop();
