"use strict";
(function () {
  const { api, prefix } = window.ip;
  const form = document.getElementById("schedule-form");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [zone];
  const zoneList = document.getElementById("timezones");
  zoneList.append(...[...new Set(["UTC", ...zones])].map((z) => Object.assign(document.createElement("option"), { value: z })));
  form.elements.timezone.value = zone;
  // default: the next full hour tomorrow, in the scheduler's zone
  const start = new Date(Date.now() + 24 * 3600 * 1000);
  start.setMinutes(0, 0, 0);
  const pad = (n) => String(n).padStart(2, "0");
  form.elements.date.value = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
  form.elements.time.value = `${pad(start.getHours())}:00`;

  const panel = [];
  const chips = document.getElementById("interviewer-chips");
  function renderChips() {
    chips.replaceChildren(...panel.map((name) => {
      const li = document.createElement("li");
      li.className = "list-inline-item badge text-bg-light border";
      li.textContent = name + " ";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-sm ms-1";
      remove.setAttribute("aria-label", `Remove ${name}`);
      remove.addEventListener("click", () => { panel.splice(panel.indexOf(name), 1); renderChips(); });
      li.append(remove);
      return li;
    }));
  }
  async function suggest(input, list, role) {
    const q = input.value.trim();
    try {
      const people = await api("GET", `users?role=${role}&q=${encodeURIComponent(q)}`);
      list.replaceChildren(...people.items.map((p) => Object.assign(document.createElement("option"), { value: p.username })));
    } catch (error) {
      /* suggestions are a convenience; the server validates the final choice */
    }
  }
  let timer;
  const debounce = (fn) => { clearTimeout(timer); timer = setTimeout(fn, 150); };
  const candidate = document.getElementById("candidate");
  candidate.addEventListener("input", () => debounce(() => suggest(candidate, document.getElementById("candidate-options"), "candidate")));
  const search = document.getElementById("interviewer-search");
  search.addEventListener("input", () => debounce(() => suggest(search, document.getElementById("interviewer-options"), "interviewer")));
  function addInterviewer() {
    const name = search.value.trim();
    if (name && !panel.includes(name)) panel.push(name);
    search.value = "";
    renderChips();
  }
  document.getElementById("add-interviewer").addEventListener("click", addInterviewer);
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); addInterviewer(); } });
  api("GET", "problems").then((bank) => {
    document.getElementById("problems").append(...bank.items.map((p) => Object.assign(
      document.createElement("option"), { value: p.slug, textContent: `${p.title} (${p.difficulty})` })));
  }).catch(() => { /* the bank is optional */ });
  suggest(candidate, document.getElementById("candidate-options"), "candidate");
  suggest(search, document.getElementById("interviewer-options"), "interviewer");

  form.querySelectorAll('input[name="candidate_mode"]').forEach((radio) => radio.addEventListener("change", () => {
    const byEmail = form.elements.candidate_mode.value === "email";
    document.getElementById("candidate-registered").classList.toggle("d-none", byEmail);
    document.getElementById("candidate-invite").classList.toggle("d-none", !byEmail);
  }));

  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    form.querySelectorAll("[data-field]").forEach((el) => { el.textContent = ""; });
    document.getElementById("form-error").classList.add("d-none");
  }
  function showErrors(error) {
    const fields = (error.data && error.data.fields) || [];
    let shown = false;
    for (const { field, message } of fields) {
      const name = field.split(".")[0];
      const slot = form.querySelector(`[data-field="${name}"]`);
      if (slot) { slot.textContent = message; shown = true; }
      const input = form.elements[name];
      if (input && input.classList) input.classList.add("is-invalid");
    }
    const box = document.getElementById("form-error");
    box.textContent = error.message;
    box.classList.remove("d-none");
    if (!shown) box.focus();
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const button = document.getElementById("schedule-submit");
    const byEmail = form.elements.candidate_mode.value === "email";
    const body = {
      title: form.elements.title.value,
      description: form.elements.description.value,
      date: form.elements.date.value,
      time: form.elements.time.value,
      timezone: form.elements.timezone.value,
      duration_min: Number(form.elements.duration_min.value),
      interviewers: panel,
      language: form.elements.language.value,
      problems: [...form.elements.problems.selectedOptions].map((o) => o.value),
      position: form.elements.position.value.trim(),
    };
    if (byEmail) body.candidate_email = form.elements.candidate_email.value.trim();
    else body.candidate = candidate.value.trim();
    button.disabled = true;
    button.textContent = "Scheduling…";
    try {
      const saved = await api("POST", "interviews", body);
      const params = new URLSearchParams();
      if (saved.warnings.length) params.set("warnings", saved.warnings.join("\n"));
      if (saved.invited && saved.invited.created) params.set("invited", saved.invited.username);
      window.location.assign(`${prefix}interviews/${saved.interview.id}?${params}`);
    } catch (error) {
      showErrors(error);
      button.disabled = false;
      button.textContent = "Schedule interview";
    }
  });
})();
