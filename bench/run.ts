// `npm run bench`: runs every benchmark file in bench/ (each *.ts except this runner and helpers
// starting with "_") one after the other in its own tsx process, so benches cannot disturb each
// other's heap or JIT state. Arguments: names to filter by (e.g. `npm run bench -- epoch`); flags
// starting with "--" are passed through to each bench (e.g. `--quick`, `--write`).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const argv = process.argv.slice(2);
const filters = argv.filter((a) => !a.startsWith('--'));
const flags = argv.filter((a) => a.startsWith('--'));

const benches = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.endsWith('.d.ts'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));

if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ') || '(none found)'}`);
  process.exit(1);
}

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  // --expose-gc lets a bench collect garbage between measurements (bench/epoch.ts does).
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() };
  const r = spawnSync(tsx, [path.join(benchDir, file), ...flags], { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
