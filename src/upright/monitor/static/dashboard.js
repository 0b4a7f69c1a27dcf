// upright monitor dashboard: no dependencies; reads /api/* of the same server.
"use strict";
const CATS = ["coercion", "privacy", "security_code", "leak", "oversight_subversion"];
const COLORS = { coercion: "#c0392b", privacy: "#8e44ad", security_code: "#d35400", leak: "#2471a3", oversight_subversion: "#148f77" };
const $ = (sel) => document.querySelector(sel);

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
async function api(path) {
  const r = await fetch(path, { credentials: "same-origin" });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}
function catBadge(c) { return `<span class="cat" style="background:${COLORS[c] || "#555"}">${esc(c)}</span>`; }

function drawChart(summary) {
  const buckets = [...new Set(summary.over_time.map((r) => r.bucket))].sort();
  const byKey = {};
  for (const r of summary.over_time) byKey[r.bucket + "|" + r.category] = r.count;
  const totals = buckets.map((b) => CATS.reduce((s, c) => s + (byKey[b + "|" + c] || 0), 0));
  const max = Math.max(1, ...totals);
  const W = 640, H = 200, pad = 28, bw = Math.max(4, Math.min(40, (W - pad) / Math.max(1, buckets.length) - 4));
  let svg = `<svg viewBox="0 0 ${W} ${H + 30}" width="100%" xmlns="http://www.w3.org/2000/svg">`;
  svg += `<text x="0" y="12" font-size="10" fill="#6b7385">${max}</text><line x1="${pad}" y1="${H}" x2="${W}" y2="${H}" stroke="#ccc"/>`;
  buckets.forEach((b, i) => {
    const x = pad + i * (bw + 4);
    let y = H;
    for (const c of CATS) {
      const n = byKey[b + "|" + c] || 0;
      if (!n) continue;
      const h = (n / max) * (H - 10);
      y -= h;
      svg += `<rect class="bar" data-category="${c}" x="${x}" y="${y.toFixed(1)}" width="${bw}" height="${h.toFixed(1)}" fill="${COLORS[c]}"><title>${esc(b)} ${c}: ${n}</title></rect>`;
    }
    if (buckets.length <= 16 || i % Math.ceil(buckets.length / 8) === 0)
      svg += `<text x="${x}" y="${H + 14}" font-size="10" fill="#6b7385">${esc(b.slice(5))}</text>`;
  });
  $("#chart").innerHTML = svg + "</svg>";
  $("#legend").innerHTML = CATS.map((c) => `<span><i style="background:${COLORS[c]}"></i>${c} (${summary.by_category[c] || 0})</span>`).join("");
  $("#totals").textContent = `${summary.total} findings in ${summary.transcripts} transcripts`;
  $("#sources tbody").innerHTML = summary.top_sources
    .map((s) => `<tr><td>${esc(s.source)}</td><td>${esc(s.kind)}</td><td class="num">${s.findings}</td></tr>`).join("");
}

async function loadFindings() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters"))) if (v) params.set(k, v);
  params.set("limit", "200");
  const rows = await api("/api/findings?" + params);
  $("#findings tbody").innerHTML = rows.map((f) => `
    <tr class="finding" data-transcript="${f.transcript}" data-finding="${f.id}">
      <td>${esc(f.ts.slice(0, 19).replace("T", " "))}</td><td>${catBadge(f.category)}</td>
      <td class="sev-${esc(f.severity)}">${esc(f.severity)}</td><td class="num">${f.score.toFixed(2)}</td>
      <td>${esc(f.detector)}</td><td>${esc(f.source)}</td><td>${esc(f.transcript_id)}</td>
      <td class="quote">${esc(f.evidence.map((s) => s.text).join(" … "))}</td></tr>`).join("")
    || `<tr><td colspan="8" class="muted">no findings</td></tr>`;
}

