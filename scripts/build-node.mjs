// Bundles the node (`npm run build:node`): node/cli.ts and its two worker entries, code-split so that modules the
// node imports lazily (the explorer's @polkadot/api client, --fork's upstream) are loaded only when used. Usage:
// `node scripts/build-node.mjs [outdir]` (default build/node/bin/cli: four levels below the repo root, like the
// runtime sources, which find build/epoch.wasm relative to themselves). The outdir is emptied first, so no stale
// chunk from an earlier build is left next to the new ones.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(root, process.argv[2] ?? 'build/node/bin/cli');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['node/cli.ts', 'node/validation_worker.ts', 'node/fork/upstream_worker.ts'],
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Native addons and the client library stay in node_modules (@polkadot/api is only loaded lazily, by the explorer).
  external: ['lmdb', 'msgpackr', '@polkadot/api', 'bufferutil', 'utf-8-validate'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
