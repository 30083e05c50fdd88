import { Widget } from '@lumino/widgets';

import { RoomState } from '../room';

export const WARN_SECONDS = 5 * 60;
const ENDED = new Set(['completed', 'succeeded', 'failed', 'cancelled']);

export function formatRemaining(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const mm = String(minutes).padStart(hours ? 2 : 1, '0');
  const ss = String(rest).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * A small status in the lab's top bar: the interview's status and the time left, from the
 * panels' `ip:state` (display only; the service decides everything).
 */
export class RoomStatus extends Widget {
  constructor() {
    super();
    this.id = 'interview-status';
    this.addClass('jp-InterviewStatus');
    this.node.setAttribute('role', 'status');
    this.node.textContent = 'Interview: connecting…';
    this.tick = window.setInterval(() => this.paint(), 1000);
  }

  private state: RoomState | null = null;
  private tick: number;
  private skew = 0;

  get current(): RoomState | null {
    return this.state;
  }

  setState(state: RoomState): void {
    this.state = state;
    const now = state.now ? Date.parse(state.now) : NaN;
    this.skew = Number.isNaN(now) ? 0 : now - Date.now();
    this.paint();
  }

  setMessage(text: string): void {
    this.state = null;
    this.node.textContent = text;
  }

  private paint(): void {
    const state = this.state;
    if (!state) {
      return;
    }
    const left = (new Date(state.ends_at).getTime() - Date.now() - this.skew) / 1000;
    const ended = ENDED.has(state.status);
    this.node.dataset.status = state.status;
    this.node.classList.toggle(
      'jp-mod-warning',
      !ended && left > 0 && left <= WARN_SECONDS
    );
    this.node.classList.toggle('jp-mod-over', !ended && left <= 0);
    if (ended) {
      this.node.textContent = `Interview ${state.status}`;
    } else if (state.status === 'live') {
      this.node.textContent =
        left > 0 ? `Live · ${formatRemaining(left)} left` : 'Live · time is up';
    } else {
      this.node.textContent = `Interview ${state.status}`;
    }
  }

  override dispose(): void {
    window.clearInterval(this.tick);
    super.dispose();
  }
}
