import { Widget } from '@lumino/widgets';

import { clear, h, notice } from '../dom';
import { RoomModel } from '../room';

/** A sidebar panel that follows the room's state and renders when the room is ready. */
export abstract class RoomPanel extends Widget {
  constructor(
    protected readonly room: RoomModel,
    options: { id: string; label: string; className: string }
  ) {
    super();
    this.id = options.id;
    this.title.caption = options.label;
    this.addClass('jp-InterviewPanel');
    this.addClass(options.className);
    this.header = h('h2', { class: 'jp-InterviewPanel-title' }, options.label);
    this.status = h('div', { class: 'jp-InterviewPanel-status' });
    this.body = h('div', { class: 'jp-InterviewPanel-body' });
    this.node.append(this.header, this.status, this.body);
    room.changed.connect(this.update, this);
  }

  protected readonly header: HTMLElement;
  protected readonly status: HTMLElement;
  protected readonly body: HTMLElement;

  protected override onUpdateRequest(): void {
    clear(this.status);
    switch (this.room.state) {
      case 'loading':
        this.status.append(notice('Loading…'));
        return;
      case 'detached':
      case 'error':
        this.status.append(notice(this.room.error, 'error'));
        if (this.room.state === 'detached') {
          return;
        }
        break;
      case 'signed-out': {
        const button = h(
          'button',
          { class: 'jp-Button jp-mod-styled jp-mod-accept' },
          'Reconnect'
        );
        button.onclick = () => void this.room.reconnect();
        this.status.append(notice(this.room.error, 'warn'), button);
        return;
      }
      default:
        break;
    }
    if (this.room.ended) {
      this.status.append(notice('The interview has ended.', 'warn'));
    }
    if (this.room.interview) {
      this.render();
    }
  }

  protected override onAfterAttach(): void {
    this.update();
  }

  /** Fill `body` for a ready room (the interview and the viewer are known). */
  protected abstract render(): void;

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.room.changed.disconnect(this.update, this);
    super.dispose();
  }
}
