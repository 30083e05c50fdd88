/**
 * The room's shared state: which interview, who is looking, and the interview as the service
 * shows it to them. Panels listen to `changed` and re-render.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { Interview, Me, ServiceClient, ServiceError, ServiceEvent } from './api';

/** `GET <base_url>interview/config`, served by our server extension. */
export interface RoomConfig {
  interview_id: string;
  service_url: string;
  notebook: string;
  poll_interval_s: number;
  user: string | null;
}

export async function loadConfig(
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<RoomConfig> {
  const url = URLExt.join(settings.baseUrl, 'interview/config');
  const response = await ServerConnection.makeRequest(url, {}, settings);
  if (!response.ok) {
    throw new ServerConnection.ResponseError(response);
  }
  return (await response.json()) as RoomConfig;
}

export type RoomState = 'loading' | 'detached' | 'signed-out' | 'error' | 'ready';

const ENDED = new Set(['completed', 'succeeded', 'failed', 'cancelled']);

export class RoomModel {
  constructor(
    readonly config: RoomConfig,
    readonly client: ServiceClient = new ServiceClient(config.service_url)
  ) {}

  state: RoomState = 'loading';
  error = '';
  me: Me | null = null;
  interview: Interview | null = null;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** A 'Run tests' job finished or started somewhere in this interview. */
  get testRun(): ISignal<this, number> {
    return this._testRun;
  }

  get interviewId(): string {
    return this.config.interview_id;
  }

  /** The viewer is on the interview's panel (or an admin): the browser only hides, the
   * service decides. */
  get isPanel(): boolean {
    if (!this.me || !this.interview) {
      return false;
    }
    return this.me.admin || this.interview.interviewers.includes(this.me.name);
  }

  get ended(): boolean {
    return this.interview !== null && ENDED.has(this.interview.status);
  }

  async start(): Promise<void> {
    if (!this.interviewId) {
      this.set('detached', 'This server is not attached to an interview.');
      return;
    }
    await this.refresh();
    this.timer = window.setInterval(
      () => void this.refresh(),
      Math.max(2, this.config.poll_interval_s) * 1000
    );
    try {
      this.events = await this.client.events(event => this.onEvent(event));
    } catch {
      // polling alone keeps the room up to date
    }
  }

  async refresh(): Promise<void> {
    try {
      if (this.me === null) {
        this.me = await this.client.me();
      }
      this.interview = await this.client.interview(this.interviewId);
      this.set('ready', '');
    } catch (reason) {
      this.fail(reason);
    }
  }

  /** Show a service error in the panels (signed out, forbidden, network). */
  fail(reason: unknown): void {
    if (reason instanceof ServiceError && reason.signedOut) {
      this.set('signed-out', 'Your session with the interviews service has expired.');
    } else if (reason instanceof ServiceError) {
      this.set('error', reason.message);
    } else {
      this.set('error', 'The interviews service cannot be reached.');
    }
  }

  /**
   * Renew the service session without leaving the room: a hidden same-origin frame visits the
   * service, which runs the hub's OAuth redirect (no prompt: `oauth_no_confirm`) and sets its
   * cookie again. Then reload the interview.
   */
  async reconnect(): Promise<void> {
    await new Promise<void>(resolve => {
      const frame = document.createElement('iframe');
      frame.hidden = true;
      frame.src = this.config.service_url;
      const done = () => {
        window.clearTimeout(timeout);
        frame.remove();
        resolve();
      };
      const timeout = window.setTimeout(done, 15000);
      frame.addEventListener('load', done, { once: true });
      document.body.appendChild(frame);
    });
    this.me = null;
    await this.client.xsrfToken(true).catch(() => undefined);
    await this.refresh();
  }

  /** Update the interview after an action (e.g. End interview). */
  setInterview(interview: Interview): void {
    this.interview = interview;
    this._changed.emit();
  }

  dispose(): void {
    window.clearInterval(this.timer);
    this.events?.close();
    Signal.clearData(this);
  }

  private onEvent(event: ServiceEvent): void {
    if (event.id !== this.interviewId) {
      return;
    }
    if (event.type === 'interview') {
      void this.refresh();
    } else if (event.type === 'test_run') {
      this._testRun.emit(event.job);
    }
  }

  private set(state: RoomState, error: string): void {
    this.state = state;
    this.error = error;
    this._changed.emit();
  }

  private timer = 0;
  private events: EventSource | null = null;
  private _changed = new Signal<this, void>(this);
  private _testRun = new Signal<this, number>(this);
}
