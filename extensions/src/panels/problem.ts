import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';

import { GradeJob, GradeResult, Problem, ServiceError } from '../api';
import { clear, h, notice } from '../dom';
import { RoomModel } from '../room';
import { RoomPanel } from './base';

const RUNNING = new Set(['queued', 'running']);
const POLL_MS = 750;

/** A Python solution cell starts with `%%writefile solution_<slug>.py` (so the notebook's own
 * test cell can run it): the magic is the notebook's business, not the program's. */
export function stripWriteFile(source: string): string {
  return /^%%writefile\b/.test(source) ? source.slice(source.indexOf('\n') + 1) : source;
}

/**
 * The code sent by 'Run tests'. The service writes one `<slug>-solution` cell per problem into
 * the interview notebook: that cell, when it exists. Otherwise every code cell in order, except
 * the notebook's test cells (`<slug>-tests`), `%%stdin` tries and cells tagged `scratch`.
 */
export function collectSource(
  panel: NotebookPanel | null,
  slug: string
): { source: string; cells: number } {
  const model = panel?.content.model;
  if (!model) {
    return { source: '', cells: 0 };
  }
  const code = model.sharedModel.cells.filter(cell => cell.cell_type === 'code');
  const solution = code.find(cell => cell.id === `${slug}-solution`);
  if (solution) {
    const text = stripWriteFile(solution.getSource());
    return { source: text, cells: text.trim() ? 1 : 0 };
  }
  const parts: string[] = [];
  for (const cell of code) {
    const tags = (cell.getMetadata('tags') ?? []) as unknown;
    const text = cell.getSource();
    if (
      (Array.isArray(tags) && tags.includes('scratch')) ||
      cell.id.endsWith('-tests') ||
      /^%%stdin\b/.test(text)
    ) {
      continue;
    }
    const program = stripWriteFile(text);
    if (program.trim()) {
      parts.push(program);
    }
  }
  return { source: parts.join('\n\n'), cells: parts.length };
}

export class ProblemPanel extends RoomPanel {
  constructor(
    room: RoomModel,
    private readonly rendermime: IRenderMimeRegistry,
    private readonly notebooks: INotebookTracker
  ) {
    super(room, {
      id: 'interview-problem',
      label: 'Problem',
      className: 'jp-InterviewProblem'
    });
    room.testRun.connect((_, job) => void this.follow(job), this);
  }

  private slugs = '';
  private slug = '';
  private problem: Problem | null = null;
  private following = 0;
  private readonly statement = h('div', { class: 'jp-InterviewProblem-statement' });
  private readonly tests = h('div', { class: 'jp-InterviewProblem-tests' });
  private readonly meta = h('div', { class: 'jp-InterviewProblem-meta' });
  private readonly picker = h('select', {
    class: 'jp-InterviewProblem-picker',
    'aria-label': 'Problem'
  });
  private readonly runButton = h(
    'button',
    { class: 'jp-Button jp-mod-styled jp-mod-accept jp-InterviewProblem-run' },
    'Run tests'
  );
  private readonly runStatus = h('div', {
    class: 'jp-InterviewProblem-runStatus',
    role: 'status'
  });
  private readonly results = h('div', { class: 'jp-InterviewProblem-results' });

  protected render(): void {
    const interview = this.room.interview;
    if (!interview) {
      return;
    }
    const slugs = interview.problems.join(',');
    if (slugs !== this.slugs) {
      this.slugs = slugs;
      this.build(interview.problems);
    }
    this.runButton.disabled = this.room.ended || !this.problem || this.following > 0;
  }

  private build(problems: string[]): void {
    clear(this.body);
    if (problems.length === 0) {
      this.body.append(notice('No problem is set for this interview yet.'));
      return;
    }
    clear(this.picker);
    for (const slug of problems) {
      this.picker.append(h('option', { value: slug }, slug));
    }
    if (!problems.includes(this.slug)) {
      this.slug = problems[0];
    }
    this.picker.value = this.slug;
    this.picker.onchange = () => void this.showProblem(this.picker.value);
    this.picker.hidden = problems.length < 2;
    this.runButton.onclick = () => void this.run();
    this.body.append(
      this.picker,
      this.meta,
      this.statement,
      this.tests,
      h('div', { class: 'jp-InterviewProblem-actions' }, this.runButton, this.runStatus),
      this.results
    );
    void this.showProblem(this.slug);
  }

