"use strict";
(function () {
  const { api, prefix, localise } = window.ip;
  const root = document.getElementById("interview");
  const id = root.dataset.id;
  const params = new URLSearchParams(window.location.search);
  const warnings = document.getElementById("warnings");
  const notes = [];
  if (params.get("warnings")) notes.push(...params.get("warnings").split("\n"));
  if (params.get("invited")) notes.push(`An account “${params.get("invited")}” was created and the candidate was emailed a set-password link.`);
  if (params.get("joined")) notes.push("You are in the interview window. The shared notebook opens here once interview servers are enabled.");
  if (notes.length) {
    warnings.textContent = notes.join(" ");
    warnings.classList.remove("d-none");
  }
  const form = document.getElementById("reschedule-form");
  if (form) {
    const when = document.getElementById("interview-when").getAttribute("datetime");
    const zone = form.elements.timezone.value;
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date(when)).map((p) => [p.type, p.value]));
    form.elements.date.value = `${parts.year}-${parts.month}-${parts.day}`;
    form.elements.time.value = `${parts.hour}:${parts.minute}`;
  }
  const errorBox = document.getElementById("manage-error");
  async function act(button, label, fn) {
    errorBox?.classList.add("d-none");
    button.disabled = true;
    const old = button.textContent;
    button.textContent = label;
    try {
      await fn();
      window.location.reload();
    } catch (error) {
      errorBox.textContent = error.message;
      errorBox.classList.remove("d-none");
      button.disabled = false;
      button.textContent = old;
    }
  }
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    act(form.querySelector("button"), "Saving…", () => api("PATCH", `interviews/${id}`, {
      date: form.elements.date.value,
      time: form.elements.time.value,
      timezone: form.elements.timezone.value,
      duration_min: Number(form.elements.duration_min.value),
    }));
  });
  document.getElementById("cancel-button")?.addEventListener("click", (event) => {
    const reason = window.prompt("Cancel this interview for everyone? Optional reason:", "");
    if (reason === null) return;
    act(event.currentTarget, "Cancelling…", () => api("DELETE", `interviews/${id}`, { reason }));
  });
  document.getElementById("end-button")?.addEventListener("click", (event) => {
    if (!window.confirm("End this interview for everyone?")) return;
    act(event.currentTarget, "Ending…", () => api("POST", `interviews/${id}/end`));
  });
  // keep status and the Join button current: on live events and when the window opens
  async function refresh() {
    try {
      const data = await api("GET", `interviews/${id}`);
      const badge = document.getElementById("interview-status");
      badge.textContent = data.status;
      badge.className = `badge status-${data.status}`;
      const join = document.getElementById("join-button");
      if (join) {
        join.classList.toggle("disabled", !data.can_join);
        if (data.can_join) { join.removeAttribute("aria-disabled"); join.removeAttribute("tabindex"); document.getElementById("join-hint").textContent = ""; }
      }
    } catch (error) { /* keep the page as it is */ }
  }
  const notesBox = document.getElementById("notes-text");
  if (notesBox) {
    const status = document.getElementById("notes-status");
    let timer;
    let saving = Promise.resolve();
    api("GET", `interviews/${id}/notes`).then((data) => { notesBox.value = data.mine.text; });
    const save = () => {
      status.textContent = "Saving…";
      saving = saving.then(() => api("PUT", `interviews/${id}/notes`, { text: notesBox.value }))
        .then((saved) => { status.textContent = `Saved ${new Date(saved.updated_at).toLocaleTimeString()}`; })
        .catch((error) => { status.textContent = `Not saved: ${error.message}`; });
    };
    notesBox.addEventListener("input", () => { clearTimeout(timer); status.textContent = "Editing…"; timer = setTimeout(save, 600); });
    notesBox.addEventListener("blur", () => { clearTimeout(timer); save(); });
  }
  const events = window.ip.events("events");
  events.addEventListener("interview", (event) => { if (JSON.parse(event.data).id === id) refresh(); });
  setInterval(refresh, 30000);
  localise(root);
})();
