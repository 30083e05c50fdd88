import { LabIcon } from '@jupyterlab/ui-components';

const svg = (path: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24"><path class="jp-icon3" fill="#616161" d="${path}"/></svg>`;

export const problemIcon = new LabIcon({
  name: 'interview:problem',
  svgstr: svg('M6 2h9l5 5v15H6zm8 1.5V8h4.5zM8 11v2h8v-2zm0 4v2h8v-2z')
});

export const notesIcon = new LabIcon({
  name: 'interview:notes',
  svgstr: svg('M4 4h16v12l-4 4H4zm2 2v12h9v-3h3V6zm2 2h8v2H8zm0 4h8v2H8z')
});

export const timerIcon = new LabIcon({
  name: 'interview:timer',
  svgstr: svg(
    'M9 1h6v2H9zm3 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm0 2a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm-1 2h2v5h-2z'
  )
});

export const participantsIcon = new LabIcon({
  name: 'interview:participants',
  svgstr: svg(
    'M9 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm7 0a3 3 0 1 1 0-6 3 3 0 0 1 0 6zM1 20c0-4 4-6 8-6s8 2 8 6zm16 0c0-2-1-4-2.5-5 3.5 0 7.5 1.5 7.5 5z'
  )
});

export const reviewIcon = new LabIcon({
  name: 'interview:review',
  svgstr: svg(
    'M12 2l2.4 5.6L20 10l-5.6 2.4L12 18l-2.4-5.6L4 10l5.6-2.4zM19 16l1 2.5 2.5 1-2.5 1L19 23l-1-2.5-2.5-1 2.5-1z'
  )
});

export const callIcon = new LabIcon({
  name: 'interview:call',
  svgstr: svg('M3 6h12a2 2 0 0 1 2 2v2.5l4-3v9l-4-3V16a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z')
});
