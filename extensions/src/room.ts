/**
 * The room's configuration and the parent half of the postMessage bridge.
 *
 * The lab page runs on the interview server's origin, where the candidate controls every
 * script, so it never calls the interviews service. Each panel is a page of the service in an
 * iframe; this page only talks to those iframes with postMessage, and only what the panels ask
 * for: the code of a solution cell, a problem's public cells to insert, presence. What the
 * iframes tell us (`ip:state`) is used for display only. See docs/architecture.md, "The room".
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** `GET <base_url>interview/config`, served by our server extension. */
export interface RoomConfig {
  interview_id: string;
  /** absolute (`http://hub.example/services/interviews/`) or a path on this origin */
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

export type PanelName = 'problem' | 'notes' | 'timer' | 'participants' | 'review' | 'call';

/** The service's base URL, absolute. */
export function serviceBase(config: RoomConfig): URL {
  return new URL(config.service_url, window.location.href);
}

/** `<service_url>room/<id>/panel/<name>?origin=<this origin>&theme=<lab theme>`; the AI
 * review (another helper's page) is `<service_url>interviews/<id>/ai-review?embed=1`. */
export function panelUrl(config: RoomConfig, name: PanelName): string {
  const id = encodeURIComponent(config.interview_id);
  const path =
    name === 'review' ? `interviews/${id}/ai-review` : `room/${id}/panel/${name}`;
  const url = new URL(path, serviceBase(config));
  if (name === 'review') {
    url.searchParams.set('embed', '1');
    return url.toString();
  }
  url.searchParams.set('origin', window.location.origin);
  const light = document.body.dataset.jpThemeLight;
  if (light === 'true' || light === 'false') {
    url.searchParams.set('theme', light === 'true' ? 'light' : 'dark');
  }
  return url.toString();
}

export interface Person {
  name: string;
  role: string;
}

/** `ip:state` from a panel: what the service shows this viewer (display only). */
export interface RoomState {
  status: string;
  ends_at: string;
  /** the service's clock when the panel sent this (countdowns follow it) */
  now: string | null;
  participants: Person[];
  viewer: Person | null;
}

/** A notebook cell as the service writes it (public cells only). */
export interface CellData {
  cell_type: 'markdown' | 'code';
  id?: string;
  source: string;
}

export interface BridgeHandlers {
  ready(frame: HTMLIFrameElement, ok: boolean): void;
  source(problem: string): { language: string; source: string };
  insert(problem: string, cells: CellData[]): void;
  state(state: RoomState): void;
  /** the code the AI review page asks for (`interview-source-request`) */
  reviewSource(): { problem: string; language: string; source: string } | null;
}

const SLUG = /^[a-z0-9-]{1,64}$/;
const MAX_CELLS = 20;
const MAX_SOURCE = 512 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function person(value: unknown): Person | null {
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    typeof value.role !== 'string'
  ) {
    return null;
  }
  return { name: value.name.slice(0, 255), role: value.role.slice(0, 32) };
}

export function parseState(message: Record<string, unknown>): RoomState | null {
  if (typeof message.status !== 'string' || typeof message.ends_at !== 'string') {
    return null;
  }
  const people = Array.isArray(message.participants) ? message.participants : [];
  return {
    status: message.status.slice(0, 32),
    ends_at: message.ends_at.slice(0, 64),
    now: typeof message.now === 'string' ? message.now.slice(0, 64) : null,
    participants: people
      .slice(0, 50)
      .map(person)
      .filter((p): p is Person => p !== null),
    viewer: person(message.viewer)
  };
}

export function parseCells(value: unknown): CellData[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CELLS) {
    return null;
  }
  const cells: CellData[] = [];
  for (const item of value) {
    if (
      !isRecord(item) ||
      (item.cell_type !== 'markdown' && item.cell_type !== 'code') ||
      typeof item.source !== 'string' ||
      item.source.length > MAX_SOURCE
    ) {
      return null;
    }
    const cell: CellData = { cell_type: item.cell_type, source: item.source };
    if (typeof item.id === 'string' && /^[\w-]{1,64}$/.test(item.id)) {
      cell.id = item.id;
    }
    cells.push(cell);
  }
  return cells;
}

/**
 * The parent half of the bridge: accepts messages only from our own panel iframes on the
 * service's origin, and posts only to them, with that origin as the target.
 */
export class Bridge {
  constructor(
    readonly serviceOrigin: string,
    private readonly handlers: BridgeHandlers
  ) {
    window.addEventListener('message', this.onMessage);
  }

  private readonly frames = new Set<HTMLIFrameElement>();

  register(frame: HTMLIFrameElement): void {
    this.frames.add(frame);
  }

  unregister(frame: HTMLIFrameElement): void {
    this.frames.delete(frame);
  }

  post(frame: HTMLIFrameElement, message: Record<string, unknown>): void {
    frame.contentWindow?.postMessage(message, this.serviceOrigin);
  }

  broadcast(message: Record<string, unknown>): void {
    for (const frame of this.frames) {
      this.post(frame, message);
    }
  }

  dispose(): void {
    window.removeEventListener('message', this.onMessage);
    this.frames.clear();
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (event.origin !== this.serviceOrigin) {
      return;
    }
    let frame: HTMLIFrameElement | null = null;
    for (const candidate of this.frames) {
      if (candidate.contentWindow !== null && candidate.contentWindow === event.source) {
        frame = candidate;
      }
    }
    const message: unknown = event.data;
    if (frame === null || !isRecord(message) || typeof message.type !== 'string') {
      return;
    }
    switch (message.type) {
      case 'ip:ready':
        this.handlers.ready(frame, message.ok === true);
        break;
      case 'ip:get-source': {
        const requestId = message.requestId;
        const problem = message.problem;
        if (
          typeof requestId !== 'string' ||
          requestId.length > 100 ||
          typeof problem !== 'string' ||
          !SLUG.test(problem)
        ) {
          return;
        }
        const { language, source } = this.handlers.source(problem);
        this.post(frame, { type: 'ip:source', requestId, language, source });
        break;
      }
      case 'ip:insert-problem': {
        const cells = parseCells(message.cells);
        if (typeof message.problem === 'string' && SLUG.test(message.problem) && cells) {
          this.handlers.insert(message.problem, cells);
        }
        break;
      }
      case 'interview-source-request': {
        const code = this.handlers.reviewSource();
        if (code) {
          this.post(frame, { type: 'interview-source', ...code });
        }
        break;
      }
      case 'ip:state': {
        const state = parseState(message);
        if (state) {
          this.handlers.state(state);
        }
        break;
      }
      default:
        break;
    }
  };
}
