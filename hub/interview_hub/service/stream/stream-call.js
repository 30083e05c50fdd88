// The call over Stream (getstream.io) when Stream is the platform's video provider.
//
// StreamCall keeps the self-hosted call's page, tiles, toolbar, lobby and recorder (video.js's
// Call) and replaces its transport: instead of the service's signalling socket and a P2P mesh,
// it asks the service for a call token (GET api/interviews/{id}/video/stream: a JWT scoped to
// this interview's call, minted with the API secret that only the service holds) and joins the
// call with Stream's JavaScript SDK, bundled from npm by build.mjs (no CDN).
import {
  CallingState,
  SfuModels,
  StreamVideoClient,
  hasAudio,
  hasScreenShare,
  hasVideo,
} from "@stream-io/video-client";

const video = window.ip && window.ip.video;
if (!video) throw new Error("stream-video.js must load after video.js");

const QUALITY = {
  [SfuModels.ConnectionQuality.EXCELLENT]: "good",
  [SfuModels.ConnectionQuality.GOOD]: "good",
  [SfuModels.ConnectionQuality.POOR]: "poor",
  [SfuModels.ConnectionQuality.UNSPECIFIED]: "connecting",
};

/** Our interview role from the participant's call roles (the service maps interviewer → host). */
function roleOf(p) {
  const roles = p.roles || [];
  if (roles.includes("host") || roles.includes("admin")) return "interviewer";
  return "candidate";
}

class StreamCall extends video.Call {
  constructor(opts) {
    super(opts);
    this.provider = "stream";
    this.subs = [];
    this.participants = new Map(); // sessionId -> the SDK's participant state
  }

  // ---------------------------------------------------------------- joining

  connect() {
    this.state = "connecting";
    this.status("Connecting to the call through Stream…");
    this.joinStream().catch((e) => {
      console.warn("stream join", e);
      this.end(e.reason || "stream_unreachable", true, `Could not join the call through Stream: ${e.message || e}`);
    });
  }

