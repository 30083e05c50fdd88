/* The AI review page (templates/ai_review.html): request a review, follow its event stream
   (evidence, queue position, the model's text, the fix's sandbox check), list past reviews.
   Embedded in the room's JupyterLab panel, it takes the candidate's current code from a
   postMessage {type: 'interview-source', problem, language, source} sent by an allowed origin. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("ai-review-config").textContent);
  const $ = (id) => document.getElementById(id);
  const base = `interviews/${encodeURIComponent(config.interview)}/ai-reviews`;
  const LANGUAGES = ["python", "c", "cpp", "java", "javascript", "typescript", "go", "rust"];
  const SECTIONS = ["Summary", "Correctness", "Complexity", "Code quality", "Edge cases", "Proposed fix"];
  const MAX_SOURCE = 256 * 1024;
  let received = null; // code sent by the embedding page
  let following = null; // {id, source: EventSource}

  // ------------------------------------------------------------------ safe Markdown
  // The model's text is untrusted: it is rendered with DOM nodes and textContent only.
  function inline(parent, text) {
    const pattern = /(`[^`\n]+`|\*\*[^*\n]+\*\*)/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) parent.append(text.slice(last, match.index));
      const token = match[0];
      const el = document.createElement(token.startsWith("`") ? "code" : "strong");
      el.textContent = token.startsWith("`") ? token.slice(1, -1) : token.slice(2, -2);
      parent.append(el);
      last = match.index + token.length;
    }
    if (last < text.length) parent.append(text.slice(last));
  }

  function markdown(text) {
    const out = document.createDocumentFragment();
    const lines = text.split("\n");
    let para = null;
    let list = null;
    const close = () => { para = null; list = null; };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const fence = line.match(/^\s*```\s*([\w+#-]*)\s*$/);
      if (fence) {
        close();
        const pre = document.createElement("pre");
        const code = document.createElement("code");
        const body = [];
        i++;
        while (i < lines.length && !/^\s*```\s*$/.test(lines[i])) body.push(lines[i++]);
        code.textContent = body.join("\n");
        if (fence[1]) code.dataset.language = fence[1];
        pre.append(code);
        out.append(pre);
        continue;
      }
      const heading = line.match(/^\s*#{1,6}\s+(.*)$/);
      if (heading) {
        close();
        const h = document.createElement("h3");
        h.className = "h6 mt-2 mb-1";
        inline(h, heading[1]);
        out.append(h);
        continue;
      }
      const item = line.match(/^\s*(?:[-*]|\d+[.)])\s+(.*)$/);
      if (item) {
        para = null;
        if (!list) { list = document.createElement("ul"); list.className = "mb-1 ps-3"; out.append(list); }
        const li = document.createElement("li");
        inline(li, item[1]);
        list.append(li);
        continue;
      }
      if (!line.trim()) { close(); continue; }
      list = null;
      if (!para) { para = document.createElement("p"); para.className = "mb-1"; out.append(para); }
      else para.append(" ");
      inline(para, line.trim());
    }
    return out;
  }

  // ------------------------------------------------------------------ badges and times
  function fixBadge(check) {
    const badge = document.createElement("span");
    if (!check) return badge;
    const ok = check.status === "passes all tests";
    badge.className = `badge ${ok ? "text-bg-success" : "text-bg-danger"} ar-fix-badge`;
    badge.textContent = `Fix: ${check.status}`;
    badge.title = `The proposed fix was run on every test in the grading sandbox: ${check.passed}/${check.total} passed.`;
    return badge;
  }

  function when(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: "short", timeStyle: "short" });
  }

  function evidenceList(evidence) {
    const ul = document.createElement("ul");
    ul.className = "mb-1 ps-3";
    for (const line of (evidence && evidence.summary) || []) {
      const li = document.createElement("li");
      li.textContent = line;
      ul.append(li);
    }
    return ul;
  }

  // ------------------------------------------------------------------ the code to review
  function showSource() {
    const el = $("ar-source-text");
    if (received) {
      const lines = received.source.split("\n").length;
      el.textContent = `the notebook's current code — ${received.problem} (${received.language}), ${lines} lines, received ${new Date().toLocaleTimeString()}`;
    } else if (config.last_submission) {
      const s = config.last_submission;
      el.textContent = `the last graded submission — ${s.problem} (${s.language}), ${s.verdict}, ${when(s.at)}`;
    } else {
      el.textContent = "none yet: the candidate has not run the tests, and no notebook has sent its code.";
    }
    const button = $("ar-request");
    if (button) button.disabled = Boolean(following) || !(received || config.last_submission);
  }

  function validSource(data) {
    return data && data.type === "interview-source"
      && typeof data.problem === "string" && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(data.problem)
      && typeof data.language === "string" && LANGUAGES.includes(data.language)
      && typeof data.source === "string" && data.source.trim() && data.source.length <= MAX_SOURCE;
  }

  window.addEventListener("message", (event) => {
    if (!config.origins.includes(event.origin)) return; // only the allowed embedding pages
    const data = event.data;
    if (data && data.type === "interview-theme" && (data.theme === "dark" || data.theme === "light")) {
      document.documentElement.setAttribute("data-bs-theme", data.theme);
      return;
    }
    if (!validSource(data)) return;
    received = { problem: data.problem, language: data.language, source: data.source };
    showSource();
    if (answered) answered(received);
  });

  let answered = null;
  /** The notebook's code as it is now (asked again: the candidate may have typed since), or
   * what arrived last if the lab does not answer within a second. */
  function freshSource() {
    if (window.parent === window) return Promise.resolve(received);
    const answer = new Promise((resolve) => { answered = resolve; });
    askParentForSource();
    const late = new Promise((resolve) => window.setTimeout(() => resolve(received), 1000));
    return Promise.race([answer, late]).finally(() => { answered = null; });
  }

  function askParentForSource() {
    if (window.parent === window) return;
    for (const origin of config.origins) {
      try { window.parent.postMessage({ type: "interview-source-request" }, origin); } catch (e) { /* other origin */ }
    }
  }

  // ------------------------------------------------------------------ following a review
  const STAGES = {
    queued: [3, "Queued…"],
    evidence: [8, "Gathering evidence in the sandbox (tests, linters, timing)…"],
    waiting: [30, "Evidence ready; waiting for the model…"],
    writing: [35, "The model is writing the review…"],
    checking_fix: [92, "Checking the proposed fix in the grading sandbox…"],
  };

  function progress(percent, message) {
    const bar = $("ar-progressbar");
    bar.setAttribute("aria-valuenow", String(Math.round(percent)));
    $("ar-progressbar-fill").style.width = `${percent}%`;
    if (message !== undefined) $("ar-progress").textContent = message;
  }

  function showError(message) {
    const box = $("ar-error");
    box.textContent = message;
    box.classList.toggle("d-none", !message);
  }

  function follow(id) {
    if (following) following.source.close();
    const current = $("ar-current");
    current.classList.remove("d-none");
    current.dataset.reviewId = String(id);
    current.setAttribute("aria-busy", "true");
    $("ar-evidence").replaceChildren();
    $("ar-fix-badge").replaceChildren();
    const textBox = $("ar-text");
    textBox.replaceChildren();
    textBox.classList.add("ar-streaming");
    let text = "";
    let sectionsDone = 0;
    let scheduled = false;
    const render = () => {
      scheduled = false;
      textBox.replaceChildren(markdown(text));
    };
    progress(2, "Starting…");
    const source = window.ip.events(`${base}/${id}/events`);
    following = { id, source };
    showSource();
    const on = (type, handler) => source.addEventListener(type, (e) => {
      // the browser's own "error" (connection trouble) carries no data: onerror handles it
      if (typeof e.data === "string") handler(JSON.parse(e.data));
    });
    on("status", (e) => {
      const stage = STAGES[e.status];
      if (stage) progress(stage[0], stage[1]);
    });
    on("evidence", (e) => {
      const box = $("ar-evidence");
      const title = document.createElement("p");
      title.className = "fw-semibold mb-0";
      title.textContent = `Evidence (${e.seconds}s)`;
      box.replaceChildren(title, evidenceList(e.evidence));
      progress(25, "Evidence ready.");
    });
    on("queue", (e) => {
      progress(28, e.position > 0
        ? `Waiting for the model: ${e.position === 1 ? "next in line" : `position ${e.position} in the queue`}.`
        : "The model is writing the review…");
      current.dataset.queuePosition = String(e.position);
    });
    on("token", (e) => {
      text += e.text;
      if (!scheduled) { scheduled = true; requestAnimationFrame(render); }
    });
    on("section", (e) => {
      sectionsDone += 1;
      progress(35 + (55 * Math.min(sectionsDone, SECTIONS.length)) / SECTIONS.length,
        `Wrote ${e.name} (${sectionsDone} of ${SECTIONS.length}).`);
    });
    on("fix", (e) => { $("ar-fix-badge").replaceChildren(fixBadge(e)); });
    const finish = (message) => {
      source.close();
      following = null;
      current.removeAttribute("aria-busy");
      textBox.classList.remove("ar-streaming");
      showSource();
      loadHistory();
      if (message) progress(100, message);
    };
    on("done", (e) => {
      const review = e.review || {};
      // the review as stored: sections in order, the fix's sandbox verdict, and the evidence
      // under any heading the model left out (evidence-only reviews say so)
      if (review.text) text = review.text;
      render();
      if (review.details && review.details.fix_check) $("ar-fix-badge").replaceChildren(fixBadge(review.details.fix_check));
      finish("Done.");
    });
    on("error", (e) => {
      showError(e.message || "The review failed.");
      finish("The review failed.");
    });
    source.onerror = () => {
      // the browser reconnects on its own (with Last-Event-ID); a refused stream stays closed
      if (source.readyState === EventSource.CLOSED && following && following.source === source) {
        showError("Lost the review's event stream; reload the page to see the stored review.");
        finish();
      }
    };
  }

  // ------------------------------------------------------------------ history
  function historyItem(review) {
    const li = document.createElement("li");
    li.className = "mb-2";
    li.dataset.reviewId = String(review.id);
    const details = document.createElement("details");
    details.className = "ar-history-item border rounded px-2 py-1";
    const summary = document.createElement("summary");
    summary.className = "small";
    const head = document.createElement("span");
    head.textContent = `${when(review.created_at)} · ${review.problem} (${review.language}) · ${review.requested_by} `;
    summary.append(head);
    const fix = review.details && review.details.fix_check;
    if (fix) summary.append(fixBadge(fix));
    else {
      const status = document.createElement("span");
      status.className = "badge text-bg-secondary";
      status.textContent = review.status === "done" ? (review.model ? "no fix proposed" : "evidence only") : review.status;
      summary.append(status);
    }
    details.append(summary);
    const body = document.createElement("div");
    body.className = "small ar-text mt-1";
    body.append(evidenceList(review.evidence));
    if (review.model) {
      const model = document.createElement("p");
      model.className = "text-body-secondary mb-1";
      model.textContent = `Model: ${review.model} · prompt ${review.prompt_version}`;
      body.append(model);
    }
    body.append(markdown(review.text || ""));
    details.append(body);
    li.append(details);
    return li;
  }

  async function loadHistory() {
    try {
      const data = await window.ip.api("GET", base);
      const items = data.items || [];
      $("ar-history").replaceChildren(...items.map(historyItem));
      $("ar-history-empty").classList.toggle("d-none", items.length > 0);
      const running = items.find((r) => !["done", "error"].includes(r.status));
      if (running && !following) follow(running.id);
    } catch (error) {
      showError(error.message);
    }
  }

  const button = $("ar-request");
  if (button) {
    button.addEventListener("click", async () => {
      showError("");
      button.disabled = true;
      try {
        const code = await freshSource();
        const body = code ? { ...code } : {};
        const made = await window.ip.api("POST", base, body);
        follow(made.id);
        loadHistory();
      } catch (error) {
        showError(error.message);
        showSource();
      }
    });
  }

  showSource();
  // the lab may not have its notebook open yet when this frame loads (a slow machine, a
  // restored layout): ask again every 2 s until it answers (for at most two minutes)
  askParentForSource();
  let asks = 0;
  const asking = window.setInterval(() => {
    if (received || ++asks > 60) window.clearInterval(asking);
    else askParentForSource();
  }, 2000);
  loadHistory();
})();
