/** Tiny DOM helpers: the panels are plain Lumino widgets, no framework. */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A line telling the person why a panel is empty (loading, unreachable, not attached). */
export function notice(
  text: string,
  kind: 'info' | 'warn' | 'error' = 'info'
): HTMLElement {
  return h(
    'div',
    { class: `jp-InterviewNotice jp-InterviewNotice-${kind}`, role: 'status' },
    text
  );
}
