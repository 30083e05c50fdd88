"use strict";
(function () {
  const { api, announce } = window.ip;
  function busy(button, on) {
    button.disabled = on;
    if (on) button.dataset.label = button.textContent;
    button.textContent = on ? "Working…" : button.dataset.label || button.textContent;
  }
  document.querySelectorAll("form.role-change").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const user = form.dataset.user;
      const button = form.querySelector("button");
      const role = form.elements.role.value || null;
      busy(button, true);
      try {
        const person = await api("PUT", `users/${encodeURIComponent(user)}/role`, {
          role,
          reason: form.elements.reason.value,
        });
        form.closest("tr").querySelector(".role-cell").textContent = person.role || "— not chosen —";
        form.elements.reason.value = "";
        announce(`Role of ${user} saved.`);
      } catch (error) {
        alert(error.message);
      } finally {
        busy(button, false);
      }
    });
  });
  document.querySelectorAll("button.set-password-link").forEach((button) => {
    button.addEventListener("click", async () => {
      const user = button.dataset.user;
      busy(button, true);
      try {
        const link = await api("POST", `users/${encodeURIComponent(user)}/set-password-link`);
        const output = button.parentElement.querySelector(".link-output");
        output.value = link.url;
        output.classList.remove("d-none");
        output.focus();
        output.select();
        announce(`Link for ${user} created; valid ${link.expires_in_days} days, once.`);
      } catch (error) {
        alert(error.message);
      } finally {
        busy(button, false);
      }
    });
  });
  const codeForm = document.getElementById("new-code-form");
  codeForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = codeForm.querySelector("button");
    busy(button, true);
    try {
      const created = await api("POST", "invitation-codes", {
        note: codeForm.elements.note.value,
        max_uses: Number(codeForm.elements.max_uses.value),
        valid_days: Number(codeForm.elements.valid_days.value),
      });
      const box = document.getElementById("new-code");
      box.textContent = `New code: ${created.code} — copy it now; it is shown only once.`;
      box.classList.remove("d-none");
      box.focus();
      const tbody = document.querySelector("#codes-table tbody");
      tbody.querySelector("td[colspan]")?.parentElement.remove();
      const row = tbody.insertRow(0);
      row.dataset.id = created.id;
      for (const text of [`…${created.hint}`, created.note, `${created.uses} / ${created.max_uses}`,
        new Date(created.expires_at).toLocaleString(), created.created_by]) {
        row.insertCell().textContent = text;
      }
      row.insertCell().textContent = "new";
    } catch (error) {
      alert(error.message);
    } finally {
      busy(button, false);
    }
  });
  document.querySelectorAll("button.revoke-code").forEach((button) => {
    button.addEventListener("click", async () => {
      busy(button, true);
      try {
        await api("DELETE", `invitation-codes/${button.dataset.id}`);
        button.replaceWith(Object.assign(document.createElement("span"), {
          className: "badge text-bg-secondary", textContent: "revoked",
        }));
        announce("Code revoked.");
      } catch (error) {
        alert(error.message);
        busy(button, false);
      }
    });
  });
  const tokenForm = document.getElementById("new-token-form");
  tokenForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = tokenForm.querySelector("button");
    busy(button, true);
    try {
      const created = await api("POST", "tokens", { name: tokenForm.elements.name.value });
      const box = document.getElementById("new-token");
      box.textContent = `New token: ${created.token} — copy it now; it is shown only once.`;
      box.classList.remove("d-none");
      box.focus();
      const tbody = document.querySelector("#tokens-table tbody");
      tbody.querySelector("td[colspan]")?.parentElement.remove();
      const row = tbody.insertRow(0);
      for (const text of [`…${created.hint}`, created.name, created.created_by, "never", "new"]) {
        row.insertCell().textContent = text;
      }
      tokenForm.reset();
    } catch (error) {
      alert(error.message);
    } finally {
      busy(button, false);
    }
  });
  document.querySelectorAll("button.revoke-token").forEach((button) => {
    button.addEventListener("click", async () => {
      busy(button, true);
      try {
        await api("DELETE", `tokens/${button.dataset.id}`);
        button.replaceWith(Object.assign(document.createElement("span"), {
          className: "badge text-bg-secondary", textContent: "revoked",
        }));
        announce("Token revoked.");
      } catch (error) {
        alert(error.message);
        busy(button, false);
      }
    });
  });
  document.getElementById("retention-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const status = document.getElementById("retention-status");
    try {
      const saved = await api("PUT", "retention", { days: Number(form.elements.days.value) });
      status.textContent = `Saved: ${saved.days} days.` + (saved.purged.length ? ` Deleted the files of ${saved.purged.length} interview(s).` : "");
    } catch (error) {
      status.textContent = error.message;
    }
  });
  document.querySelectorAll("button.delete-user").forEach((button) => {
    button.addEventListener("click", async () => {
      const user = button.dataset.user;
      if (!window.confirm(`Delete the account of ${user}? Their name is removed from every report; scores stay.`)) return;
      busy(button, true);
      try {
        await api("DELETE", `users/${encodeURIComponent(user)}`);
        button.closest("tr").remove();
        announce(`${user} deleted.`);
      } catch (error) {
        alert(error.message);
        busy(button, false);
      }
    });
  });
})();
