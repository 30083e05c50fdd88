"use strict";
(function () {
  const { api, prefix, formatTime } = window.ip;
  const form = document.getElementById("review-filters");
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  async function load() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) params.set(key, value);
    if (params.get("to")) params.set("to", `${params.get("to")}T23:59:59`);
    const data = await api("GET", `reviews?${params}`);
    const body = document.querySelector("#reviews-table tbody");
    body.innerHTML = data.items.length ? data.items.map((r) => `<tr data-interview="${esc(r.id)}">
      <td>${esc(r.title)}</td><td>${esc(r.position) || '<span class="text-body-secondary">—</span>'}</td>
      <td>${esc(r.candidate)}</td><td>${esc(formatTime(r.starts_at))}</td>
      <td>${r.rating === null ? '<span class="text-body-secondary">no feedback</span>' : `${r.rating} / 5 (${r.feedback_count})`}</td>
      <td>${r.decision ? `<span class="badge ${r.decision === "pass" ? "text-bg-success" : "text-bg-danger"}">${esc(r.decision)}</span>` : '<span class="text-body-secondary">undecided</span>'}</td>
      <td><a class="btn btn-sm btn-outline-primary" href="${prefix}interviews/${esc(r.id)}/report">Report</a></td></tr>`).join("")
      : '<tr><td colspan="7" class="text-body-secondary">No completed interviews match.</td></tr>';
  }
  let timer;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  form.addEventListener("reset", () => setTimeout(load, 0));
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  window.ip.events("events").addEventListener("interview", () => load());
  load();
})();
