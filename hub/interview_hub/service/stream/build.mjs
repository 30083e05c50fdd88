// Bundle stream-call.js with Stream's SDK from node_modules into ../static/build/stream-video.js
// (one IIFE, no CDN). scripts/lib.sh (ensure_stream_bundle) runs it when its inputs change.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, '..', 'static', 'build', 'stream-video.js');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(here, 'stream-call.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'linked',
  outfile,
  logLevel: 'warning',
});
console.log(outfile);
