// Called by hatch-jupyter-builder as `node build-npm.mjs install` then `node build-npm.mjs run <script>`.
// `install` becomes `npm ci` (skipped when node_modules already matches package-lock.json), so a
// wheel build never rewrites the committed lockfile; everything else is passed to npm unchanged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);

function run(argv) {
  const result = spawnSync(npm, argv, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

if (args[0] === 'install') {
  const digest = createHash('sha256')
    .update(readFileSync('package.json'))
    .update(readFileSync('package-lock.json'))
    .digest('hex');
  const stamp = 'node_modules/.interview-stamp';
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== digest) {
    run(['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    writeFileSync(stamp, digest + '\n');
  }
} else {
  run(args);
}
