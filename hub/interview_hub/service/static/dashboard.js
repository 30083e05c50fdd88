"use strict";
(function () {
  const { api, prefix, formatTime } = window.ip;
  const form = document.getElementById("filters");
  const indicator = document.getElementById("live-indicator");
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  function card(i) {
    const actions = [];
    if (i.can_join) actions.push(`<a class="btn btn-sm btn-success" href="${esc(i.meeting_url)}">Join</a>`);
    actions.push(`<a class="btn btn-sm btn-outline-primary" href="${prefix}interviews/${esc(i.id)}">Open</a>`);
    if (["completed", "succeeded", "failed"].includes(i.status)) {
      const rate = i.interviewers.includes(window.ip.me) && i.status === "completed";
      actions.push(rate
        ? `<a class="btn btn-sm btn-outline-secondary" href="${prefix}interviews/${esc(i.id)}/feedback">Rate interview</a>`
        : `<a class="btn btn-sm btn-outline-secondary" href="${prefix}interviews/${esc(i.id)}/report">Report</a>`);
    }
    return `<div class="col-md-6 col-lg-4"><article class="card h-100" data-interview="${esc(i.id)}">
      <div class="card-body">
        <h3 class="h6 card-title"><a href="${prefix}interviews/${esc(i.id)}">${esc(i.title)}</a></h3>
        <p class="card-text small mb-2"><time datetime="${esc(i.starts_at)}">${esc(formatTime(i.starts_at))}</time> · ${i.duration_min} min</p>
        <p class="card-text small mb-2">Candidate <strong>${esc(i.candidate)}</strong><br>Panel ${esc(i.interviewers.join(", "))}</p>
        <div class="d-flex gap-2">${actions.join("")}</div>
      </div></article></div>`;
  }
  let loading = null;
  async function load() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) params.set(key, value);
    if (params.get("to")) params.set("to", `${params.get("to")}T23:59:59`);
    const query = params.toString();
    const run = (loading = api("GET", `interviews${query ? `?${query}` : ""}`));
    const data = await run;
    if (run !== loading) return; // a newer request is under way
    document.getElementById("dashboard-loading")?.remove();
    document.querySelectorAll("[data-group]").forEach((section) => {
      const items = data.items.filter((i) => i.status === section.dataset.group);
      section.querySelector(".cards").innerHTML = items.map(card).join("");
      section.querySelector(".count").textContent = items.length;
      section.querySelector(".empty").classList.toggle("d-none", items.length > 0);
    });
  }
  let timer;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  form.addEventListener("reset", () => setTimeout(load, 0));
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  function connect() {
    const events = window.ip.events("events");
    events.addEventListener("open", () => { indicator.textContent = "Live updates on"; load(); });
    events.addEventListener("interview", () => load());
    events.addEventListener("error", () => { indicator.textContent = "Reconnecting…"; });
  }
  load().catch((error) => { indicator.textContent = error.message; });
  connect();
  setInterval(load, 60000); // statuses also change with the clock (upcoming → live → completed)
})();
