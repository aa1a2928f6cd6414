// Runs each build (`npm run build:<name>`) whose output is missing or older than any of its inputs, so `npm start`
// after the first one goes straight to the node (the WebAssembly build alone takes ~5 s) and a checkout or edit
// still rebuilds what it touched. Usage: `node scripts/build-stale.mjs [wasm] [node] [cli]` (default: all three).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The lock file and package.json count for every build: a dependency upgrade changes what gets bundled.
const common = ['package.json', 'package-lock.json'];
const BUILDS = {
  wasm: { output: 'build/epoch.wasm', inputs: ['assembly', 'asconfig.json', ...common] },
  node: { output: 'build/node/bin/cli/cli.mjs', inputs: ['node', 'runtime', 'client', 'scripts/build-node.mjs', ...common] },
  cli: { output: 'build/cli/run.mjs', inputs: ['cli', 'client', 'runtime', 'node', ...common] },
};

/** Newest modification time of a file, or of any file below a directory (0 if it does not exist). */
function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BUILDS);
for (const name of names) {
  const b = BUILDS[name];
  if (!b) { console.error(`unknown build "${name}" (expected ${Object.keys(BUILDS).join(', ')})`); process.exit(2); }
  const built = newest(path.join(root, b.output));
  const changed = Math.max(...b.inputs.map(i => newest(path.join(root, i))));
  if (built > 0 && built >= changed) continue;
  const r = spawnSync('npm', ['run', `build:${name}`, '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
