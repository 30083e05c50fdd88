/**
 * Connection lost, without a modal dialog.
 *
 * JupyterLab's default handler opens a modal "Server Connection Error" dialog that takes the
 * keyboard focus: in the middle of typing, the next Enter dismisses it and the characters in
 * between are gone (tests/extension/test_durability.py caught it). The shared notebook keeps
 * every local edit while the server is away and sends it on reconnect, so a notice that does
 * not take the focus is all a person needs. It is a plain element of this bundle (JupyterLab's
 * toasts load their code on first use, which fails once the server is gone), shown until
 * `api/status` answers again. The file browser's "Directory not found" dialog for the room's
 * root, which a hub restart causes, is replaced by the same notice.
 */
import {
  IConnectionLost,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { h } from './dom';

const MESSAGE =
  'The connection to the server was lost. Keep typing: your edits stay in this page and ' +
  'are sent when the connection is back.';
const RECHECK_MS = 3000;

export const connectionLost: JupyterFrontEndPlugin<IConnectionLost> = {
  id: '@interview-platform/lab:connection-lost',
  description: 'Tells about a lost server connection without taking the keyboard focus.',
  autoStart: true,
  provides: IConnectionLost,
  activate: (app: JupyterFrontEnd): IConnectionLost => {
    const banner = h(
      'div',
      { class: 'jp-InterviewConnectionLost', role: 'status', 'aria-live': 'polite' },
      MESSAGE
    );
    banner.hidden = true;
    document.body.append(banner);
    const settings = app.serviceManager.serverSettings;
    let timer = 0;
    const recheck = async (): Promise<void> => {
      try {
        const url = URLExt.join(settings.baseUrl, 'api/status');
        const response = await ServerConnection.makeRequest(url, {}, settings);
        if (response.ok) {
          banner.hidden = true;
          return;
        }
      } catch {
        // still away
      }
      timer = window.setTimeout(() => void recheck(), RECHECK_MS);
    };
    const show = (): void => {
      if (banner.hidden) {
        banner.hidden = false;
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void recheck(), RECHECK_MS);
      }
    };
    // The file browser reports a failed listing of its root as a modal "Directory not found"
    // dialog, which takes the focus just like the one above. The room's root always exists:
    // a 404 there means the server's route is gone for a moment (the hub or its proxy
    // restarting), so the dialog is closed at once and the notice shown instead.
    const observer = new MutationObserver(() => {
      for (const dialog of document.body.querySelectorAll<HTMLElement>(':scope > .jp-Dialog')) {
        const label = dialog.getAttribute('aria-label') ?? '';
        if (label.startsWith('Directory not found') && label.endsWith(': ""')) {
          dialog.querySelector<HTMLButtonElement>('.jp-Dialog-button')?.click();
          show();
        }
      }
    });
    observer.observe(document.body, { childList: true });
    return async () => show();
  }
};
