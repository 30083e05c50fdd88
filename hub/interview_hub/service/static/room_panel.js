/* The room's panels, framed by the interview's JupyterLab (templates/room_panel*.html).
 *
 * This page is trusted (the service's origin); its parent, the lab page, is not (the candidate
 * controls every script on the interview server's origin). The two talk only through
 * postMessage: we post to the parent with the origin the service rendered into the page, and
 * accept a message only when it comes from our parent window on that origin. Nothing secret is
 * ever posted: notes, hidden tests and results stay in this page. See docs/architecture.md.
 */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("ip-data").textContent);
  const parentOrigin = data.parent_origin || "";
  const embedded = window.parent !== window && /^https?:\/\//.test(parentOrigin);
  const handlers = {};
  const interviewId = data.interview ? data.interview.id : "";
  const xsrf = document.querySelector('meta[name="xsrf-token"]').content;
  // countdowns follow the service's clock, not this machine's
  const skew = data.now ? Date.parse(data.now) - Date.now() : 0;
  const serverNow = () => Date.now() + skew;

  function post(message) {
    if (embedded) window.parent.postMessage(message, parentOrigin);
  }
  window.addEventListener("message", (event) => {
    if (!embedded || event.source !== window.parent || event.origin !== parentOrigin) return;
    const message = event.data;
    if (!message || typeof message !== "object" || typeof message.type !== "string") return;
    const handler = handlers[message.type];
    if (handler) handler(message);
  });

  function announce(text) {
    const region = document.getElementById("ip-announce");
    if (region) region.textContent = text;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function alertBox(kind, text) {
    return el("div", { class: `alert alert-${kind} py-1 px-2 mb-1 small`, role: "alert" }, text);
  }
  function setStatusBadge(status) {
    const badge = document.getElementById("ip-status");
    if (!badge) return;
    badge.className = `badge status-${status}`;
    badge.textContent = status;
  }
  function sendState() {
    if (!data.interview) return;
    post({
      type: "ip:state",
      status: data.interview.status,
      ends_at: data.interview.ends_at,
      now: new Date(serverNow()).toISOString(),
      participants: data.participants.map((p) => ({ name: p.name, role: p.role })),
      viewer: data.me ? { name: data.me.name, role: data.me.role } : null,
    });
  }
  // the parent shows "loading" until this arrives; an error page says so too
  post({ type: "ip:ready", panel: data.panel, ok: data.status === 200 && !!data.interview });
  if (!data.interview) return; // an error page: nothing else to do

  /* ------------------------------------------------------------ live interview state */
  const ENDED = new Set(["completed", "succeeded", "failed", "cancelled"]);
  const onInterview = [];
  async function refreshInterview() {
    try {
      const fresh = await ip.api("GET", `interviews/${encodeURIComponent(interviewId)}`);
      const problemsChanged = fresh.problems.join(",") !== data.interview.problems.join(",");
      data.interview = fresh;
      data.participants = [
        ...(fresh.candidate ? [{ name: fresh.candidate, role: "candidate" }] : []),
        ...fresh.interviewers.map((name) => ({ name, role: "interviewer" })),
      ];
      setStatusBadge(fresh.status);
      sendState();
      for (const fn of onInterview) fn(fresh, problemsChanged);
    } catch (error) {
      announce(`Could not refresh the interview: ${error.message}`);
    }
  }
  const testRunListeners = [];
  try {
    const events = ip.events("events");
    events.addEventListener("interview", (message) => {
      const event = JSON.parse(message.data);
      if (event.id === interviewId) refreshInterview();
    });
    events.addEventListener("test_run", (message) => {
      const event = JSON.parse(message.data);
      if (event.id === interviewId) for (const fn of testRunListeners) fn(event.job);
    });
  } catch (error) {
    // polling below keeps the panel up to date
  }
  window.setInterval(refreshInterview, 30000);
  sendState();

  function reloadWith(params) {
    const url = new URL(window.location.href);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    window.location.assign(url.toString());
  }

  /* ------------------------------------------------------------ problem */
  function problemPanel() {
    const root = document.getElementById("ip-problem");
    const select = document.getElementById("ip-problem-select");
    if (select) {
      select.addEventListener("change", () => reloadWith({ problem: select.value }));
      document.getElementById("ip-switch").addEventListener("submit", (event) => {
        event.preventDefault();
        reloadWith({ problem: select.value });
      });
    }
    let adding = false; // our own add reloads once the cells are sent, not before
    onInterview.push((fresh, problemsChanged) => {
      if (problemsChanged && !adding) reloadWith({});
    });
    const addForm = document.getElementById("ip-add-form");
    if (addForm) {
      addForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const slug = document.getElementById("ip-add-select").value;
        const button = addForm.querySelector("button");
        button.disabled = true;
        adding = true;
        try {
          const problems = [...data.interview.problems, slug];
          await ip.api("PATCH", `interviews/${encodeURIComponent(interviewId)}`, { problems });
          await insertProblem(slug);
          reloadWith({ problem: slug });
        } catch (error) {
          addForm.append(alertBox("danger", error.message));
          button.disabled = false;
          adding = false;
        }
      });
    }
    if (!root) return;
    const slug = root.dataset.slug;
    const runButton = document.getElementById("ip-run");
    const insertButton = document.getElementById("ip-insert");
    const progress = document.getElementById("ip-progress");
    const bar = progress.querySelector(".progress-bar");
    const runStatus = document.getElementById("ip-run-status");
    const results = document.getElementById("ip-results");
    const pending = new Map();
    const canRun = runButton && !runButton.disabled;
    let following = 0;

    async function insertProblem(which) {
      // the problem's public cells (statement, starter, visible tests), from the service
      const url = `${ip.prefix}room/${encodeURIComponent(interviewId)}/panel/problem/cells/${encodeURIComponent(which)}`;
      const response = await fetch(url, { credentials: "same-origin", headers: { "X-XSRFToken": xsrf } });
      const body = await response.json();
      if (!response.ok) throw new Error(body.message || `HTTP ${response.status}`);
      post({ type: "ip:insert-problem", problem: which, cells: body.cells });
    }
    if (insertButton) {
      insertButton.addEventListener("click", async () => {
        try {
          await insertProblem(slug);
          runStatus.textContent = "Sent the problem's cells to the notebook.";
        } catch (error) {
          runStatus.replaceChildren(alertBox("danger", error.message));
        }
      });
    }

    handlers["ip:source"] = (message) => {
      const waiting = pending.get(message.requestId);
      if (!waiting) return;
      pending.delete(message.requestId);
      waiting(typeof message.source === "string" ? message.source : "");
    };
    function askSource() {
      return new Promise((resolve, reject) => {
        if (!embedded) {
          reject(new Error("Open this panel from the interview room to run your code."));
          return;
        }
        const requestId = Math.random().toString(36).slice(2) + Date.now().toString(36);
        const timer = window.setTimeout(() => {
          pending.delete(requestId);
          reject(new Error("The notebook did not answer: is the interview notebook open?"));
        }, 8000);
        pending.set(requestId, (source) => {
          window.clearTimeout(timer);
          resolve(source);
        });
        post({ type: "ip:get-source", requestId, problem: slug });
      });
    }
    function setProgress(percent, text) {
      progress.classList.toggle("d-none", percent === null);
      if (percent !== null) {
        bar.style.width = `${percent}%`;
        progress.setAttribute("aria-valuenow", String(percent));
      }
      if (text !== undefined) runStatus.textContent = text;
    }
    async function run() {
      runButton.disabled = true;
      results.replaceChildren();
      setProgress(5, "Reading the code from the notebook…");
      try {
        const source = await askSource();
        if (!source.trim()) {
          setProgress(null, "There is no code to test yet.");
          runButton.disabled = false;
          return;
        }
        setProgress(15, "Sending the code…");
        const accepted = await ip.api("POST", "grade", {
          interview_id: interviewId,
          problem: slug,
          language: data.interview.language,
          source,
        });
        await follow(accepted.id);
      } catch (error) {
        setProgress(null);
        runStatus.replaceChildren(alertBox("danger", error.message));
      } finally {
        runButton.disabled = !canRun;
      }
    }
    async function follow(jobId) {
      if (following === jobId) return;
      following = jobId;
      runButton.disabled = true;
      try {
        for (;;) {
          const job = await ip.api("GET", `grade/${jobId}`);
          if (following !== jobId) return;
          if (job.status === "queued") {
            setProgress(30, job.position ? `Queued (position ${job.position})…` : "Queued…");
          } else if (job.status === "running") {
            setProgress(65, "Running the tests…");
          } else {
            setProgress(null);
            showJob(job);
            return;
          }
          await new Promise((resolve) => window.setTimeout(resolve, 500));
        }
      } catch (error) {
        setProgress(null);
        runStatus.replaceChildren(alertBox("danger", error.message));
      } finally {
        if (following === jobId) following = 0;
        runButton.disabled = !canRun;
      }
    }
    testRunListeners.push((jobId) => follow(jobId));
    function ms(value) {
      return value === null || value === undefined ? "" : `${Math.round(value)} ms`;
    }
    function verdictCell(verdict) {
      return el("td", { class: verdict === "Accepted" ? "verdict-ok" : "verdict-bad" }, verdict);
    }
    function showJob(job) {
      results.replaceChildren();
      if (job.error || !job.result) {
        runStatus.replaceChildren(alertBox("danger", job.error || "The test run failed."));
        return;
      }
      const result = job.result;
      const who = data.me && job.requested_by === data.me.name ? "you" : job.requested_by;
      runStatus.textContent = `${result.verdict} — run by ${who} (${job.problem}, ${job.language})`;
      announce(`Tests finished: ${result.verdict}`);
      if (result.compile_output) {
        results.append(el("div", { class: "small text-body-secondary" }, "Compiler output"));
        results.append(el("pre", {}, result.compile_output));
      }
      const tbody = el("tbody");
      for (const test of result.visible) {
        tbody.append(
          el("tr", { "data-test": test.name }, el("td", {}, test.name), verdictCell(test.verdict), el("td", {}, ms(test.time_ms)))
        );
        if (test.verdict !== "Accepted") {
          tbody.append(
            el(
              "tr",
              { class: "ip-detail" },
              el(
                "td",
                { colspan: "3" },
                el("div", { class: "small text-body-secondary" }, "Expected"),
                el("pre", {}, test.expected),
                el("div", { class: "small text-body-secondary" }, "Got"),
                el("pre", {}, test.stdout),
                test.stderr ? el("pre", { class: "text-danger-emphasis" }, test.stderr) : null
              )
            )
          );
        }
      }
      for (const test of result.hidden.tests || []) {
        tbody.append(
          el(
            "tr",
            { class: "ip-hidden-result", "data-test": test.name },
            el("td", {}, `${test.name} (hidden)`),
            verdictCell(test.verdict),
            el("td", {}, ms(test.time_ms))
          )
        );
      }
      results.append(
        el(
          "table",
          { class: "table table-sm mb-1" },
          el("thead", {}, el("tr", {}, el("th", {}, "Test"), el("th", {}, "Verdict"), el("th", {}, "Time"))),
          tbody
        ),
        el(
          "div",
          { class: "small fw-semibold", id: "ip-hidden-summary" },
          `Hidden tests: ${result.hidden.passed} / ${result.hidden.total} passed`
        )
      );
    }
    if (runButton) runButton.addEventListener("click", run);
  }
  /* ------------------------------------------------------------ notes */
  function notesPanel() {
    const text = document.getElementById("ip-notes");
    const saved = document.getElementById("ip-notes-saved");
    const mark = document.getElementById("ip-notes-mark");
    if (!text || text.readOnly) return;
    const stamp = saved.dataset.updated;
    if (stamp) saved.textContent = `Saved ${new Date(stamp).toLocaleTimeString()}`;
    let timer = 0;
    let dirty = false;
    let saving = null;
    function schedule(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, delay);
    }
    async function save() {
      window.clearTimeout(timer);
      if (saving) await saving;
      if (!dirty) return;
      dirty = false;
      const value = text.value;
      saving = (async () => {
        try {
          const note = await ip.api("PUT", `interviews/${encodeURIComponent(interviewId)}/notes`, { text: value });
          saved.textContent = `Saved ${new Date(note.updated_at).toLocaleTimeString()}`;
        } catch (error) {
          dirty = true;
          saved.textContent = `Not saved (${error.message}); retrying…`;
          schedule(5000);
        } finally {
          saving = null;
        }
      })();
      await saving;
    }
    text.addEventListener("input", () => {
      dirty = true;
      saved.textContent = "Editing…";
      schedule(1200);
    });
    text.addEventListener("blur", save);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") save();
    });
    if (mark) {
      mark.addEventListener("click", () => {
        const now = new Date();
        const label = `[${now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}] `;
        const start = text.selectionStart;
        text.setRangeText(label, start, text.selectionEnd, "end");
        text.focus();
        text.dispatchEvent(new Event("input"));
      });
    }
  }

  /* ------------------------------------------------------------ timer */
  function formatRemaining(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    const mm = String(minutes).padStart(hours ? 2 : 1, "0");
    const ss = String(s % 60).padStart(2, "0");
    return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
  }
  function timerPanel() {
    const clock = document.getElementById("ip-clock");
    const ends = document.getElementById("ip-ends-at");
    const endBox = document.getElementById("ip-end");
    const endStatus = document.getElementById("ip-end-status");
    function paint() {
      const interview = data.interview;
      const end = new Date(interview.ends_at);
      ends.textContent = end.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      ends.setAttribute("datetime", interview.ends_at);
      const left = (end.getTime() - serverNow()) / 1000;
      const ended = ENDED.has(interview.status);
      clock.classList.toggle("ip-warning", !ended && left > 0 && left <= 300);
      clock.classList.toggle("ip-over", !ended && left <= 0);
      clock.textContent = ended ? "Ended" : left > 0 ? formatRemaining(left) : "Time is up";
      if (endBox) endBox.classList.toggle("d-none", interview.status !== "live");
    }
    paint();
    window.setInterval(paint, 1000);
    onInterview.push(paint);
    if (!endBox) return;
    const button = document.getElementById("ip-end-button");
    const confirmBox = document.getElementById("ip-end-confirm");
    const yes = document.getElementById("ip-end-yes");
    const no = document.getElementById("ip-end-no");
    function showConfirm(show) {
      confirmBox.classList.toggle("d-none", !show);
      button.setAttribute("aria-expanded", String(show));
      (show ? no : button).focus();
    }
    button.addEventListener("click", () => showConfirm(true));
    no.addEventListener("click", () => showConfirm(false));
    confirmBox.addEventListener("keydown", (event) => {
      if (event.key === "Escape") showConfirm(false);
    });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      try {
        const fresh = await ip.api("POST", `interviews/${encodeURIComponent(interviewId)}/end`);
        data.interview = fresh;
        setStatusBadge(fresh.status);
        confirmBox.classList.add("d-none");
        endStatus.replaceChildren(alertBox("success", "The interview has ended."));
        paint();
        sendState();
      } catch (error) {
        endStatus.replaceChildren(alertBox("danger", error.message));
      } finally {
        yes.disabled = false;
      }
    });
  }

  /* ------------------------------------------------------------ integrity signals */
  // In the timer panel (one per room): the candidate's tab reports how long it was hidden
  // when it is visible again; everyone in the room sees the same list (domain/signals.py).
  function signals() {
    const list = document.getElementById("ip-signal-list");
    if (!list) return;
    const path = `interviews/${encodeURIComponent(interviewId)}/signals`;
    function show(found) {
      const items = found.signals.map((s) =>
        el("li", { class: "ip-signal", "data-kind": s.kind },
          el("time", { datetime: new Date(s.t * 1000).toISOString() },
            new Date(s.t * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
          ` · ${s.label}`));
      list.replaceChildren(...(items.length ? items : [el("li", { class: "text-body-secondary" }, "Nothing so far.")]));
    }
    async function refresh(report) {
      try {
        show(await ip.api(report ? "POST" : "GET", path, report));
      } catch (error) {
        list.replaceChildren(el("li", { class: "text-danger" }, error.message));
      }
    }
    refresh();
    window.setInterval(() => refresh(), 60000);
    if (!data.me || data.me.role !== "candidate") return;
    let hiddenAt = document.visibilityState === "hidden" ? serverNow() : 0;
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        hiddenAt = serverNow();
      } else if (hiddenAt) {
        const seconds = (serverNow() - hiddenAt) / 1000;
        hiddenAt = 0;
        if (data.interview.status === "live" && seconds >= 2) refresh({ kind: "away", seconds });
      }
    });
  }

  /* ------------------------------------------------------------ participants */
  function participantsPanel() {
    const list = document.getElementById("ip-people");
    handlers["ip:presence"] = (message) => {
      if (!Array.isArray(message.names)) return;
      const present = new Set(message.names.filter((n) => typeof n === "string").slice(0, 100));
      for (const item of list.querySelectorAll("li[data-user]")) {
        const here = present.has(item.dataset.user);
        item.dataset.present = String(here);
        item.querySelector(".ip-presence").classList.toggle("ip-here", here);
        item.querySelector(".ip-presence-text").textContent = here ? "in the room" : "not in the room";
      }
    };
  }

  // the video call panel runs video.js (templates/call_body.html): nothing more here
  const panels = { problem: problemPanel, notes: notesPanel, timer: timerPanel, participants: participantsPanel, call: () => {} };
  panels[data.panel]();
  if (data.panel === "timer") signals();
})();