  private async showProblem(slug: string): Promise<void> {
    this.slug = slug;
    this.problem = null;
    clear(this.statement);
    clear(this.tests);
    clear(this.meta);
    this.statement.append(notice('Loading the problem…'));
    try {
      const problem = await this.room.client.problem(slug);
      if (slug !== this.slug) {
        return;
      }
      this.problem = problem;
      await this.renderProblem(problem);
    } catch (reason) {
      clear(this.statement);
      const message =
        reason instanceof ServiceError
          ? reason.message
          : 'The problem could not be loaded.';
      this.statement.append(notice(message, 'error'));
    }
    this.update();
  }

  private async renderProblem(problem: Problem): Promise<void> {
    const language = this.room.interview?.language ?? 'python';
    this.meta.append(
      h('span', { class: 'jp-InterviewProblem-heading' }, problem.title),
      h(
        'span',
        { class: `jp-InterviewBadge jp-InterviewBadge-${problem.difficulty}` },
        problem.difficulty
      ),
      h('span', { class: 'jp-InterviewBadge', title: 'Language' }, language),
      h(
        'span',
        { class: 'jp-InterviewProblem-limits' },
        `${problem.time_limit_s} s · ${problem.memory_limit_mb} MB`
      )
    );
    clear(this.statement);
    // the service's Markdown, rendered by JupyterLab's sanitising Markdown renderer (untrusted)
    const renderer = this.rendermime.createRenderer('text/markdown');
    await renderer.renderModel(
      new MimeModel({ data: { 'text/markdown': problem.statement }, trusted: false })
    );
    // heading anchors would change the lab's URL: not useful in a side panel
    renderer.node.querySelectorAll('.jp-InternalAnchorLink').forEach(a => a.remove());
    // most statements open with the title as a heading: shown once, in the statement
    const first = renderer.node.firstElementChild;
    if (
      first &&
      /^H[1-3]$/.test(first.tagName) &&
      first.textContent?.trim().toLowerCase() === problem.title.trim().toLowerCase()
    ) {
      this.meta.querySelector('.jp-InterviewProblem-heading')?.remove();
    }
    this.statement.append(renderer.node);
    this.tests.append(h('h3', {}, `Visible tests (${problem.visible.length})`));
    for (const test of problem.visible) {
      this.tests.append(
        h(
          'details',
          { class: 'jp-InterviewProblem-test' },
          h('summary', {}, test.name),
          h('div', { class: 'jp-InterviewProblem-io' }, 'Input'),
          h('pre', {}, test.input),
          h('div', { class: 'jp-InterviewProblem-io' }, 'Expected output'),
          h('pre', {}, test.output)
        )
      );
    }
  }

  private notebook(): NotebookPanel | null {
    const wanted = this.room.config.notebook;
    let found: NotebookPanel | null = null;
    this.notebooks.forEach(panel => {
      if (panel.context.path === wanted) {
        found = panel;
      }
    });
    return found ?? this.notebooks.currentWidget;
  }

  private async run(): Promise<void> {
    const interview = this.room.interview;
    if (!interview || !this.problem) {
      return;
    }
    const { source, cells } = collectSource(this.notebook(), this.problem.slug);
    if (!source) {
      this.setRunStatus('There is no code to test yet.', 'warn');
      return;
    }
    this.setRunStatus(`Sending ${cells} code cell${cells === 1 ? '' : 's'}…`);
    try {
      const accepted = await this.room.client.grade({
        interview_id: interview.id,
        problem: this.problem.slug,
        language: interview.language,
        source
      });
      await this.follow(accepted.id);
    } catch (reason) {
      this.setRunStatus(
        reason instanceof ServiceError ? reason.message : 'The tests could not be sent.',
        'error'
      );
    }
  }

