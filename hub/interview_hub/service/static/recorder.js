/* Recording the call from an interviewer's browser (docs/video.md, "Recording").
 *
 *   window.ip.recorder.attach(call, { interviewId, baseUrl })   // adds "Record" to the toolbar
 *
 * Mixes the call: every tile's video is drawn onto a canvas (canvas.captureStream) and every
 * audio track (the local microphone and each remote participant) is mixed with WebAudio into
 * one MediaStreamDestination. MediaRecorder (webm, vp8 + opus) hands out a chunk every second;
 * chunks are uploaded in order (PUT …/recordings/{rid}/chunks/{seq}) and kept in memory until the
 * service acknowledges them, so a dropped connection only delays them: retries back off, a chunk
 * the service already has is acknowledged again, never stored twice.
 */
"use strict";
(function () {
  const ip = (window.ip = window.ip || {});
  // 640x360 at 15 fps: software VP8 in a browser that also runs the call keeps up with it on a
  // modest laptop; at 1280x720 the encoder fell behind and dropped most frames (docs/video.md)
  const WIDTH = 640;
  const HEIGHT = 360;
  const FPS = 15;
  const TIMESLICE_MS = 1000;
  const MIME = "video/webm;codecs=vp8,opus";

  // the element helper of video.js, which pages load first (the recorder records its call)
  const el = ip.el;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const xsrfToken = (baseUrl) => ip.video.xsrfToken(baseUrl);

  /** Draws the call's tiles onto a canvas and mixes its audio; returns one MediaStream. */
  class Mixer {
    constructor(call) {
      this.call = call;
      this.canvas = el("canvas", { width: String(WIDTH), height: String(HEIGHT) });
      this.g = this.canvas.getContext("2d");
      const Ctx = window.AudioContext || window.webkitAudioContext;
      this.audio = new Ctx();
      this.dest = this.audio.createMediaStreamDestination();
      this.sources = new Map(); // track id -> MediaStreamAudioSourceNode
      // frame rate 0: a frame is captured exactly when draw() asks for it (requestFrame), so the
      // recording has FPS frames a second even when the canvas is not painted on screen
      const video = this.canvas.captureStream(0).getVideoTracks()[0];
      this.videoTrack = video;
      this.stream = new MediaStream([video, ...this.dest.stream.getAudioTracks()]);
      this.draw();
      this.timer = setInterval(() => { this.draw(); }, 1000 / FPS);
      this.audioTimer = setInterval(() => this.syncAudio(), 500);
      this.syncAudio();
    }

    tiles() {
      const call = this.call;
      const out = [];
      if (call.localTile) out.push({ video: call.localTile.video, label: `${call.me?.user || "You"}`, mirror: !call.screenTrack });
      for (const peer of call.peers.values()) {
        if (peer.tile) out.push({ video: peer.tile.video, label: peer.info.user, mirror: false, info: call.infos.get(peer.info.id) });
      }
      return out;
    }

    draw() {
      const g = this.g;
      const tiles = this.tiles();
      g.fillStyle = "#111";
      g.fillRect(0, 0, WIDTH, HEIGHT);
      const n = Math.max(1, tiles.length);
      const cols = Math.ceil(Math.sqrt(n));
      const rows = Math.ceil(n / cols);
      const w = WIDTH / cols;
      const h = HEIGHT / rows;
      tiles.forEach((tile, i) => {
        const x = (i % cols) * w;
        const y = Math.floor(i / cols) * h;
        const v = tile.video;
        const off = tile.info && tile.info.video === false;
        if (!off && v.readyState >= 2 && v.videoWidth) {
          const scale = Math.min(w / v.videoWidth, h / v.videoHeight);
          const dw = v.videoWidth * scale;
          const dh = v.videoHeight * scale;
          g.drawImage(v, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
        } else {
          g.fillStyle = "#333";
          g.fillRect(x + 2, y + 2, w - 4, h - 4);
        }
        // the name at the tile's top left: a player's controls cover the bottom of the frame
        g.font = "14px sans-serif";
        g.fillStyle = "rgba(0,0,0,0.6)";
        g.fillRect(x + 6, y + 6, g.measureText(tile.label).width + 12, 20);
        g.fillStyle = "#fff";
        g.fillText(tile.label, x + 12, y + 21);
      });
      // the recording mark is part of the recording, too
      g.fillStyle = "#dc3545";
      g.beginPath();
      g.arc(WIDTH - 16, 16, 6, 0, 2 * Math.PI);
      g.fill();
      if (this.videoTrack && this.videoTrack.readyState === "live" && this.videoTrack.requestFrame) this.videoTrack.requestFrame();
    }

    /** Every audio track of the call (local + remote), each connected once. */
    syncAudio() {
      const call = this.call;
      const tracks = [];
      for (const t of call.stream?.getAudioTracks() || []) tracks.push(t);
      for (const peer of call.peers.values()) for (const t of peer.remote.getAudioTracks()) tracks.push(t);
      const live = new Set();
      for (const track of tracks) {
        if (track.readyState === "ended") continue;
        live.add(track.id);
        if (this.sources.has(track.id)) continue;
        const source = this.audio.createMediaStreamSource(new MediaStream([track]));
        source.connect(this.dest);
        this.sources.set(track.id, source);
      }
      for (const [id, source] of this.sources) {
        if (!live.has(id)) { source.disconnect(); this.sources.delete(id); }
      }
      this.audio.resume().catch(() => {});
    }

    stop() {
      clearInterval(this.timer);
      clearInterval(this.audioTimer);
      for (const source of this.sources.values()) source.disconnect();
      this.stream.getTracks().forEach((t) => t.stop());
      this.audio.close().catch(() => {});
    }
  }

  /** Uploads chunks in order; keeps each until the service acknowledges it. */
  class Uploader extends EventTarget {
    constructor({ url, xsrf }) {
      super();
      this.url = url; // the recording's API URL
      this.xsrf = xsrf;
      this.queue = []; // [{seq, blob}] not yet acknowledged
      this.nextSeq = 0;
      this.acked = 0; // chunks the service has
      this.bytesSent = 0;
      this.attempts = 0;
      this.failures = 0;
      this.duplicates = 0;
      this.fatal = null;
      this.idle = Promise.resolve();
      this._pumping = false;
    }

    push(blob) {
      this.queue.push({ seq: this.nextSeq++, blob });
      this.pump();
    }

    pump() {
      if (this._pumping) return this.idle;
      this._pumping = true;
      this.idle = this._pump().finally(() => { this._pumping = false; });
      return this.idle;
    }

    async _pump() {
      let backoff = 0;
      while (this.queue.length && !this.fatal) {
        const item = this.queue[0];
        this.attempts += 1;
        let response = null;
        let body = null;
        try {
          response = await fetch(`${this.url}/chunks/${item.seq}`, {
            method: "PUT",
            body: item.blob,
            credentials: "same-origin",
            headers: { "X-XSRFToken": this.xsrf, "Content-Type": "application/octet-stream" },
          });
          body = await response.json().catch(() => null);
        } catch (e) {
          response = null; // the connection dropped: keep the chunk, retry
        }
        if (response && response.ok) {
          if (!body.stored) this.duplicates += 1;
          this.queue.shift();
          this.acked = body.next_seq;
          this.bytesSent = body.bytes;
          backoff = 0;
          this.dispatchEvent(new CustomEvent("acked", { detail: body }));
          continue;
        }
        if (response && response.status === 409 && body?.reason === "gap" && Number.isInteger(body.expected_seq)) {
          // the service has everything before expected_seq: drop what it already stored
          const expected = body.expected_seq;
          if (expected > item.seq) { this.queue = this.queue.filter((c) => c.seq >= expected); continue; }
          this.fail(`the service lost chunk ${expected}; the recording cannot continue`);
          break;
        }
        if (response && response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status)) {
          this.fail(body?.message || `HTTP ${response.status}`);
          break;
        }
        this.failures += 1;
        backoff = Math.min(4000, backoff ? backoff * 2 : 500);
        this.dispatchEvent(new CustomEvent("retry", { detail: { seq: item.seq, inMs: backoff, pending: this.queue.length } }));
        await sleep(backoff);
      }
    }

    fail(message) {
      this.fatal = message;
      this.dispatchEvent(new CustomEvent("failed", { detail: { message } }));
    }

    /** Resolves when every chunk pushed so far is acknowledged (or the upload failed). */
    async drain() {
      while (this.queue.length && !this.fatal) await this.pump();
    }
  }

  /** One recording session of a call. */
  class Recorder extends EventTarget {
    constructor(call, opts) {
      super();
      this.call = call;
      this.opts = opts;
      this.baseUrl = (opts.baseUrl || "/services/interviews/").replace(/\/?$/, "/");
      this.state = "idle";
      this.chunks = 0;
      this.bytesRecorded = 0;
    }

    async start() {
      if (this.state !== "idle") return;
      this.state = "starting";
      const xsrf = await xsrfToken(this.baseUrl);
      const api = `${this.baseUrl}api/interviews/${encodeURIComponent(this.opts.interviewId)}/recordings`;
      const response = await fetch(api, { method: "POST", credentials: "same-origin", headers: { "X-XSRFToken": xsrf } });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        this.state = "idle";
        throw new Error(body.message || `HTTP ${response.status}`);
      }
      this.id = body.id;
      this.uploader = new Uploader({ url: `${api}/${body.id}`, xsrf });
      this.uploader.addEventListener("failed", (e) => this.abort(`Upload failed: ${e.detail.message}`));
      this.uploader.addEventListener("retry", (e) => this.emit("retry", e.detail));
      this.mixer = new Mixer(this.call);
      this.emit("mixer", { canvas: this.mixer.canvas });
      const mimeType = MediaRecorder.isTypeSupported(MIME) ? MIME : "video/webm";
      this.media = new MediaRecorder(this.mixer.stream, { mimeType, videoBitsPerSecond: 600_000, audioBitsPerSecond: 96_000 });
      this.stopped = new Promise((resolve) => this.media.addEventListener("stop", (e) => { this.stoppedAt = e.timeStamp; resolve(); }));
      this.media.addEventListener("dataavailable", (e) => {
        if (!e.data || !e.data.size) return;
        this.chunks += 1;
        this.bytesRecorded += e.data.size;
        this.uploader.push(e.data);
      });
      const started = new Promise((resolve) => this.media.addEventListener("start", (e) => { this.startedAt = e.timeStamp; resolve(); }));
      this.startCalledAt = performance.now();
      this.media.start(TIMESLICE_MS);
      await started;
      this.state = "recording";
      this.announce("started");
      this.emit("started", { id: this.id });
    }

    announce(state) {
      this.call.wsSend({ type: "recording", state, id: this.id });
    }

    async stop() {
      if (this.state !== "recording") return this.result;
      this.state = "stopping";
      this.media.stop();
      await this.stopped;
      this.mixer.stop();
      this.emit("uploading", { pending: this.uploader.queue.length });
      await this.uploader.drain();
      if (this.uploader.fatal) {
        this.state = "failed";
        this.announce("stopped");
        throw new Error(this.uploader.fatal);
      }
      const finish = await fetch(`${this.uploader.url}/finish`, { method: "POST", credentials: "same-origin", headers: { "X-XSRFToken": this.uploader.xsrf } });
      const body = await finish.json().catch(() => ({}));
      this.announce("stopped");
      if (!finish.ok) {
        this.state = "failed";
        throw new Error(body.message || `HTTP ${finish.status}`);
      }
      this.state = "saved";
      this.result = body;
      this.emit("saved", body);
      return body;
    }

    /** The service refused the upload for good: stop recording, tell everyone. */
    abort(message) {
      if (this.state === "recording" || this.state === "stopping") {
        this.media.stop();
        this.mixer.stop();
        this.announce("stopped");
      }
      this.state = "failed";
      this.emit("error", { message });
    }

    emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

    /** What tests and the page read. */
    summary() {
      const u = this.uploader || {};
      return {
        id: this.id, state: this.state, chunks: this.chunks, bytesRecorded: this.bytesRecorded,
        acked: u.acked || 0, bytesSent: u.bytesSent || 0, attempts: u.attempts || 0, failures: u.failures || 0,
        duplicates: u.duplicates || 0, pending: u.queue ? u.queue.length : 0,
        startedAt: this.startedAt, stoppedAt: this.stoppedAt, startCalledAt: this.startCalledAt,
        durationMs: this.stoppedAt && this.startedAt ? this.stoppedAt - this.startedAt : null,
        result: this.result || null,
      };
    }
  }

  /** Adds "Record" (with the consent notice first) to the call's toolbar. */
  function attach(call, opts) {
    const bar = call.root?.querySelector(".ipv-toolbar");
    if (!bar || call.recordControl) return call.recordControl;
    const status = el("span", { class: "small ipv-record-status", id: "ipv-record-status", role: "status", "aria-live": "polite" });
    const button = el("button", { type: "button", class: "btn btn-sm btn-outline-danger", id: "ipv-record", text: "Record", "aria-controls": "ipv-consent" });
    const start = el("button", { type: "button", class: "btn btn-sm btn-danger", id: "ipv-consent-start", text: "Start recording" });
    const cancel = el("button", { type: "button", class: "btn btn-sm btn-outline-secondary", id: "ipv-consent-cancel", text: "Cancel" });
    const consent = el("div", { class: "alert alert-warning mt-2 mb-0 w-100", id: "ipv-consent", role: "alertdialog", "aria-labelledby": "ipv-consent-title", "aria-describedby": "ipv-consent-text", hidden: true },
      el("p", { class: "fw-semibold mb-1", id: "ipv-consent-title", text: "Record this call?" }),
      el("p", { class: "mb-2", id: "ipv-consent-text", text: "Everyone in the call will see a notice that this interview is being recorded. The recording holds every participant's camera, microphone and shared screen, and is kept with the interview's files for the panel, reviewers and admins (never the candidate)." }),
      el("div", { class: "d-flex gap-2" }, start, cancel));
    const preview = el("span", { class: "ipv-record-preview-wrap" });
    bar.append(button, status, preview);
    bar.after(consent);
    const control = { recorder: null, button, consent, status };
    call.recordControl = control;

    const say = (text) => { status.textContent = text; };
    /** Stop the recording and say whether it was saved. */
    async function save(rec, saying) {
      say(saying);
      try {
        const saved = await rec.stop();
        say(`Recording saved (${Math.round(saved.duration_s || 0)} s).`);
      } catch (e) {
        say(`Recording not saved: ${e.message}`);
      }
    }
    button.addEventListener("click", async () => {
      const rec = control.recorder;
      if (rec && rec.state === "recording") {
        button.disabled = true;
        await save(rec, "Saving the recording…");
        button.textContent = "Record";
        button.setAttribute("aria-pressed", "false");
        button.disabled = false;
        preview.replaceChildren();
        control.recorder = null;
        return;
      }
      consent.hidden = false;
      start.focus();
    });
    cancel.addEventListener("click", () => { consent.hidden = true; button.focus(); });
    consent.addEventListener("keydown", (e) => { if (e.key === "Escape") { consent.hidden = true; button.focus(); } });
    start.addEventListener("click", async () => {
      consent.hidden = true;
      button.disabled = true;
      const rec = new Recorder(call, opts);
      control.recorder = rec;
      api.current = rec;
      rec.addEventListener("mixer", (e) => {
        // a small preview of what is being recorded
        const canvas = e.detail.canvas;
        canvas.className = "ipv-record-preview rounded border";
        canvas.setAttribute("aria-label", "Preview of the recording");
        canvas.setAttribute("role", "img");
        preview.replaceChildren(canvas);
      });
      rec.addEventListener("retry", (e) => say(`Upload interrupted; retrying (${e.detail.pending} chunk(s) waiting)…`));
      rec.addEventListener("error", (e) => {
        say(e.detail.message);
        if (rec.state !== "failed" || control.recorder !== rec) return;
        control.recorder = null;
        button.textContent = "Record";
        button.setAttribute("aria-pressed", "false");
      });
      try {
        await rec.start();
        rec.uploader.addEventListener("acked", () => { if (rec.state === "recording") say("Recording."); });
        button.textContent = "Stop recording";
        button.setAttribute("aria-pressed", "true");
        say("Recording.");
      } catch (e) {
        control.recorder = null;
        say(`Could not start recording: ${e.message}`);
      }
      button.disabled = false;
      button.focus();
    });
    // the recording stops with the call; what is recorded so far is saved
    call.addEventListener("ended", async () => {
      const rec = control.recorder;
      if (rec?.state !== "recording") return;
      await save(rec, "The call ended: saving the recording…");
      control.recorder = null;
    });
    // after a signalling reconnect, tell the call again that it is being recorded
    call.addEventListener("joined", () => { if (control.recorder?.state === "recording") control.recorder.announce("started"); });
    return control;
  }

  const api = { attach, Recorder, Mixer, Uploader, current: null };
  ip.recorder = api;
})();
