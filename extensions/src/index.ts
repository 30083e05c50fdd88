/**
 * Interview Platform's JupyterLab room: Problem (with Run tests), Interviewer notes, Timer
 * (with End interview) and Participants in the right sidebar, and the interview notebook opened
 * on load.
 */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { IGlobalAwareness } from '@jupyter/collaborative-drive';

import { ServiceClient } from './api';
import { notesIcon, participantsIcon, problemIcon, timerIcon } from './icons';
import { NotesPanel } from './panels/notes';
import { AwarenessLike, ParticipantsPanel } from './panels/participants';
import { ProblemPanel } from './panels/problem';
import { TimerPanel } from './panels/timer';
import { loadConfig, RoomConfig, RoomModel } from './room';

export { ServiceClient, RoomModel };

const PLUGIN_ID = '@interview-platform/lab:room';

/** Open (or find) the interview notebook; null when the server has none yet. */
async function openInterviewNotebook(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  tracker: INotebookTracker,
  config: RoomConfig
): Promise<NotebookPanel | null> {
  let found: NotebookPanel | null = null;
  tracker.forEach(panel => {
    if (panel.context.path === config.notebook) {
      found = panel;
    }
  });
  if (found) {
    return found;
  }
  try {
    await app.serviceManager.contents.get(config.notebook, { content: false });
  } catch {
    return null; // not written yet (the service writes it when the room opens)
  }
  const widget = docManager.openOrReveal(config.notebook);
  return widget instanceof NotebookPanel ? widget : null;
}

const INTERVIEW_ID = /^[\w-]{1,32}$/;

/** Without INTERVIEW_ID in the server's environment, the id the service wrote into the
 * notebook's metadata (`interview.id`). Not a secret, and the service checks every call. */
async function interviewIdFromNotebook(panel: NotebookPanel | null): Promise<string> {
  if (!panel) {
    return '';
  }
  await panel.context.ready;
  const meta = panel.context.model.getMetadata('interview') as
    { id?: unknown } | undefined;
  return typeof meta?.id === 'string' && INTERVIEW_ID.test(meta.id) ? meta.id : '';
}

const room: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The interview room panels.',
  autoStart: true,
  requires: [ILabShell, IRenderMimeRegistry, INotebookTracker, IDocumentManager],
  optional: [IGlobalAwareness, ILayoutRestorer],
  activate: async (
    app: JupyterFrontEnd,
    shell: ILabShell,
    rendermime: IRenderMimeRegistry,
    notebooks: INotebookTracker,
    docManager: IDocumentManager,
    awareness: unknown,
    restorer: ILayoutRestorer | null
  ): Promise<void> => {
    let config: RoomConfig;
    try {
      config = await loadConfig(app.serviceManager.serverSettings);
    } catch (reason) {
      console.error('Interview room: the server extension did not answer', reason);
      return;
    }
    const model = new RoomModel(config, new ServiceClient(config.service_url));

    const problem = new ProblemPanel(model, rendermime, notebooks);
    problem.title.icon = problemIcon;
    const timer = new TimerPanel(model);
    timer.title.icon = timerIcon;
    const participants = new ParticipantsPanel(
      model,
      (awareness as AwarenessLike | null) ?? null
    );
    participants.title.icon = participantsIcon;
    shell.add(problem, 'right', { rank: 100 });
    shell.add(timer, 'right', { rank: 110 });
    shell.add(participants, 'right', { rank: 120 });
    for (const widget of [problem, timer, participants]) {
      restorer?.add(widget, widget.id);
    }

    let notes: NotesPanel | null = null;
    model.changed.connect(() => {
      // the notes panel exists only for the interview's panel; the service refuses others
      if (model.isPanel && notes === null) {
        notes = new NotesPanel(model);
        notes.title.icon = notesIcon;
        shell.add(notes, 'right', { rank: 105 });
      } else if (!model.isPanel && notes !== null && model.state === 'ready') {
        notes.dispose();
        notes = null;
      }
    });

    void app.restored.then(async () => {
      // a first visit (nothing restored on the right): the problem on the right, files hidden
      if (shell.rightCollapsed) {
        shell.activateById(problem.id);
        shell.collapseLeft();
      }
      const notebook = await openInterviewNotebook(app, docManager, notebooks, config);
      if (!config.interview_id) {
        config.interview_id = await interviewIdFromNotebook(notebook);
      }
      await model.start();
    });
  }
};

export default [room];
