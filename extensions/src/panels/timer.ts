import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';

import { ServiceError } from '../api';
import { clear, h, notice } from '../dom';
import { RoomModel } from '../room';
import { RoomPanel } from './base';

export const WARN_SECONDS = 5 * 60;

export function formatRemaining(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const mm = String(minutes).padStart(hours ? 2 : 1, '0');
  const ss = String(rest).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Time left until the scheduled end, and End interview for the panel. */
export class TimerPanel extends RoomPanel {
  constructor(room: RoomModel) {
    super(room, {
      id: 'interview-timer',
      label: 'Timer',
      className: 'jp-InterviewTimer'
    });
    this.endButton.onclick = () => void this.end();
    this.tick = window.setInterval(() => this.paint(), 1000);
  }

  private tick: number;
  private warned = false;
  private readonly clock = h('div', {
    class: 'jp-InterviewTimer-clock',
    role: 'timer',
    'aria-live': 'off'
  });
  private readonly caption = h('div', { class: 'jp-InterviewTimer-caption' });
  private readonly endButton = h(
    'button',
    { class: 'jp-Button jp-mod-styled jp-mod-warn jp-InterviewTimer-end' },
    'End interview'
  );
  private readonly endStatus = h('div', {
    class: 'jp-InterviewTimer-endStatus',
    role: 'status'
  });

  protected render(): void {
    if (!this.body.firstChild) {
      this.body.append(this.clock, this.caption, this.endButton, this.endStatus);
    }
    this.endButton.hidden = !this.room.isPanel || this.room.ended;
    this.paint();
  }

  private paint(): void {
    const interview = this.room.interview;
    if (!interview || this.room.state !== 'ready') {
      return;
    }
    const end = new Date(interview.ends_at).getTime();
    const left = (end - Date.now()) / 1000;
    this.clock.classList.toggle(
      'jp-mod-warning',
      !this.room.ended && left <= WARN_SECONDS && left > 0
    );
    this.clock.classList.toggle('jp-mod-over', !this.room.ended && left <= 0);
    if (this.room.ended) {
      this.clock.textContent = 'Ended';
      this.caption.textContent = `Status: ${interview.status}`;
      return;
    }
    this.clock.textContent = left > 0 ? formatRemaining(left) : 'Time is up';
    this.caption.textContent = `Scheduled end ${new Date(end).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit'
    })}`;
    if (left <= WARN_SECONDS && left > 0 && !this.warned) {
      this.warned = true;
      Notification.warning(`${Math.ceil(left / 60)} minutes left in the interview.`, {
        autoClose: 10000
      });
    }
  }

  private async end(): Promise<void> {
    const result = await showDialog({
      title: 'End the interview?',
      body: 'Everyone leaves the room; the notebook and its history are archived and the server stops.',
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'End interview' })]
    });
    if (!result.button.accept) {
      return;
    }
    this.endButton.disabled = true;
    clear(this.endStatus);
    try {
      this.room.setInterview(await this.room.client.end(this.room.interviewId));
    } catch (reason) {
      this.endStatus.append(
        notice(
          reason instanceof ServiceError
            ? reason.message
            : 'The interview could not be ended.',
          'error'
        )
      );
    } finally {
      this.endButton.disabled = false;
    }
  }

  override dispose(): void {
    window.clearInterval(this.tick);
    super.dispose();
  }
}
