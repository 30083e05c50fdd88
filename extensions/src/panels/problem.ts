/**
 * What the Problem panel (a page of the service) asks of the notebook: the code of a
 * problem's solution cell for Run tests, and inserting a problem's public cells.
 */
import { NotebookPanel } from '@jupyterlab/notebook';

import { CellData } from '../room';

/** A Python solution cell starts with `%%writefile solution_<slug>.py` (so the notebook's own
 * test cell can run it): the magic is the notebook's business, not the program's. */
export function stripWriteFile(source: string): string {
  return /^%%writefile\b/.test(source) ? source.slice(source.indexOf('\n') + 1) : source;
}

/**
 * The code sent by 'Run tests'. The service writes one `<slug>-solution` cell per problem into
 * the interview notebook: that cell, when it exists. Otherwise every code cell in order, except
 * the notebook's test cells (`<slug>-tests`), `%%stdin` tries, cells tagged `scratch` and the
 * control cell (tag `interview-control`).
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
      (Array.isArray(tags) &&
        (tags.includes('scratch') || tags.includes('interview-control'))) ||
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

/** The notebook's language (kernelspec), for `ip:source`; the service uses the interview's. */
export function notebookLanguage(panel: NotebookPanel | null): string {
  const spec = panel?.content.model?.getMetadata('kernelspec') as
    { language?: unknown } | undefined;
  return typeof spec?.language === 'string' ? spec.language : '';
}

/**
 * Append a problem's cells at the end of the shared notebook (everyone sees them through
 * jupyter-collaboration). Skipped when the notebook already has one of those cell ids, so a
 * repeated message does not duplicate the problem. Returns the number of cells inserted.
 */
export function insertProblemCells(
  panel: NotebookPanel | null,
  cells: CellData[]
): number {
  const model = panel?.content.model;
  if (!model) {
    return 0;
  }
  const existing = new Set(model.sharedModel.cells.map(cell => cell.id));
  if (cells.some(cell => cell.id !== undefined && existing.has(cell.id))) {
    return 0;
  }
  model.sharedModel.insertCells(
    model.sharedModel.cells.length,
    cells.map(cell =>
      cell.cell_type === 'code'
        ? {
            cell_type: 'code',
            id: cell.id,
            source: cell.source,
            metadata: {},
            outputs: [],
            execution_count: null
          }
        : { cell_type: 'markdown', id: cell.id, source: cell.source, metadata: {} }
    )
  );
  return cells.length;
}

/** The first problem with code in its `<slug>-solution` cell, for the AI review panel. */
export function firstSolution(
  panel: NotebookPanel | null
): { problem: string; source: string } | null {
  const model = panel?.content.model;
  if (!model) {
    return null;
  }
  for (const cell of model.sharedModel.cells) {
    const match = /^([a-z0-9-]{1,64})-solution$/.exec(cell.id);
    const source = stripWriteFile(cell.getSource());
    if (cell.cell_type === 'code' && match && source.trim()) {
      return { problem: match[1], source };
    }
  }
  return null;
}