function highlight(text, spans, focus) {
  // spans: [{start, end, finding, category}] over `text`; overlapping spans are merged.
  const sorted = spans.filter((s) => s.end > s.start && s.start < text.length).sort((a, b) => a.start - b.start);
  let out = "", pos = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, pos), end = Math.min(s.end, text.length);
    if (end <= start) continue;
    out += esc(text.slice(pos, start));
    const cls = "ev" + (s.finding === focus ? " focus" : "");
    out += `<mark class="${cls}" data-finding="${s.finding}" title="${esc(s.category + ": " + s.detector)}">${esc(text.slice(start, end))}</mark>`;
    pos = end;
  }
  return out + esc(text.slice(pos));
}

async function showTranscript(pk, focus) {
  const t = await api("/api/transcripts/" + encodeURIComponent(pk));
  $("#overview").hidden = true;
  $("#transcript").hidden = false;
  $("#t-title").textContent = `transcript ${t.transcript_id}`;
  const meta = { source: `${t.source} (${t.source_kind})`, observed: t.observed_at, eval: t.eval_id, task: t.task, condition: t.condition_id, redacted: t.redacted ? "yes" : "no" };
  $("#t-meta").innerHTML = Object.entries(meta).filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join("");
  $("#t-findings").innerHTML = "<ul>" + t.findings.map((f) =>
    `<li data-finding="${f.id}">${catBadge(f.category)} <span class="sev-${esc(f.severity)}">${esc(f.severity)}</span> ${f.score.toFixed(2)} · ${esc(f.detector)} v${esc(f.detector_version)} · message ${f.message_index}${f.rationale ? " · " + esc(f.rationale) : ""}</li>`).join("") + "</ul>";
  const spans = {};
  for (const f of t.findings)
    for (const s of f.evidence)
      (spans[f.message_index + "|" + s.field] ||= []).push({ ...s, finding: f.id, category: f.category, detector: f.detector });
  $("#t-messages").innerHTML = t.messages.map((m, i) => {
    let html = `<div class="msg" data-index="${i}"><div class="role">${i} · ${esc(m.role)}${m.name ? " · " + esc(m.name) : ""}</div>`;
    if (m.content) html += `<pre>${highlight(m.content, spans[i + "|content"] || [], focus)}</pre>`;
    (m.tool_calls || []).forEach((c, j) => {
      html += `<div class="call"><b>${esc(c.function)}</b>`;
      for (const [k, v] of Object.entries(c.arguments || {})) {
        const field = `tool_calls[${j}].arguments.${k}`;
        const text = typeof v === "string" ? v : JSON.stringify(v);
        html += `<pre>${esc(k)}: ${highlight(text, spans[i + "|" + field] || [], focus)}</pre>`;
      }
      html += "</div>";
    });
    return html + "</div>";
  }).join("");
  const first = document.querySelector("mark.ev.focus") || document.querySelector("mark.ev");
  if (first) first.scrollIntoView({ block: "center" });
}

async function route() {
  const m = location.hash.match(/^#\/transcripts\/(\d+)(?:\?finding=(\d+))?/);
  if (m) return showTranscript(m[1], m[2] ? Number(m[2]) : null);
  $("#transcript").hidden = true;
  $("#overview").hidden = false;
  drawChart(await api("/api/summary?bucket=day"));
  await loadFindings();
}

document.addEventListener("DOMContentLoaded", () => {
  $("#filters select[name=category]").innerHTML += CATS.map((c) => `<option>${c}</option>`).join("");
  $("#filters").addEventListener("change", loadFindings);
  $("#findings").addEventListener("click", (e) => {
    const tr = e.target.closest("tr.finding");
    if (tr) location.hash = `#/transcripts/${tr.dataset.transcript}?finding=${tr.dataset.finding}`;
  });
  window.addEventListener("hashchange", () => route().catch(showError));
  route().catch(showError);
});
function showError(e) { $("#totals").textContent = "error: " + e.message; }