  /** Poll one job until it is done, then show its results (ours or someone else's run). */
  private async follow(jobId: number): Promise<void> {
    if (this.following === jobId) {
      return;
    }
    this.following = jobId;
    this.update();
    try {
      for (;;) {
        const job = await this.room.client.gradeJob(jobId);
        if (this.following !== jobId) {
          return; // a newer run took over
        }
        if (!RUNNING.has(job.status)) {
          this.showJob(job);
          return;
        }
        this.setRunStatus(
          job.status === 'queued' && job.position
            ? `Queued (position ${job.position})…`
            : 'Running the tests…'
        );
        await new Promise(resolve => window.setTimeout(resolve, POLL_MS));
      }
    } catch (reason) {
      this.setRunStatus(
        reason instanceof ServiceError ? reason.message : 'The test run was lost.',
        'error'
      );
    } finally {
      if (this.following === jobId) {
        this.following = 0;
      }
      this.update();
    }
  }

  private setRunStatus(text: string, kind: 'info' | 'warn' | 'error' = 'info'): void {
    clear(this.runStatus);
    this.runStatus.append(notice(text, kind));
  }

  private showJob(job: GradeJob): void {
    clear(this.results);
    if (job.error || !job.result) {
      this.setRunStatus(job.error || 'The test run failed.', 'error');
      return;
    }
    const who = job.requested_by === this.room.me?.name ? 'you' : job.requested_by;
    this.setRunStatus(
      `${job.result.verdict} — run by ${who} (${job.problem}, ${job.language})`
    );
    this.results.append(resultsTable(job.result));
  }
}

function verdictCell(verdict: string): HTMLElement {
  const ok = verdict === 'Accepted';
  return h(
    'td',
    { class: ok ? 'jp-InterviewVerdict-ok' : 'jp-InterviewVerdict-bad' },
    verdict
  );
}

function ms(value: number | null): string {
  return value === null || value === undefined ? '' : `${Math.round(value)} ms`;
}

export function resultsTable(result: GradeResult): HTMLElement {
  const root = h('div', { class: 'jp-InterviewResults' });
  if (result.compile_output) {
    root.append(
      h('div', { class: 'jp-InterviewProblem-io' }, 'Compiler output'),
      h('pre', {}, result.compile_output)
    );
  }
  const table = h(
    'table',
    { class: 'jp-InterviewResults-table' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Verdict'), h('th', {}, 'Time'))
    )
  );
  const tbody = h('tbody');
  for (const test of result.visible) {
    tbody.append(
      h(
        'tr',
        { 'data-test': test.name },
        h('td', {}, test.name),
        verdictCell(test.verdict),
        h('td', {}, ms(test.time_ms))
      )
    );
    if (test.verdict !== 'Accepted') {
      tbody.append(
        h(
          'tr',
          { class: 'jp-InterviewResults-detail' },
          h(
            'td',
            { colspan: '3' },
            h('div', { class: 'jp-InterviewProblem-io' }, 'Expected'),
            h('pre', {}, test.expected),
            h('div', { class: 'jp-InterviewProblem-io' }, 'Got'),
            h('pre', {}, test.stdout),
            test.stderr
              ? h('pre', { class: 'jp-InterviewResults-stderr' }, test.stderr)
              : null
          )
        )
      );
    }
  }
  for (const test of result.hidden.tests ?? []) {
    tbody.append(
      h(
        'tr',
        { class: 'jp-InterviewResults-hidden', 'data-test': test.name },
        h('td', {}, `${test.name} (hidden)`),
        verdictCell(test.verdict),
        h('td', {}, ms(test.time_ms))
      )
    );
  }
  table.append(tbody);
  root.append(
    table,
    h(
      'div',
      { class: 'jp-InterviewResults-hiddenCount' },
      `Hidden tests: ${result.hidden.passed} / ${result.hidden.total} passed`
    )
  );
  return root;
}
