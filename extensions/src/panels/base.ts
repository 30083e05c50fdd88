import { Widget } from '@lumino/widgets';

import { h, notice } from '../dom';
import { Bridge } from '../room';

/** How long a loaded frame may take to say `ip:ready` before we call the service unreachable. */
const READY_TIMEOUT_MS = 20000;

/**
 * A sidebar panel showing one page of the interviews service in an iframe. The page is
 * trusted and this lab page is not: it holds nothing of the panel's content and only relays
 * postMessage traffic (see ../room.ts).
 */
export class FramePanel extends Widget {
  constructor(
    readonly bridge: Bridge,
    options: {
      id: string;
      label: string;
      url: string;
      readyOnLoad?: boolean;
      /** the iframe's permissions policy (`allow`), e.g. the camera for the call */
      allow?: string;
    }
  ) {
    super();
    this.id = options.id;
    this.url = options.url;
    this.label = options.label;
    this.readyOnLoad = options.readyOnLoad ?? false;
    this.title.caption = options.label;
    this.addClass('jp-InterviewFramePanel');
    this.status = h('div', { class: 'jp-InterviewFramePanel-status' });
    this.frame = h('iframe', {
      class: 'jp-InterviewFramePanel-frame',
      title: options.label,
      referrerpolicy: 'origin',
      ...(options.allow ? { allow: options.allow } : {})
    });
    this.frame.dataset.panel = options.id;
    this.frame.addEventListener('load', () => this.onLoad());
    this.node.append(this.status, this.frame);
    bridge.register(this.frame);
    this.load();
  }

  readonly frame: HTMLIFrameElement;
  readonly url: string;
  readonly label: string;
  /** a page that does not speak `ip:ready` (the AI review): loaded is ready */
  private readonly readyOnLoad: boolean;
  private readonly status: HTMLElement;
  private timer = 0;
  private ready = false;

  /** (Re)load the service's page. */
  load(): void {
    this.ready = false;
    this.showStatus(notice(`Loading ${this.label}…`));
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.unreachable(), READY_TIMEOUT_MS * 2);
    this.frame.src = this.url;
  }

  /** The page said `ip:ready` (an error page of the service says so too). */
  markReady(): void {
    this.ready = true;
    window.clearTimeout(this.timer);
    this.showStatus(null);
  }

  private onLoad(): void {
    if (this.readyOnLoad) {
      this.markReady();
      return;
    }
    if (this.ready) {
      return; // a navigation inside the panel (e.g. another problem): its page says ready
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.unreachable(), READY_TIMEOUT_MS);
  }

  private unreachable(): void {
    if (this.ready) {
      return;
    }
    const retry = h(
      'button',
      { class: 'jp-Button jp-mod-styled jp-mod-accept', type: 'button' },
      'Retry'
    );
    retry.onclick = () => this.load();
    const box = h(
      'div',
      {},
      notice(
        'The interviews service cannot be reached (or you are signed out of it). ' +
          'Check your connection, then retry.',
        'error'
      ),
      retry
    );
    this.showStatus(box);
  }

  private showStatus(content: HTMLElement | null): void {
    this.status.replaceChildren(...(content ? [content] : []));
    this.status.hidden = content === null;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    window.clearTimeout(this.timer);
    this.bridge.unregister(this.frame);
    super.dispose();
  }
}
