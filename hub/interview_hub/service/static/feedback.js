"use strict";
(function () {
  const { api } = window.ip;
  const id = document.getElementById("feedback-page").dataset.id;
  function fail(box, error) {
    box.textContent = error.message;
    box.classList.remove("d-none");
    box.focus?.();
  }
  const form = document.getElementById("feedback-form");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = document.getElementById("feedback-error");
    box.classList.add("d-none");
    const rubric = {};
    let missing = [];
    form.querySelectorAll(".rubric-row").forEach((row) => {
      const picked = row.querySelector("input:checked");
      if (picked) rubric[row.dataset.key] = Number(picked.value);
      else missing.push(row.querySelector("legend").textContent);
    });
    const rating = form.querySelector('input[name="rating"]:checked');
    if (!rating) missing.unshift("Overall rating");
    if (!form.elements.recommendation.value) missing.push("Recommendation");
    if (missing.length) {
      fail(box, new Error(`Please choose: ${missing.join(", ")}.`));
      return;
    }
    const button = document.getElementById("feedback-submit");
    button.disabled = true;
    button.textContent = "Saving…";
    try {
      await api("PUT", `interviews/${id}/feedback`, {
        rating: Number(rating.value), rubric,
        comments: form.elements.comments.value,
        recommendation: form.elements.recommendation.value,
      });
      window.location.reload();
    } catch (error) {
      fail(box, error);
      button.disabled = false;
      button.textContent = "Submit feedback";
    }
  });
  const decision = document.getElementById("decision-form");
  decision?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = document.getElementById("decision-error");
    box.classList.add("d-none");
    const choice = decision.querySelector('input[name="decision"]:checked');
    if (!choice) { fail(box, new Error("Choose Pass or Fail.")); return; }
    const button = document.getElementById("decision-submit");
    button.disabled = true;
    try {
      await api("POST", `interviews/${id}/decision`, { decision: choice.value, reason: decision.elements.reason.value });
      window.location.reload();
    } catch (error) {
      fail(box, error);
      button.disabled = false;
    }
  });
})();
