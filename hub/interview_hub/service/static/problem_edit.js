"use strict";
(function () {
  const { api, prefix } = window.ip;
  const form = document.getElementById("problem-form");
  const data = JSON.parse(document.getElementById("problem-data").textContent || "{}");
  const editing = Boolean(form.dataset.slug);
  const template = document.getElementById("test-row");
  function addTest(kind, test = {}) {
    const rows = form.querySelector(`.tests[data-kind="${kind}"] .rows`);
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelector(".test-name").value = test.name || String(rows.children.length + 1).padStart(2, "0");
    row.querySelector(".test-input").value = test.input || "";
    row.querySelector(".test-output").value = test.output || "";
    row.querySelector(".remove-test").addEventListener("click", () => row.remove());
    rows.append(row);
    return row;
  }
  form.querySelectorAll(".add-test").forEach((button) => button.addEventListener("click", () => {
    addTest(button.closest(".tests").dataset.kind).querySelector(".test-input").focus();
  }));
  if (editing) {
    for (const key of ["slug", "title", "difficulty", "time_limit_s", "memory_limit_mb", "checker", "expected_complexity", "statement"]) {
      if (data[key] !== undefined && data[key] !== null) form.elements[key].value = data[key];
    }
    form.elements.topics.value = (data.topics || []).join(", ");
    form.querySelectorAll(".starter").forEach((area) => { area.value = (data.starters || {})[area.dataset.lang] || ""; });
    (data.visible || []).forEach((t) => addTest("visible", t));
    (data.hidden || []).forEach((t) => addTest("hidden", t));
    document.getElementById("solution-python").value = (data.solutions || {}).python || "";
  } else {
    addTest("visible");
    addTest("hidden");
  }
  const tests = (kind) => [...form.querySelectorAll(`.tests[data-kind="${kind}"] .test-row`)].map((row) => ({
    name: row.querySelector(".test-name").value.trim(),
    input: row.querySelector(".test-input").value,
    output: row.querySelector(".test-output").value,
  }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    form.querySelectorAll("[data-field]").forEach((el) => { el.textContent = ""; });
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    const box = document.getElementById("problem-error");
    box.classList.add("d-none");
    const starters = {};
    form.querySelectorAll(".starter").forEach((area) => { if (area.value.trim()) starters[area.dataset.lang] = area.value; });
    const solution = document.getElementById("solution-python").value;
    const body = {
      slug: form.elements.slug.value.trim(),
      title: form.elements.title.value.trim(),
      difficulty: form.elements.difficulty.value,
      topics: form.elements.topics.value.split(",").map((t) => t.trim()).filter(Boolean),
      statement: form.elements.statement.value,
      starters,
      visible: tests("visible"),
      hidden: tests("hidden"),
      solutions: solution.trim() ? { ...(data.solutions || {}), python: solution } : (data.solutions || {}),
      time_limit_s: Number(form.elements.time_limit_s.value),
      memory_limit_mb: Number(form.elements.memory_limit_mb.value),
      checker: form.elements.checker.value,
      expected_complexity: form.elements.expected_complexity.value.trim() || null,
    };
    const button = document.getElementById("problem-submit");
    button.disabled = true;
    button.textContent = "Saving…";
    try {
      const saved = await api(editing ? "PUT" : "POST", editing ? `problems/${form.dataset.slug}` : "problems", body);
      window.location.assign(`${prefix}problems/${saved.slug}`);
    } catch (error) {
      for (const { field, message } of (error.data && error.data.fields) || []) {
        const slot = form.querySelector(`[data-field="${field.split(".")[0]}"]`);
        if (slot) slot.textContent = message;
        form.elements[field]?.classList?.add("is-invalid");
      }
      box.textContent = error.message;
      box.classList.remove("d-none");
      box.focus();
      button.disabled = false;
      button.textContent = "Save problem";
    }
  });
})();