  /** The service's answer: api key, call, user and a call token (refused for non-participants). */
  async session() {
    const url = `${this.baseUrl}api/interviews/${encodeURIComponent(this.opts.interviewId)}/video/stream`;
    const xsrf = await video.xsrfToken(this.baseUrl);
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json", "X-XSRFToken": xsrf } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(body.message || `HTTP ${r.status}`);
      e.reason = body.reason || `http_${r.status}`;
      throw e;
    }
    return body;
  }

  async joinStream() {
    const s = await this.session();
    this.sessionInfo = s;
    this.dispatchEvent(new CustomEvent("stream-session", { detail: { call: s.call, user: s.user, role: s.role } }));
    const options = { timeout: 10000 };
    if (s.base_url) options.baseURL = s.base_url;
    if (s.location_hint_url) options.locationHintUrl = s.location_hint_url;
    this.client = new StreamVideoClient({
      apiKey: s.api_key,
      user: { id: s.user.id, name: s.user.name },
      token: s.token,
      // a fresh call token when the SDK asks (reconnects after a long drop)
      tokenProvider: async () => (await this.session()).token,
      options,
    });
    const call = this.client.call(s.call.type, s.call.id);
    this.sc = call;
    this.subs.push(call.state.callingState$.subscribe((st) => this.onCallingState(st)));
    this.subs.push(call.state.remoteParticipants$.subscribe((list) => this.syncParticipants(list)));
    // ended by an interviewer ("End for everyone"), or by the service when the interview ends
    this.subs.push(call.on("call.ended", (e) => this.end(e.user ? "ended_by_interviewer" : "interview_completed")));
    this.subs.push(call.on("custom", (e) => this.onCustom(e)));
    // the lobby's choices: the same devices, muted or not
    const mic = this.stream.getAudioTracks()[0]?.getSettings().deviceId;
    const cam = this.stream.getVideoTracks()[0]?.getSettings().deviceId;
    if (mic) await call.microphone.select(mic);
    if (cam) await call.camera.select(cam);
    await call.join({ create: false });
    await (this.audioOn ? call.microphone.enable() : call.microphone.disable());
    await (this.videoOn ? call.camera.enable() : call.camera.disable());
    this.adoptLocalMedia();
    this.subs.push(call.camera.state.mediaStream$.subscribe(() => this.adoptLocalMedia()));
    this.subs.push(call.microphone.state.mediaStream$.subscribe(() => this.adoptLocalMedia()));
    this.me = { id: call.state.localParticipant?.sessionId || "local", user: s.user.name, role: s.role };
    this.state = "joined";
    this.retries = 0;
    this.sendMuteState();
    this.updateCount();
    this.dispatchEvent(new CustomEvent("joined", { detail: { me: this.me } }));
  }

  /** Show (and record) the tracks the SDK publishes, and release the lobby's own capture. */
  adoptLocalMedia() {
    if (!this.sc) return;
    const tracks = [
      ...(this.sc.microphone.state.mediaStream?.getAudioTracks() || []),
      ...(this.sc.camera.state.mediaStream?.getVideoTracks() || []),
    ];
    if (!tracks.length) return;
    const previous = this.stream;
    this.stream = new MediaStream(tracks);
    if (previous && this.ownsStream) previous.getTracks().forEach((t) => { if (!tracks.includes(t)) t.stop(); });
    this.ownsStream = false; // the SDK owns the capture now; leave() releases it
    if (this.localTile && !this.screenTrack) this.localTile.video.srcObject = this.stream;
    this.startMeter();
  }

  onCallingState(st) {
    switch (st) {
      case CallingState.JOINED:
        if (this.state === "reconnecting") this.state = "joined";
        for (const peer of this.peers.values()) if (peer.quality === "reconnecting") peer.quality = "good";
        this.updateCount();
        if (this.peers.size) this.status(`In the call with ${this.peers.size} other${this.peers.size === 1 ? "" : "s"}.`);
        break;
      case CallingState.RECONNECTING:
      case CallingState.MIGRATING:
        if (this.state === "joined") this.state = "reconnecting";
        for (const peer of this.peers.values()) { peer.quality = "reconnecting"; if (peer.tile) this.showQuality(peer); }
        this.status("Connection to the call lost; reconnecting…");
        this.dispatchEvent(new CustomEvent("ice-restart", { detail: { peer: null, count: ++this.retries } }));
        break;
      case CallingState.OFFLINE:
        this.status("You are offline; the call resumes when the network is back.");
        break;
      case CallingState.RECONNECTING_FAILED:
        this.end("reconnecting_failed", true, "The connection to the call could not be restored. Rejoin to try again.");
        break;
      case CallingState.LEFT:
        if (this.state !== "left" && this.state !== "ended") this.end(this.endReason || "left");
        break;
      default:
        break;
    }
  }

  /** The recording notice travels as a Stream custom event (there is no signalling socket). */
  onCustom(e) {
    const c = e.custom || {};
    if (c.ip !== "recording") return;
    this.setRecording(c.state === "started" ? { id: c.id, by: c.by } : null);
  }

  wsSend(msg) {
    if (msg.type !== "recording" || !this.sc) return;
    const by = this.me?.user || "";
    this.sc.sendCustomEvent({ ip: "recording", state: msg.state, id: msg.id, by }).catch((e) => console.warn("recording notice", e));
    this.setRecording(msg.state === "started" ? { id: msg.id, by } : null);
  }

  // ---------------------------------------------------------------- participants

  syncParticipants(list) {
    const seen = new Set();
    for (const p of list) {
      const id = p.sessionId;
      seen.add(id);
      this.participants.set(id, p);
      const info = {
        id, user: p.name || p.userId, role: roleOf(p),
        audio: hasAudio(p), video: hasVideo(p) || hasScreenShare(p), screen: hasScreenShare(p),
      };
      this.infos.set(id, info);
      let peer = this.peers.get(id);
      if (!peer) {
        peer = { info, pc: null, remote: new MediaStream(), createdAt: performance.now(), restarts: 0, lastRestart: 0,
          connectedOnce: true, stats: {}, quality: "connecting", bound: null };
        this.peers.set(id, peer);
        if (this.container) {
          peer.tile = this.addTile(info, false);
          peer.audio = document.createElement("audio");
          peer.audio.autoplay = true;
          peer.audio.hidden = true;
          peer.tile.root.append(peer.audio);
          if (this.audioOutput && peer.audio.setSinkId) peer.audio.setSinkId(this.audioOutput).catch(() => {});
          peer.unbindAudio = this.sc.bindAudioElement(peer.audio, id, "audioTrack");
        }
      }
      peer.info = info;
      const kind = info.screen ? "screenShareTrack" : "videoTrack";
      if (peer.tile && peer.bound !== kind) {
        peer.unbindVideo?.();
        peer.unbindVideo = this.sc.bindVideoElement(peer.tile.video, id, kind);
        peer.bound = kind;
      }
      this.syncRemoteTracks(peer, p);
      peer.quality = QUALITY[p.connectionQuality] || "connecting";
      if (peer.tile) {
        this.labelTile(peer.tile, info);
        this.showQuality(peer);
      }
      if (p.isDominantSpeaker && this.speaking !== id) { this.speaking = id; this.arrange(); }
      this.watchFirstFrame(peer);
    }
    for (const id of [...this.peers.keys()]) {
      if (!seen.has(id)) { this.infos.delete(id); this.participants.delete(id); this.dropPeer(id); }
    }
    this.updateCount();
    if (this.state === "joined" && this.peers.size) this.status(`In the call with ${this.peers.size} other${this.peers.size === 1 ? "" : "s"}.`);
  }

  /** peer.remote mirrors what the participant publishes: the recorder mixes its audio. */
  syncRemoteTracks(peer, p) {
    const want = [
      ...(p.audioStream?.getAudioTracks() || []),
      ...((p.screenShareStream || p.videoStream)?.getVideoTracks() || []),
    ];
    for (const t of peer.remote.getTracks()) if (!want.includes(t)) peer.remote.removeTrack(t);
    for (const t of want) if (!peer.remote.getTracks().includes(t)) peer.remote.addTrack(t);
  }

  dropPeer(id) {
    const peer = this.peers.get(id);
    if (!peer) return;
    peer.unbindVideo?.();
    peer.unbindAudio?.();
    peer.tile?.root.remove();
    this.peers.delete(id);
    if (this.pinned === id) this.pinned = null;
    this.arrange();
  }

  async inboundStats() {
    const out = {};
    for (const [id, p] of this.participants) {
      out[id] = { user: p.name || p.userId, quality: QUALITY[p.connectionQuality] || "connecting", audioLevel: p.audioLevel || 0 };
    }
    return out;
  }

  tick() {} // the SDK reports quality and the dominant speaker through participant state

  // ---------------------------------------------------------------- controls

  setMuted(muted) {
    this.audioOn = !muted;
    if (this.sc) (muted ? this.sc.microphone.disable() : this.sc.microphone.enable()).catch((e) => this.status(`Microphone: ${e.message}`));
    else this.stream.getAudioTracks().forEach((t) => { t.enabled = this.audioOn; });
    this.sendMuteState();
    this.syncControls();
  }

  async setCamera(on) {
    if (on === this.videoOn) return;
    this.videoOn = on;
    if (this.sc) await (on ? this.sc.camera.enable() : this.sc.camera.disable());
    this.sendMuteState();
    this.syncControls();
  }

  async shareScreen() {
    if (this.screenTrack || !this.sc) return;
    await this.sc.screenShare.enable();
    const track = this.sc.screenShare.state.mediaStream?.getVideoTracks()[0];
    if (!track) return;
    this.screenTrack = track;
    track.addEventListener("ended", () => this.stopShare());
    if (this.localTile) {
      this.localTile.video.srcObject = new MediaStream([track]);
      this.localTile.root.classList.add("ipv-screen");
    }
    this.sendMuteState();
    this.syncControls();
  }

  async stopShare() {
    if (!this.screenTrack) return;
    this.screenTrack = null;
    await this.sc?.screenShare.disable().catch(() => {});
    if (this.localTile) {
      this.localTile.video.srcObject = this.stream;
      this.localTile.root.classList.remove("ipv-screen");
    }
    this.sendMuteState();
    this.syncControls();
  }

  async setDevice(kind, deviceId) {
    if (!this.sc) return;
    if (kind === "audiooutput") {
      this.audioOutput = deviceId;
      for (const peer of this.peers.values()) peer.audio?.setSinkId?.(deviceId).catch(() => {});
      return;
    }
    if (kind === "videoinput") await this.sc.camera.select(deviceId);
    else await this.sc.microphone.select(deviceId);
  }

  // ---------------------------------------------------------------- leaving

  leave() {
    if (this.state === "left" || this.state === "ended") return;
    this.end("left");
  }

  endForEveryone() {
    if (!this.sc) return;
    this.sc.endCall()
      .then(() => this.end("ended_by_interviewer"))
      .catch((e) => this.status(`Could not end the call for everyone: ${e.message || e}`));
  }

  end(reason, failed = false, message = "") {
    if (this.state === "left" || this.state === "ended") return;
    for (const off of this.subs.splice(0)) {
      if (typeof off === "function") off();
      else off?.unsubscribe?.();
    }
    const call = this.sc;
    const client = this.client;
    this.sc = null;
    if (call) call.leave().catch(() => {}).finally(() => client?.disconnectUser().catch(() => {}));
    else client?.disconnectUser().catch(() => {});
    super.end(reason, failed, message);
  }
}

video.StreamCall = StreamCall;
video.providers = { ...(video.providers || {}), stream: StreamCall };
