/* Code playback (templates/playback.html): a timeline of the interview's edit history, played
   at 1×–32×, idle time skipped, each author's text tinted; markers for test runs, notes and
   integrity signals; the call recording on the same timeline (scrubbing one moves the other).
   The notebook at a moment comes from api/interviews/<id>/playback/notebook?t=<UNIX seconds>. */
"use strict";
(function () {
  const page = document.getElementById("playback-page");
  if (!page) return;
  const id = encodeURIComponent(page.dataset.id);
  const $ = (name) => document.getElementById(name);
  const status = $("pb-status");
  const range = $("pb-range");
  const play = $("pb-play");
  const notebook = $("pb-notebook");
  let data = null;
  let origin = 0; // UNIX seconds at position 0: the first edit or recording, whichever is first
  let recordings = []; // {at: seconds after origin, duration_s, media_url, ...}
  const video = $("pb-video");
  let times = []; // seconds after the origin, one per step
  let duration = 0;
  let position = 0; // seconds after the start
  let playing = false;
  let lastTick = 0;
  let shown = -1; // number of steps in the notebook on screen
  let loading = false;
  let again = false;
  let previous = new Map(); // cell id -> source, to mark what the last jump changed
  const classes = new Map(); // author name -> CSS class

  const clockText = (s) => {
    s = Math.max(0, Math.round(s));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const mm = h ? `${h}:${String(m).padStart(2, "0")}` : String(m);
    return `${mm}:${String(s % 60).padStart(2, "0")}`;
  };
  const authorLabel = (a) =>
    a.name === "" ? "Notebook (as written, and cells the service added)"
      : a.role === "unknown" ? "Unknown (not a participant)"
        : `${a.name} (${a.role})`;

  /** Steps done at ``seconds``: the number of step times ≤ seconds. */
  function stepsAt(seconds) {
    let low = 0;
    let high = times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (times[mid] <= seconds + 1e-9) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  function render(frame) {
    const next = new Map();
    const cells = frame.cells.map((cell) => {
      next.set(cell.id, cell.source);
      const box = document.createElement("section");
      box.className = "pb-cell";
      box.dataset.cellId = cell.id;
      if (previous.size && previous.get(cell.id) !== cell.source) box.classList.add("pb-changed");
      const kind = document.createElement("div");
      kind.className = "pb-cell-kind";
      kind.textContent = cell.cell_type;
      const pre = document.createElement("pre");
      pre.className = "pb-source";
      for (const [start, end, who] of cell.runs) {
        const span = document.createElement("span");
        span.className = classes.get(who) || "pb-a-unknown";
        span.dataset.author = who;
        span.textContent = cell.source.slice(start, end);
        pre.append(span);
      }
      box.append(kind, pre);
      return box;
    });
    previous = next;
    if (!cells.length) {
      const empty = document.createElement("p");
      empty.className = "text-body-secondary";
      empty.textContent = "The notebook is empty at this moment.";
      cells.push(empty);
    }
    notebook.replaceChildren(...cells);
    notebook.dataset.step = String(frame.step);
  }

  async function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    const steps = shown;
    // the moment of the last step shown (+0.5 ms: the timeline's offsets are rounded to 1 ms)
    const t = origin + (steps ? times[steps - 1] : -1) + 0.0005;
    try {
      const frame = await window.ip.api("GET", `interviews/${id}/playback/notebook?t=${t}`);
      if (steps === shown) render(frame);
      status.textContent = "";
    } catch (error) {
      status.textContent = `The notebook could not be loaded: ${error.message}`;
    } finally {
      loading = false;
      if (again) {
        again = false;
        if (Number(notebook.dataset.step) !== shown) load();
      }
    }
  }

  function update() {
    range.value = String(position);
    const moment = new Date((origin + position) * 1000);
    const steps = stepsAt(position);
    $("pb-clock").textContent =
      `${clockText(position)} / ${clockText(duration)} · ${moment.toLocaleTimeString()} · edit ${steps} of ${times.length}`;
    range.setAttribute("aria-valuetext", `${clockText(position)} of ${clockText(duration)}`);
    for (const item of document.querySelectorAll("#pb-marker-list [data-t]")) {
      item.classList.toggle("pb-past", Number(item.dataset.t) <= position);
    }
    if (steps !== shown) {
      shown = steps;
      load();
    }
  }

  function seek(seconds) {
    position = Math.min(Math.max(seconds, 0), duration);
    update();
    syncVideo();
  }

  /* ------------------------------------------------------------ the recording */
  const recordingAt = (seconds) =>
    recordings.find((r) => r.at <= seconds && seconds < r.at + r.duration_s) || null;
  let shownRecording = null;
  let ownPause = false; // a pause of ours, not the viewer's (the playback goes on)
  function pauseVideo() {
    if (video && !video.paused) {
      ownPause = true;
      video.pause();
    }
  }
  /** Put the video at the timeline's moment (or say there is no recording then). */
  function syncVideo() {
    if (!video) return;
    const r = recordingAt(position);
    $("pb-video-none").hidden = !!r;
    if (!r) {
      pauseVideo();
      return;
    }
    if (shownRecording !== r) {
      shownRecording = r;
      video.src = r.media_url;
      $("pb-video-caption").textContent = `Recording started by ${r.started_by}`;
    }
    const wanted = position - r.at;
    if (Math.abs(video.currentTime - wanted) > 0.3) video.currentTime = wanted;
  }
  /** The video moved (its own controls, or playing): the timeline follows. */
  function followVideo() {
    if (!shownRecording || video.seeking) return;
    const at = shownRecording.at + video.currentTime;
    if (Math.abs(at - position) > 0.25) {
      position = Math.min(Math.max(at, 0), duration);
      update();
    }
  }
  const videoLeads = () => !!(video && shownRecording && recordingAt(position) === shownRecording);
  let videoRefused = false; // the browser would not play it (autoplay rules): keep ticking
  /** While playing into a recording, it plays along (at the speed, up to 16×). */
  function startVideo() {
    if (!video || videoRefused || !recordingAt(position)) return;
    syncVideo();
    if (!video.paused) return;
    video.playbackRate = Math.min(Number($("pb-speed").value), 16);
    video.play().catch(() => {
      videoRefused = true;
    });
  }

  function setPlaying(on) {
    playing = on && duration > 0;
    if (playing && position >= duration) position = 0;
    if (!playing) pauseVideo();
    play.querySelector(".pb-play-icon").textContent = playing ? "❚❚" : "▶";
    play.querySelector(".pb-play-label").textContent = playing ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(playing));
    if (playing) {
      lastTick = performance.now();
      startVideo();
      requestAnimationFrame(tick);
    }
  }

  function tick(now) {
    if (!playing) return;
    if (videoLeads() && !video.paused) {
      // the recording is the clock while it plays (no idle skipping: it would tear them apart)
      position = shownRecording.at + video.currentTime;
      lastTick = now;
      update();
      requestAnimationFrame(tick);
      return;
    }
    position += ((now - lastTick) / 1000) * Number($("pb-speed").value);
    lastTick = now;
    startVideo();
    if ($("pb-skip").checked) {
      const next = times[stepsAt(position)];
      if (next !== undefined && next - position > data.idle_gap_s) position = next - 0.5;
    }
    if (position >= duration) {
      position = duration;
      update();
      setPlaying(false);
      return;
    }
    update();
    requestAnimationFrame(tick);
  }

  function markers() {
    const track = $("pb-markers");
    const list = $("pb-marker-list");
    for (const m of data.markers) {
      const at = Math.min(Math.max(m.t - origin, 0), duration);
      const text = `${clockText(at)} · ${m.label}`;
      const failed = m.kind === "test" && !/: Accepted,/.test(m.label);
      const dot = document.createElement("button");
      dot.type = "button";
      dot.className = `pb-marker pb-marker-${m.kind}${failed ? " pb-failed" : ""}`;
      dot.style.left = `${duration ? (at / duration) * 100 : 0}%`;
      dot.title = text;
      dot.setAttribute("aria-label", text);
      dot.tabIndex = -1; // the list below is the keyboard path
      dot.addEventListener("click", () => seek(at));
      track.append(dot);
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0";
      button.dataset.t = String(at);
      button.dataset.kind = m.kind;
      button.textContent = text;
      button.addEventListener("click", () => seek(at));
      item.append(button);
      list.append(item);
    }
    $("pb-no-markers").hidden = data.markers.length > 0;
  }

  function legend() {
    let colour = 0;
    const box = $("pb-legend");
    for (const a of data.authors) {
      const css = a.name === "" ? "pb-a-notebook" : a.role === "unknown" ? "pb-a-unknown" : `pb-a-${colour++ % 6}`;
      classes.set(a.name, css);
      const item = document.createElement("span");
      item.className = "pb-author";
      item.dataset.author = a.name;
      const swatch = document.createElement("span");
      swatch.className = `pb-swatch ${css}`;
      swatch.setAttribute("aria-hidden", "true");
      item.append(swatch, authorLabel(a));
      box.append(item);
    }
  }

  play.addEventListener("click", () => setPlaying(!playing));
  range.addEventListener("input", () => seek(Number(range.value)));
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && target.matches("input:not([type=range]), select, textarea");
    if (typing || event.ctrlKey || event.metaKey || event.altKey || !data) return;
    // in the report the player is one section: its keys work there (or with nothing focused)
    if (!(target instanceof Node && (page.contains(target) || target === document.body))) return;
    if (event.key === "k") {
      setPlaying(!playing);
    } else if (event.key === "[") {
      const steps = stepsAt(position);
      seek(steps >= 2 ? times[steps - 2] : 0);
    } else if (event.key === "]") {
      const steps = stepsAt(position);
      if (steps < times.length) seek(times[steps]);
    } else {
      return;
    }
    event.preventDefault();
  });

  (async () => {
    try {
      data = await window.ip.api("GET", `interviews/${id}/playback`);
    } catch (error) {
      status.textContent = error.message;
      status.classList.add("text-body-secondary");
      return;
    }
    recordings = data.recordings.filter((r) => r.duration_s > 0);
    origin = Math.min(data.start, ...recordings.map((r) => r.start));
    const end = Math.max(data.end, ...recordings.map((r) => r.start + r.duration_s));
    for (const r of recordings) r.at = r.start - origin;
    times = data.steps.map((s) => s[0] + data.start - origin);
    duration = end - origin;
    range.max = String(duration);
    if (recordings.length && video) {
      $("pb-recording").hidden = false;
      video.addEventListener("seeked", followVideo);
      video.addEventListener("timeupdate", followVideo);
      video.addEventListener("play", () => { if (!playing) setPlaying(true); });
      video.addEventListener("pause", () => {
        if (ownPause) ownPause = false;
        else if (playing && !video.ended) setPlaying(false);
      });
      $("pb-speed").addEventListener("change", () => {
        video.playbackRate = Math.min(Number($("pb-speed").value), 16);
      });
    }
    legend();
    markers();
    $("pb-player").hidden = false;
    status.textContent = "Loading the notebook…";
    seek(0);
  })();
})();
