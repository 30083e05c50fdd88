/* Interview video call: P2P mesh (≤ 4) with perfect negotiation, signalling over the
 * interviews service's WebSocket. Self-contained: no dependency on the page around it.
 *
 *   const call = await window.ip.video.join({ interviewId, container });
 *   call.addEventListener("ended", ...); call.leave();
 *   window.ip.video.lobby({ interviewId, container, onJoin }) — preview with device pickers.
 *
 * Options of join(): interviewId (required), container (element), baseUrl (service prefix,
 * default "/services/interviews/"), stream (a MediaStream to send; otherwise one is opened),
 * audio/video (start unmuted/with camera), relay (force TURN relay), layout ("grid" | "speaker"),
 * audioOutput (speaker deviceId), controls (render the toolbar, default true).
 */
"use strict";
(function () {
  const ip = (window.ip = window.ip || {});
  const FINAL_CLOSE = new Set([4000, 4001, 4003, 4009]);
  const ENDED_TEXT = {
    ended_by_interviewer: "An interviewer ended the call for everyone.",
    interview_completed: "The interview has ended, so the call is closed.",
    interview_cancelled: "The interview was cancelled, so the call is closed.",
    not_participant: "You are no longer a participant of this interview.",
    room_full: "The call is full (4 participants at most).",
    left: "You left the call.",
  };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }
  ip.el = el;

  // ------------------------------------------------------------------ media helpers

  async function openMedia({ audio = true, video = true, audioDeviceId, videoDeviceId } = {}) {
    const constraints = {
      audio: audio ? (audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true) : false,
      video: video
        ? { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 20 },
            ...(videoDeviceId ? { deviceId: { exact: videoDeviceId } } : {}) }
        : false,
    };
    if (!constraints.audio && !constraints.video) return new MediaStream();
    return navigator.mediaDevices.getUserMedia(constraints);
  }

  async function listDevices() {
    const found = { audioinput: [], videoinput: [], audiooutput: [] };
    for (const d of await navigator.mediaDevices.enumerateDevices()) {
      if (found[d.kind]) found[d.kind].push({ deviceId: d.deviceId, label: d.label || d.kind });
    }
    return found;
  }

  /** Mic level 0..1 from a WebAudio AnalyserNode, reported ~15 times a second. */
  function levelMeter(stream, onLevel) {
    const track = stream.getAudioTracks()[0];
    if (!track) return { stop() {} };
    const Ctx = window.AudioContext || window.webkitAudioContext;
    const ctx = new Ctx();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let stopped = false;
    ctx.resume().catch(() => {});
    const timer = setInterval(() => {
      if (stopped) return;
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      const rms = Math.sqrt(sum / data.length);
      onLevel(track.enabled ? Math.min(1, rms * 4) : 0);
    }, 66);
    return {
      stop() { stopped = true; clearInterval(timer); source.disconnect(); ctx.close().catch(() => {}); },
    };
  }

  function fillSelect(select, devices, current) {
    select.replaceChildren(...devices.map((d, i) =>
      el("option", { value: d.deviceId, text: d.label || `Device ${i + 1}`, selected: d.deviceId === current })));
    select.disabled = devices.length === 0;
  }

  function deviceSelects(idPrefix) {
    const make = (kind, label) => {
      const id = `${idPrefix}-${kind}`;
      const select = el("select", { class: "form-select form-select-sm", id, "data-kind": kind });
      return { kind, select, wrap: el("div", { class: "ipv-device" }, el("label", { class: "form-label small mb-0", for: id, text: label }), select) };
    };
    return [make("videoinput", "Camera"), make("audioinput", "Microphone"), make("audiooutput", "Speaker")];
  }

  function meterBar(label) {
    const bar = el("div", { class: "progress-bar bg-success ipv-meter-bar", style: "width: 0%" });
    const meter = el("div", { class: "progress ipv-meter", role: "meter", "aria-label": label, "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" }, bar);
    return { meter, set(level) { const pct = Math.round(level * 100); bar.style.width = `${pct}%`; meter.setAttribute("aria-valuenow", String(pct)); } };
  }

  // ------------------------------------------------------------------ the call

  class Call extends EventTarget {
    constructor(opts) {
      super();
      if (!opts.interviewId) throw new Error("interviewId is required");
      this.opts = opts;
      this.baseUrl = (opts.baseUrl || "/services/interviews/").replace(/\/?$/, "/");
      this.container = opts.container || null;
      this.peers = new Map(); // id -> peer state (pc, tile, stats)
      this.infos = new Map(); // id -> {id, user, role, audio, video, screen}
      this.chains = new Map(); // id -> promise chain serialising that peer's messages
      this.me = null;
      this.ice = { iceServers: [], iceTransportPolicy: "all" };
      this.state = "new";
      this.layout = opts.layout || "grid";
      this.audioOn = opts.audio !== false;
      this.videoOn = opts.video !== false;
      this.screenTrack = null;
      this.audioOutput = opts.audioOutput || "";
      this.startedAt = performance.now();
      this.firstFrameMs = null;
      this.firstFrame = new Promise((resolve) => { this._firstFrameResolve = resolve; });
      this.retries = 0;
      this.pinned = null;
      this.speaking = null;
    }

    // ---------------------------------------------------------------- lifecycle

    async start() {
      this.status("Opening camera and microphone…");
      if (this.opts.stream) {
        this.stream = this.opts.stream;
        this.ownsStream = false;
      } else {
        this.stream = await openMedia({ audio: true, video: this.videoOn });
        this.ownsStream = true;
      }
      const audio = this.stream.getAudioTracks()[0];
      if (audio) audio.enabled = this.audioOn;
      if (!this.stream.getVideoTracks()[0]) this.videoOn = false;
      if (this.container) this.render();
      this.timer = setInterval(() => this.tick(), 1000);
      this.connect();
      return this;
    }

    connect() {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const url = `${scheme}://${location.host}${this.baseUrl}api/interviews/${encodeURIComponent(this.opts.interviewId)}/signal`;
      this.state = "connecting";
      this.status(this.retries ? "Reconnecting to the call…" : "Connecting to the call…");
      const ws = new WebSocket(url);
      this.ws = ws;
      ws.onopen = () => { this.wsSend({ type: "join", audio: this.audioOn, video: this.videoOn || !!this.screenTrack }); };
      ws.onmessage = (event) => {
        let msg;
        try { msg = JSON.parse(event.data); } catch { return; }
        this.onSignal(msg);
      };
      ws.onclose = (event) => this.onSocketClose(event);
    }

    onSocketClose(event) {
      if (this.ws && this.ws.readyState !== WebSocket.CLOSED && this.ws.readyState !== WebSocket.CLOSING) return;
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      this.infos.clear();
      if (this.state === "left" || this.state === "ended") return;
      if (FINAL_CLOSE.has(event.code) || event.code === 1000) {
        this.end(this.endReason || event.reason || "left");
        return;
      }
      if (event.code === 1008 || event.code === 4008 || (!this.me && this.retries >= 3)) {
        this.end(event.reason || "refused", true);
        return;
      }
      this.retries += 1;
      const delay = Math.min(8000, 500 * 2 ** Math.min(this.retries, 4));
      this.state = "reconnecting";
      this.status(`Connection to the call lost; reconnecting in ${Math.round(delay / 1000)} s…`);
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    }

    wsSend(msg) {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
    }

    leave() {
      if (this.state === "left" || this.state === "ended") return;
      this.wsSend({ type: "leave" });
      this.end("left");
    }

    endForEveryone() { this.wsSend({ type: "end-for-everyone" }); }

    end(reason, failed = false, message = "") {
      if (this.state === "left" || this.state === "ended") return;
      this.state = reason === "left" ? "left" : "ended";
      clearInterval(this.timer);
      clearTimeout(this.reconnectTimer);
      if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, "left");
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      if (this.screenTrack) this.screenTrack.stop();
      if (this.ownsStream) this.stream.getTracks().forEach((t) => t.stop());
      if (this.meter) this.meter.stop();
      const text = ENDED_TEXT[reason] || message || (failed ? `Could not join the call (${reason}).` : "The call has ended.");
      this.status(text);
      this.root?.classList.add("ipv-ended");
      this.dispatchEvent(new CustomEvent("ended", { detail: { reason, text, failed } }));
    }

    /** Recording notice: a red indicator and "This interview is being recorded" for everyone. */
    setRecording(state) {
      this.recording = state;
      if (this.recEl) {
        this.recEl.hidden = !state;
        this.recText.textContent = state ? `This interview is being recorded (started by ${state.by}).` : "";
      }
      this.root?.classList.toggle("ipv-recording-on", !!state);
      this.dispatchEvent(new CustomEvent("recording", { detail: { recording: state } }));
    }

    status(text) {
      this.statusText = text;
      if (this.statusEl) this.statusEl.textContent = text;
      this.dispatchEvent(new CustomEvent("status", { detail: { text } }));
    }

    // ---------------------------------------------------------------- signalling

    onSignal(msg) {
      switch (msg.type) {
        case "welcome": {
          this.me = msg.peer;
          this.retries = 0;
          this.ice = msg.ice || this.ice;
          this.state = "joined";
          for (const info of msg.peers) {
            this.infos.set(info.id, info);
            this.createPeer(info, true);
          }
          this.updateCount();
          this.sendMuteState();
          this.setRecording(msg.recording || null);
          this.dispatchEvent(new CustomEvent("joined", { detail: { me: this.me } }));
          if (this.localTile) this.labelTile(this.localTile, { ...this.me, user: `${this.me.user} (you)` });
          break;
        }
        case "peer-joined":
          this.infos.set(msg.peer.id, msg.peer);
          this.updateCount();
          break;
        case "peer-left":
          this.infos.delete(msg.peer);
          this.dropPeer(msg.peer);
          this.updateCount();
          break;
        case "offer":
        case "answer":
        case "ice":
          this.enqueue(msg.from, () => (msg.type === "ice" ? this.onIce(msg) : this.onDescription(msg)));
          break;
        case "mute-state": {
          const info = this.infos.get(msg.from);
          if (info) Object.assign(info, { audio: msg.audio, video: msg.video, screen: msg.screen });
          const peer = this.peers.get(msg.from);
          if (peer) this.labelTile(peer.tile, info);
          break;
        }
        case "ended":
          this.endReason = msg.reason;
          break;
        case "recording":
          this.setRecording(msg.state === "started" ? { id: msg.id, by: msg.by } : null);
          break;
        case "error":
          this.lastError = msg;
          if (msg.reason === "room_full" || msg.reason === "not_participant") this.endReason = msg.reason;
          this.dispatchEvent(new CustomEvent("signal-error", { detail: msg }));
          break;
        default:
          break;
      }
    }

    enqueue(id, task) {
      const chain = (this.chains.get(id) || Promise.resolve()).then(task).catch((e) => console.warn("signal", e));
      this.chains.set(id, chain);
    }

    rtcConfig() {
      const policy = this.opts.relay ? "relay" : this.ice.iceTransportPolicy || "all";
      return { iceServers: this.ice.iceServers || [], iceTransportPolicy: policy, bundlePolicy: "max-bundle" };
    }

    createPeer(info, initiator) {
      const pc = new RTCPeerConnection(this.rtcConfig());
      const peer = {
        info, pc, polite: this.me.id > info.id, makingOffer: false, ignoreOffer: false,
        remote: new MediaStream(), createdAt: performance.now(), lastRestart: 0, restarts: 0,
        connectedOnce: false, stats: {}, quality: "connecting", prev: null,
      };
      this.peers.set(info.id, peer);
      pc.onicecandidate = ({ candidate }) => {
        this.wsSend({ type: "ice", to: info.id, candidate: candidate && candidate.candidate ? candidate.toJSON() : null });
      };
      pc.onnegotiationneeded = async () => {
        try {
          peer.makingOffer = true;
          await pc.setLocalDescription();
          this.wsSend({ type: pc.localDescription.type, to: info.id, sdp: pc.localDescription.sdp });
        } catch (e) {
          console.warn("negotiation", e);
        } finally {
          peer.makingOffer = false;
        }
      };
      pc.ontrack = ({ track }) => {
        peer.remote.addTrack(track);
        track.onunmute = () => this.watchFirstFrame(peer);
        if (peer.tile) {
          peer.tile.video.srcObject = peer.remote;
          peer.tile.video.play().catch(() => {});
        }
        this.watchFirstFrame(peer);
      };
      pc.oniceconnectionstatechange = () => {
        const state = pc.iceConnectionState;
        if (state === "connected" || state === "completed") {
          peer.connectedOnce = true;
          peer.quality = peer.quality === "reconnecting" || peer.quality === "connecting" ? "good" : peer.quality;
          this.status(`In the call with ${this.peers.size} other${this.peers.size === 1 ? "" : "s"}.`);
        } else if (state === "disconnected" || state === "failed") {
          peer.quality = "reconnecting";
          this.status(`Connection to ${info.user} interrupted; reconnecting…`);
          if (state === "failed") this.restartIce(peer);
          // a drop: restart ICE if the path has not come back within 2 s
          else setTimeout(() => { if (pc.iceConnectionState === "disconnected") this.restartIce(peer); }, 2000);
        }
        if (peer.tile) this.showQuality(peer);
        this.dispatchEvent(new CustomEvent("ice-state", { detail: { peer: info.id, state } }));
      };
      if (this.container) peer.tile = this.addTile(info, false);
      if (initiator) {
        pc.addTransceiver(this.trackFor("audio") || "audio", { direction: "sendrecv", streams: [this.stream] });
        pc.addTransceiver(this.trackFor("video") || "video", { direction: "sendrecv", streams: [this.stream] });
        this.applySenderParams(peer);
      }
      return peer;
    }

    async onDescription(msg) {
      let peer = this.peers.get(msg.from);
      if (!peer) {
        if (msg.type !== "offer" || !this.me) return;
        const info = this.infos.get(msg.from) || { id: msg.from, user: "guest", role: "", audio: true, video: true };
        peer = this.createPeer(info, false);
      }
      const pc = peer.pc;
      const collision = msg.type === "offer" && (peer.makingOffer || pc.signalingState !== "stable");
      peer.ignoreOffer = !peer.polite && collision;
      if (peer.ignoreOffer) return;
      await pc.setRemoteDescription({ type: msg.type, sdp: msg.sdp });
      if (msg.type === "offer") {
        await this.attachLocalTracks(peer);
        await pc.setLocalDescription();
        this.wsSend({ type: "answer", to: msg.from, sdp: pc.localDescription.sdp });
      }
    }

    async onIce(msg) {
      const peer = this.peers.get(msg.from);
      if (!peer || !msg.candidate) return;
      try {
        await peer.pc.addIceCandidate(msg.candidate);
      } catch (e) {
        if (!peer.ignoreOffer) console.warn("ice candidate", e);
      }
    }

    async attachLocalTracks(peer) {
      for (const t of peer.pc.getTransceivers()) {
        if (t.stopped || t.sender.track || t.attached) continue;
        const kind = t.receiver.track.kind;
        const track = this.trackFor(kind);
        t.attached = true;
        t.direction = "sendrecv";
        if (t.sender.setStreams) t.sender.setStreams(this.stream);
        if (track) await t.sender.replaceTrack(track);
      }
      this.applySenderParams(peer);
    }

    trackFor(kind) {
      if (kind === "audio") return this.stream.getAudioTracks()[0] || null;
      if (this.screenTrack) return this.screenTrack;
      return this.videoOn ? this.stream.getVideoTracks()[0] || null : null;
    }

    videoSenders() {
      const senders = [];
      for (const peer of this.peers.values()) {
        for (const t of peer.pc.getTransceivers()) {
          if (!t.stopped && t.receiver.track.kind === "video") senders.push({ peer, sender: t.sender });
        }
      }
      return senders;
    }

    applySenderParams(peer) {
      for (const t of peer.pc.getTransceivers()) {
        if (t.stopped || t.receiver.track.kind !== "video") continue;
        const params = t.sender.getParameters();
        params.degradationPreference = this.screenTrack ? "maintain-resolution" : "balanced";
        t.sender.setParameters(params).catch(() => {});
      }
    }

    restartIce(peer) {
      const now = performance.now();
      if (now - peer.lastRestart < 2500) return;
      peer.lastRestart = now;
      peer.restarts += 1;
      this.dispatchEvent(new CustomEvent("ice-restart", { detail: { peer: peer.info.id, count: peer.restarts } }));
      peer.pc.restartIce();
    }

    dropPeer(id) {
      const peer = this.peers.get(id);
      if (!peer) return;
      peer.pc.onnegotiationneeded = null;
      peer.pc.close();
      peer.tile?.root.remove();
      this.peers.delete(id);
      this.chains.delete(id);
      if (this.pinned === id) this.pinned = null;
      this.arrange();
    }

    sendMuteState() {
      this.wsSend({ type: "mute-state", audio: this.audioOn, video: this.videoOn || !!this.screenTrack, screen: !!this.screenTrack });
      if (this.localTile) this.labelTile(this.localTile, { ...(this.me || { user: "You", role: "" }), user: `${this.me ? this.me.user : "You"} (you)`, audio: this.audioOn, video: this.videoOn || !!this.screenTrack, screen: !!this.screenTrack });
    }

    updateCount() {
      const others = this.infos.size;
      if (this.state !== "joined") return;
      if (!others) this.status("You are in the call. Waiting for others to join…");
      this.dispatchEvent(new CustomEvent("peers", { detail: { count: others } }));
      this.arrange();
    }

    // ---------------------------------------------------------------- first frame, stats

    watchFirstFrame(peer) {
      if (peer.firstFrameAt || peer.watching) return;
      const video = peer.tile?.video;
      peer.watching = true;
      const done = () => {
        if (peer.firstFrameAt) return;
        peer.firstFrameAt = performance.now();
        const ms = peer.firstFrameAt - this.startedAt;
        if (this.firstFrameMs === null) {
          this.firstFrameMs = ms;
          this._firstFrameResolve(ms);
        }
        this.dispatchEvent(new CustomEvent("first-frame", { detail: { peer: peer.info.id, ms } }));
      };
      if (video && video.requestVideoFrameCallback) video.requestVideoFrameCallback(done);
      const poll = async () => {
        // no peer connection of ours (a provider's SDK owns it): the frame callback decides
        if (peer.firstFrameAt || !peer.pc || peer.pc.connectionState === "closed") return;
        const stats = await peer.pc.getStats().catch(() => null);
        let decoded = 0;
        stats?.forEach((s) => { if (s.type === "inbound-rtp" && s.kind === "video") decoded = s.framesDecoded || 0; });
        if (decoded > 0) done();
        else setTimeout(poll, 25);
      };
      poll();
    }

    /** Fresh receive statistics for every peer: what tests and the quality badge read. */
    async inboundStats() {
      const out = {};
      for (const [id, peer] of this.peers) {
        const report = await peer.pc.getStats();
        const s = { user: peer.info.user, iceState: peer.pc.iceConnectionState, restarts: peer.restarts };
        let pairId = null;
        const byId = new Map();
        report.forEach((r) => {
          byId.set(r.id, r);
          if (r.type === "transport" && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
        });
        report.forEach((r) => {
          if (r.type === "inbound-rtp" && r.kind === "video") {
            Object.assign(s, { framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0, frameHeight: r.frameHeight || 0,
              videoPacketsLost: r.packetsLost || 0, videoPackets: r.packetsReceived || 0 });
          } else if (r.type === "inbound-rtp" && r.kind === "audio") {
            Object.assign(s, { audioSamples: r.totalSamplesReceived || 0, audioEnergy: r.totalAudioEnergy || 0,
              audioLevel: r.audioLevel || 0, audioPacketsLost: r.packetsLost || 0, audioPackets: r.packetsReceived || 0 });
          }
        });
        const pair = pairId ? byId.get(pairId) : null;
        if (pair) {
          s.rttMs = pair.currentRoundTripTime !== undefined ? Math.round(pair.currentRoundTripTime * 1000) : null;
          s.localCandidateType = byId.get(pair.localCandidateId)?.candidateType || null;
          s.remoteCandidateType = byId.get(pair.remoteCandidateId)?.candidateType || null;
        }
        out[id] = s;
      }
      return out;
    }

    async tick() {
      if (this.state !== "joined") return;
      let stats;
      try { stats = await this.inboundStats(); } catch { return; }
      let loudest = null;
      let loudestLevel = 0.02;
      for (const [id, s] of Object.entries(stats)) {
        const peer = this.peers.get(id);
        if (!peer) continue;
        const prev = peer.prev || { lost: 0, got: 0 };
        const lost = (s.videoPacketsLost || 0) + (s.audioPacketsLost || 0);
        const got = (s.videoPackets || 0) + (s.audioPackets || 0);
        const dLost = Math.max(0, lost - prev.lost);
        const dGot = Math.max(0, got - prev.got);
        peer.prev = { lost, got };
        const loss = dGot + dLost > 0 ? (100 * dLost) / (dGot + dLost) : 0;
        peer.stats = { rttMs: s.rttMs, lossPct: Math.round(loss * 10) / 10, candidate: s.localCandidateType };
        const connected = s.iceState === "connected" || s.iceState === "completed";
        const info = this.infos.get(id);
        const expecting = peer.connectedOnce && !!(info?.audio || info?.video);
        peer.stalled = connected && expecting && dGot === 0 ? (peer.stalled || 0) + 1 : 0;
        if (peer.stalled >= 2) {
          // nothing received for 2 s on a "connected" path: ICE has not noticed the drop yet
          peer.quality = "reconnecting";
          if (performance.now() - peer.lastRestart > 4000) this.restartIce(peer);
        } else if (!connected) {
          peer.quality = peer.connectedOnce ? "reconnecting" : "connecting";
          const since = performance.now() - Math.max(peer.lastRestart, peer.createdAt);
          if (since > (peer.connectedOnce ? 4000 : 8000)) this.restartIce(peer);
        } else {
          const rtt = s.rttMs ?? 0;
          peer.quality = rtt < 150 && loss < 2 ? "good" : rtt < 400 && loss < 8 ? "fair" : "poor";
        }
        if (peer.tile) this.showQuality(peer);
        if ((s.audioLevel || 0) > loudestLevel) { loudest = id; loudestLevel = s.audioLevel; }
      }
      if (loudest && loudest !== this.speaking) {
        this.speaking = loudest;
        this.arrange();
      }
    }

    // ---------------------------------------------------------------- controls

    setMuted(muted) {
      this.audioOn = !muted;
      const track = this.stream.getAudioTracks()[0];
      if (track) track.enabled = this.audioOn;
      this.sendMuteState();
      this.syncControls();
    }

    async setCamera(on) {
      if (on === this.videoOn) return;
      if (on) {
        const fresh = await openMedia({ audio: false, video: true, videoDeviceId: this.videoDeviceId });
        const track = fresh.getVideoTracks()[0];
        this.stream.getVideoTracks().forEach((t) => { this.stream.removeTrack(t); t.stop(); });
        this.stream.addTrack(track);
        this.videoOn = true;
      } else {
        this.videoOn = false;
        this.stream.getVideoTracks().forEach((t) => { this.stream.removeTrack(t); t.stop(); });
      }
      if (!this.screenTrack) await this.replaceVideo(this.trackFor("video"));
      if (this.localTile && !this.screenTrack) this.localTile.video.srcObject = this.stream;
      this.sendMuteState();
      this.syncControls();
    }

    async replaceVideo(track) {
      await Promise.all(this.videoSenders().map(({ sender }) => sender.replaceTrack(track)));
      for (const peer of this.peers.values()) this.applySenderParams(peer);
    }

    async shareScreen() {
      if (this.screenTrack) return;
      const display = await navigator.mediaDevices.getDisplayMedia({
        // 720p at ≤ 15 fps: readable code, and a mesh uploads one copy per participant
        video: this.opts.screenConstraints || { width: { ideal: 1280, max: 1920 }, height: { ideal: 720, max: 1080 }, frameRate: { max: 15 } },
        audio: false,
      });
      const track = display.getVideoTracks()[0];
      if ("contentHint" in track) track.contentHint = "detail";
      track.addEventListener("ended", () => this.stopShare());
      this.screenTrack = track;
      await this.replaceVideo(track);
      if (this.localTile) {
        this.localTile.video.srcObject = new MediaStream([track]);
        this.localTile.root.classList.add("ipv-screen");
      }
      this.sendMuteState();
      this.syncControls();
    }

    async stopShare() {
      if (!this.screenTrack) return;
      const track = this.screenTrack;
      this.screenTrack = null;
      track.stop();
      await this.replaceVideo(this.trackFor("video"));
      if (this.localTile) {
        this.localTile.video.srcObject = this.stream;
        this.localTile.root.classList.remove("ipv-screen");
      }
      this.sendMuteState();
      this.syncControls();
    }

    async setDevice(kind, deviceId) {
      if (kind === "audiooutput") {
        this.audioOutput = deviceId;
        for (const peer of this.peers.values()) peer.tile?.video.setSinkId?.(deviceId).catch(() => {});
        return;
      }
      if (kind === "videoinput") {
        this.videoDeviceId = deviceId;
        if (!this.videoOn) return;
        this.videoOn = false;
        await this.setCamera(true);
        return;
      }
      this.audioDeviceId = deviceId;
      const fresh = await openMedia({ audio: true, video: false, audioDeviceId: deviceId });
      const track = fresh.getAudioTracks()[0];
      track.enabled = this.audioOn;
      this.stream.getAudioTracks().forEach((t) => { this.stream.removeTrack(t); t.stop(); });
      this.stream.addTrack(track);
      const senders = [];
      for (const peer of this.peers.values()) {
        for (const t of peer.pc.getTransceivers()) if (!t.stopped && t.receiver.track.kind === "audio") senders.push(t.sender);
      }
      await Promise.all(senders.map((s) => s.replaceTrack(track)));
      this.startMeter();
    }

    setLayout(layout) {
      this.layout = layout === "speaker" ? "speaker" : "grid";
      this.arrange();
      this.syncControls();
    }

    pin(id) { this.pinned = this.pinned === id ? null : id; this.setLayout("speaker"); }

    // ---------------------------------------------------------------- rendering

    render() {
      const c = this.container;
      this.root = el("div", { class: "ipv-call", "data-layout": this.layout });
      this.statusEl = el("div", { class: "ipv-status small text-body-secondary mb-2", role: "status", "aria-live": "polite" });
      this.stage = el("div", { class: "ipv-stage", "aria-label": "Participants" });
      this.recText = el("span", { class: "ipv-rec-text" });
      this.recEl = el("div", { class: "ipv-recording alert alert-danger py-1 px-2 mb-2 d-flex align-items-center gap-2", id: "ipv-recording", role: "status", "aria-live": "assertive", hidden: !this.recording },
        el("span", { class: "ipv-rec-dot", "aria-hidden": "true" }), el("strong", { text: "REC" }), this.recText);
      this.root.append(this.statusEl, this.recEl, this.stage);
      this.localTile = this.addTile({ id: "local", user: "You", role: "", audio: this.audioOn, video: this.videoOn }, true);
      this.localTile.video.srcObject = this.stream;
      if (this.opts.controls !== false) this.root.append(this.renderControls());
      c.replaceChildren(this.root);
      this.status(this.statusText || "Connecting to the call…");
      this.startMeter();
      this.syncControls();
    }

    startMeter() {
      if (this.meter) this.meter.stop();
      if (!this.localTile) return;
      this.meter = levelMeter(this.stream, (level) => this.localTile.level.set(level));
    }

    addTile(info, local) {
      const video = el("video", { autoplay: true, playsinline: true, class: "ipv-video" });
      if (local) { video.muted = true; video.classList.add("ipv-mirror"); }
      if (!local && this.audioOutput && video.setSinkId) video.setSinkId(this.audioOutput).catch(() => {});
      const name = el("span", { class: "ipv-name fw-semibold" });
      const role = el("span", { class: "badge text-bg-secondary ipv-role" });
      const mic = el("span", { class: "ipv-mic-off badge text-bg-danger", hidden: true, text: "Muted" });
      const quality = el("span", { class: "ipv-quality badge", "data-quality": "connecting", text: local ? "" : "Connecting" });
      const avatar = el("div", { class: "ipv-avatar", "aria-hidden": "true" });
      const level = meterBar("Your microphone level");
      const caption = el("figcaption", { class: "ipv-caption" }, name, role, mic, local ? null : quality);
      const root = el("figure", { class: "ipv-tile", "data-peer": info.id, tabindex: "0" }, video, avatar, caption, local ? level.meter : null);
      if (local) root.classList.add("ipv-local");
      const tile = { root, video, name, role, mic, quality, avatar, level };
      root.addEventListener("dblclick", () => this.pin(info.id));
      root.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.pin(info.id); } });
      this.labelTile(tile, info);
      this.stage?.append(root);
      this.arrange();
      return tile;
    }

    labelTile(tile, info) {
      if (!tile || !info) return;
      tile.name.textContent = info.user;
      tile.root.dataset.user = info.user.replace(/ \(you\)$/, "");
      tile.role.textContent = info.role || "";
      tile.role.hidden = !info.role;
      tile.mic.hidden = info.audio !== false;
      tile.root.classList.toggle("ipv-video-off", info.video === false);
      tile.avatar.textContent = (info.user || "?").slice(0, 1).toUpperCase();
      tile.root.setAttribute("aria-label", `${info.user}${info.role ? `, ${info.role}` : ""}${info.audio === false ? ", muted" : ""}${info.video === false ? ", camera off" : ""}${info.screen ? ", sharing screen" : ""}`);
      tile.root.classList.toggle("ipv-screen", !!info.screen);
    }

    showQuality(peer) {
      const labels = { good: "Good", fair: "Fair", poor: "Poor", reconnecting: "Reconnecting", connecting: "Connecting" };
      const q = peer.tile.quality;
      q.dataset.quality = peer.quality;
      const { rttMs, lossPct } = peer.stats || {};
      q.textContent = labels[peer.quality] || peer.quality;
      const detail = rttMs !== undefined && rttMs !== null ? `round trip ${rttMs} ms, packet loss ${lossPct ?? 0}%` : "measuring";
      q.title = `Connection: ${labels[peer.quality] || peer.quality} (${detail})`;
      q.setAttribute("aria-label", q.title);
    }

    arrange() {
      if (!this.root) return;
      this.root.dataset.layout = this.layout;
      const tiles = [...this.stage.children];
      this.stage.dataset.count = String(tiles.length);
      let featured = null;
      if (this.layout === "speaker") {
        const sharer = [...this.peers.values()].find((p) => this.infos.get(p.info.id)?.screen);
        const id = this.pinned || sharer?.info.id || this.speaking || [...this.peers.keys()][0] || "local";
        featured = id === "local" ? this.localTile : this.peers.get(id)?.tile;
      }
      for (const tile of tiles) tile.classList.toggle("ipv-featured", !!featured && tile === featured.root);
    }

    renderControls() {
      const button = (id, text, onclick, cls = "btn-outline-secondary") =>
        el("button", { type: "button", class: `btn btn-sm ${cls}`, id, text, onclick });
      this.controls = {
        mic: button("ipv-mic", "Mute", () => this.setMuted(this.audioOn)),
        cam: button("ipv-camera", "Stop camera", () => this.setCamera(!this.videoOn).catch((e) => this.status(`Camera: ${e.message}`))),
        screen: button("ipv-screen", "Share screen", () => (this.screenTrack ? this.stopShare() : this.shareScreen()).catch((e) => this.status(`Screen sharing: ${e.message}`))),
        layout: button("ipv-layout", "Speaker view", () => this.setLayout(this.layout === "grid" ? "speaker" : "grid")),
        leave: button("ipv-leave", "Leave", () => this.leave(), "btn-outline-danger"),
      };
      const bar = el("div", { class: "ipv-toolbar d-flex flex-wrap gap-2 align-items-end mt-2", role: "toolbar", "aria-label": "Call controls" },
        this.controls.mic, this.controls.cam, this.controls.screen, this.controls.layout);
      const selects = deviceSelects("ipv");
      const devices = el("details", { class: "ipv-devices" }, el("summary", { class: "btn btn-sm btn-outline-secondary", text: "Devices" }),
        el("div", { class: "d-flex flex-wrap gap-2 mt-2" }, ...selects.map((s) => s.wrap)));
      devices.addEventListener("toggle", async () => {
        if (!devices.open) return;
        const found = await listDevices();
        const current = { audioinput: this.stream.getAudioTracks()[0]?.getSettings().deviceId, videoinput: this.stream.getVideoTracks()[0]?.getSettings().deviceId, audiooutput: this.audioOutput };
        for (const s of selects) fillSelect(s.select, found[s.kind], current[s.kind]);
      });
      for (const s of selects) s.select.addEventListener("change", () => this.setDevice(s.kind, s.select.value).catch((e) => this.status(`Device: ${e.message}`)));
      bar.append(devices, this.controls.leave);
      if (this.opts.role === "interviewer" || this.opts.canEnd) {
        const confirm = button("ipv-end-confirm", "Yes, end it for everyone", () => this.endForEveryone(), "btn-danger");
        confirm.hidden = true;
        const end = button("ipv-end", "End for everyone", () => { confirm.hidden = false; confirm.focus(); }, "btn-danger");
        bar.append(end, confirm);
      }
      return bar;
    }

    syncControls() {
      if (!this.controls) return;
      const { mic, cam, screen, layout } = this.controls;
      mic.textContent = this.audioOn ? "Mute" : "Unmute";
      mic.setAttribute("aria-pressed", String(!this.audioOn));
      cam.textContent = this.videoOn ? "Stop camera" : "Start camera";
      cam.setAttribute("aria-pressed", String(!this.videoOn));
      screen.textContent = this.screenTrack ? "Stop sharing" : "Share screen";
      screen.setAttribute("aria-pressed", String(!!this.screenTrack));
      screen.disabled = !navigator.mediaDevices?.getDisplayMedia;
      layout.textContent = this.layout === "grid" ? "Speaker view" : "Grid view";
    }
  }

  /** The service's XSRF token: the page's meta tag, else asked of the service (panels). */
  async function xsrfToken(baseUrl) {
    const meta = document.querySelector('meta[name="xsrf-token"]')?.content;
    if (meta) return meta;
    const response = await fetch(`${baseUrl}api/xsrf`, { credentials: "same-origin" });
    return (await response.json()).xsrf;
  }

  /** The call class of the platform's video provider: the P2P mesh, or one a bundle added. */
  function callClass(provider) {
    if (!provider || provider === "p2p") return Call;
    const impl = api.providers[provider];
    if (!impl) throw new Error(`the ${provider} call module did not load (an administrator should run scripts/start again to build it)`);
    return impl;
  }

  async function join(opts) {
    const Impl = callClass(opts.provider);
    const call = new Impl(opts);
    api.current = call;
    await call.start();
    return call;
  }

  // ------------------------------------------------------------------ lobby (pre-join checks)

  /** Preview with device pickers, mic meter, mute/camera toggles and a Join button. */
  async function lobby(opts) {
    const { container } = opts;
    const status = el("p", { class: "ipv-lobby-status", role: "status", "aria-live": "polite", text: "Starting your camera and microphone…" });
    const spinner = el("div", { class: "spinner-border spinner-border-sm me-2", role: "presentation" });
    const video = el("video", { autoplay: true, playsinline: true, class: "ipv-video ipv-mirror ipv-preview" });
    video.muted = true;
    const level = meterBar("Microphone level");
    const selects = deviceSelects("lobby");
    const mic = el("button", { type: "button", class: "btn btn-outline-secondary", id: "lobby-mic", text: "Mute" });
    const cam = el("button", { type: "button", class: "btn btn-outline-secondary", id: "lobby-camera", text: "Stop camera" });
    const joinBtn = el("button", { type: "button", class: "btn btn-success", id: "lobby-join", text: "Join call", disabled: true });
    const error = el("div", { class: "alert alert-danger d-none", role: "alert" });
    const box = el("div", { class: "ipv-lobby" },
      el("div", { class: "ipv-preview-wrap" }, video),
      el("div", { class: "d-flex align-items-center gap-2 my-2" }, el("span", { class: "small", text: "Mic" }), level.meter),
      el("div", { class: "d-flex flex-wrap gap-2 mb-2" }, ...selects.map((s) => s.wrap)),
      el("div", { class: "d-flex flex-wrap gap-2 mb-2" }, mic, cam, joinBtn),
      el("div", { class: "d-flex align-items-center" }, spinner, status), error);
    container.replaceChildren(box);
    let audioOn = true;
    let videoOn = true;
    let stream = null;
    let meter = null;
    const ids = {};
    async function open() {
      stream?.getTracks().forEach((t) => t.stop());
      meter?.stop();
      stream = await openMedia({ audio: true, video: videoOn, audioDeviceId: ids.audioinput, videoDeviceId: ids.videoinput });
      stream.getAudioTracks().forEach((t) => { t.enabled = audioOn; });
      video.srcObject = stream;
      meter = levelMeter(stream, level.set);
      const found = await listDevices();
      ids.audioinput = stream.getAudioTracks()[0]?.getSettings().deviceId || ids.audioinput;
      ids.videoinput = stream.getVideoTracks()[0]?.getSettings().deviceId || ids.videoinput;
      for (const s of selects) fillSelect(s.select, found[s.kind], ids[s.kind]);
    }
    for (const s of selects) {
      s.select.addEventListener("change", async () => {
        ids[s.kind] = s.select.value;
        if (s.kind === "audiooutput") { video.setSinkId?.(s.select.value).catch(() => {}); return; }
        await open().catch((e) => fail(e));
      });
    }
    function fail(e) {
      error.textContent = `Camera or microphone unavailable: ${e.message || e}. Check the browser's permission and that no other app uses them.`;
      error.classList.remove("d-none");
    }
    mic.addEventListener("click", () => {
      audioOn = !audioOn;
      stream?.getAudioTracks().forEach((t) => { t.enabled = audioOn; });
      mic.textContent = audioOn ? "Mute" : "Unmute";
      mic.setAttribute("aria-pressed", String(!audioOn));
    });
    cam.addEventListener("click", async () => {
      videoOn = !videoOn;
      cam.textContent = videoOn ? "Stop camera" : "Start camera";
      cam.setAttribute("aria-pressed", String(!videoOn));
      await open().catch((e) => fail(e));
    });
    try {
      await open();
      status.textContent = "Check your picture and sound, then join.";
    } catch (e) {
      fail(e);
      status.textContent = "You can still join without camera or microphone.";
      stream = new MediaStream();
    }
    spinner.classList.add("d-none");
    joinBtn.disabled = false;
    joinBtn.focus();
    return new Promise((resolve) => {
      joinBtn.addEventListener("click", async () => {
        joinBtn.disabled = true;
        spinner.classList.remove("d-none");
        status.textContent = "Joining…";
        meter?.stop();
        let call;
        try {
          call = await join({ ...opts, container: opts.callContainer || container, stream, audio: audioOn, video: videoOn, audioOutput: ids.audiooutput });
        } catch (e) {
          spinner.classList.add("d-none");
          status.textContent = "";
          error.textContent = `Could not join the call: ${e.message || e}.`;
          error.classList.remove("d-none");
          joinBtn.disabled = false;
          return;
        }
        call.ownsStream = true;
        resolve(call);
      });
    });
  }

  const api = { join, lobby, openMedia, listDevices, levelMeter, xsrfToken, Call, providers: { p2p: Call }, current: null };
  ip.video = api;
})();
