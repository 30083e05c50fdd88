/**
 * Interview Platform's JupyterLab room: the Problem (with Run tests), Interviewer notes,
 * Timer (with End interview) and Participants panels in the right sidebar, each a page of the
 * interviews service in an iframe, and the interview notebook opened on load.
 *
 * This page runs on the interview server's origin, which the candidate controls: it never
 * calls the service. It relays postMessage traffic for the panels (./room.ts) and shows a
 * small status from what they tell it.
 */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';
import { IGlobalAwareness } from '@jupyter/collaborative-drive';

import { connectionLost } from './connection';
import { h, notice } from './dom';
import {
  callIcon,
  notesIcon,
  participantsIcon,
  problemIcon,
  reviewIcon,
  timerIcon
} from './icons';
import { FramePanel } from './panels/base';
import { AwarenessLike, presentUsers } from './panels/participants';
import {
  collectSource,
  firstSolution,
  insertProblemCells,
  notebookLanguage
} from './panels/problem';
import { RoomStatus } from './panels/timer';
import {
  Bridge,
  loadConfig,
  PanelName,
  panelUrl,
  RoomConfig,
  RoomState,
  serviceBase
} from './room';

export { Bridge };

const PLUGIN_ID = '@interview-platform/lab:room';
const INTERVIEW_ID = /^[\w-]{1,32}$/;
const LABELS: Record<PanelName, string> = {
  problem: 'Problem',
  notes: 'Interviewer notes',
  timer: 'Timer',
  participants: 'Participants',
  review: 'AI review',
  call: 'Video call'
};
const RANKS: Record<PanelName, number> = {
  problem: 100,
  notes: 105,
  timer: 110,
  participants: 120,
  review: 107,
  call: 102
};
const ICONS = {
  problem: problemIcon,
  notes: notesIcon,
  timer: timerIcon,
  participants: participantsIcon,
  review: reviewIcon,
  call: callIcon
};

function findNotebook(tracker: INotebookTracker, path: string): NotebookPanel | null {
  let found: NotebookPanel | null = null;
  tracker.forEach(panel => {
    if (panel.context.path === path) {
      found = panel;
    }
  });
  return found;
}

/** Open (or find) the interview notebook; null when the server has none yet. */
async function openInterviewNotebook(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  tracker: INotebookTracker,
  config: RoomConfig
): Promise<NotebookPanel | null> {
  const found = findNotebook(tracker, config.notebook);
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

/** Without INTERVIEW_ID in the server's environment, the id the service wrote into the
 * notebook's metadata (`interview.id`). Not a secret; the service checks every request. */
async function interviewIdFromNotebook(panel: NotebookPanel | null): Promise<string> {
  if (!panel) {
    return '';
  }
  await panel.context.ready;
  const meta = panel.context.model.getMetadata('interview') as
    { id?: unknown } | undefined;
  return typeof meta?.id === 'string' && INTERVIEW_ID.test(meta.id) ? meta.id : '';
}

class DetachedPanel extends Widget {
  constructor(message: string) {
    super();
    this.id = 'interview-problem';
    this.title.caption = 'Interview';
    this.title.icon = problemIcon;
    this.addClass('jp-InterviewFramePanel');
    this.node.append(
      h('div', { class: 'jp-InterviewFramePanel-status' }, notice(message))
    );
  }
}

const room: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The interview room panels (pages of the interviews service in iframes).',
  autoStart: true,
  requires: [ILabShell, INotebookTracker, IDocumentManager],
  optional: [IGlobalAwareness, ILayoutRestorer],
  // not async: the lab's start waits for every plugin's activation, so a round trip awaited
  // here would delay opening the notebook for everyone who joins
  activate: (
    app: JupyterFrontEnd,
    shell: ILabShell,
    notebooks: INotebookTracker,
    docManager: IDocumentManager,
    awareness: unknown,
    restorer: ILayoutRestorer | null
  ): void => {
    const status = new RoomStatus();
    shell.add(status, 'top', { rank: 1000 });
    const config = loadConfig(app.serviceManager.serverSettings);
    // never await `restored` in activate: it waits for every plugin, this one included
    void Promise.all([config, app.restored]).then(
      ([loaded]: [RoomConfig, void]) =>
        startRoom(
          app,
          shell,
          notebooks,
          docManager,
          loaded,
          status,
          awareness as AwarenessLike | null,
          restorer
        ),
      (reason: unknown) => {
        status.dispose();
        console.error('Interview room: the server extension did not answer', reason);
      }
    );
  }
};

async function startRoom(
  app: JupyterFrontEnd,
  shell: ILabShell,
  notebooks: INotebookTracker,
  docManager: IDocumentManager,
  config: RoomConfig,
  status: RoomStatus,
  presence: AwarenessLike | null,
  restorer: ILayoutRestorer | null
): Promise<void> {
  const firstVisit = shell.rightCollapsed;
  const notebook = await openInterviewNotebook(app, docManager, notebooks, config);
  if (!config.interview_id) {
    config.interview_id = await interviewIdFromNotebook(notebook);
  }
  if (!config.interview_id) {
    status.setMessage('Not attached to an interview');
    shell.add(
      new DetachedPanel('This server is not attached to an interview.'),
      'right',
      {
        rank: 100
      }
    );
    return;
  }
  const current = (): NotebookPanel | null =>
    findNotebook(notebooks, config.notebook) ?? notebooks.currentWidget;
  const panels = new Map<PanelName, FramePanel>();

  const pushPresence = (): void => {
    const names = presentUsers(presence);
    if (config.user) {
      names.add(config.user);
    }
    bridge.broadcast({ type: 'ip:presence', names: [...names] });
  };

  const onState = (state: RoomState): void => {
    status.setState(state);
    // cosmetic: the service renders a 403 page to anyone else and refuses every call
    const role = state.viewer?.role;
    if ((role === 'interviewer' || role === 'admin') && !panels.has('notes')) {
      add('notes');
      add('review'); // the AI review page (403 for anyone else, like the notes)
    }
  };

  const bridge = new Bridge(serviceBase(config).origin, {
    ready: frame => {
      for (const panel of panels.values()) {
        if (panel.frame === frame) {
          panel.markReady();
        }
      }
      pushPresence();
    },
    source: problem => {
      const panel = current();
      return {
        language: notebookLanguage(panel),
        source: collectSource(panel, problem).source
      };
    },
    insert: (_problem, cells) => {
      insertProblemCells(current(), cells);
    },
    state: onState,
    reviewSource: () => {
      const panel = current();
      const found = firstSolution(panel);
      return found ? { ...found, language: notebookLanguage(panel) } : null;
    }
  });

  const add = (name: PanelName): FramePanel => {
    const panel = new FramePanel(bridge, {
      id: `interview-${name}`,
      label: LABELS[name],
      url: panelUrl(config, name),
      readyOnLoad: name === 'review',
      // the call's page asks for the camera, the microphone and the screen (the service's
      // origin, framed here: the lab page itself gets none of them)
      allow: name === 'call' ? 'camera; microphone; display-capture; autoplay; fullscreen' : ''
    });
    panel.title.icon = ICONS[name];
    panels.set(name, panel);
    shell.add(panel, 'right', { rank: RANKS[name] });
    restorer?.add(panel, panel.id);
    return panel;
  };

  const problem = add('problem');
  add('call');
  add('timer');
  add('participants');
  presence?.on('change', pushPresence);
  if (firstVisit) {
    // a first visit (nothing restored on the right): the problem on the right, files hidden
    shell.activateById(problem.id);
    shell.collapseLeft();
  }
}

export default [room, connectionLost];
