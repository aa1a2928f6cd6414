#!/usr/bin/env node
// Starts the CLI. A pre-built bundle (`npm run build:node`) loads several times faster than transpiling the
// TypeScript sources at start-up, so it is used when it is newer than every source file; otherwise tsx's loader
// runs node/cli.ts directly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Four levels below the repo root, like the runtime sources it bundles (they locate build/ relative to themselves).
const bundle = path.join(root, 'build', 'node', 'bin', 'cli', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

// Client commands (btcli-style, any endpoint) live in cli/; `dev` and `localnet` in node/cli.ts.
const CLIENT_COMMANDS = new Set(['subnets', 's', 'subnet', 'stake', 'st', 'weights', 'wt', 'metagraph', 'epoch', 'wallet', 'w']);
const client = CLIENT_COMMANDS.has(process.argv[2]);
const clientBundle = path.join(root, 'build', 'cli', 'run.mjs');
// The Proof-of-Intelligence neurons run from their TypeScript sources (they fork processes and load onnxruntime-node).
const NEURON_COMMANDS = ['demo', 'miner', 'validator', 'client'];

let useBundle = false;
try {
  if (process.env.SUBTENSOR_TS_NO_BUNDLE) throw new Error('bundle disabled');
  const built = fs.statSync(bundle).mtimeMs;
  useBundle = built >= Math.max(newestSource(path.join(root, 'node')), newestSource(path.join(root, 'runtime')), newestSource(path.join(root, 'client')));
} catch { /* no bundle */ }

let useClientBundle = false;
try {
  if (process.env.SUBTENSOR_TS_NO_BUNDLE || !client) throw new Error('not used');
  useClientBundle = fs.statSync(clientBundle).mtimeMs >= Math.max(newestSource(path.join(root, 'cli')), newestSource(path.join(root, 'client')));
} catch { /* no bundle */ }

if (client && useClientBundle) {
  await import(clientBundle);
} else if (client) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/run.ts');
} else if (NEURON_COMMANDS.includes(process.argv[2])) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../neurons/cli.ts');
} else if (useBundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../node/cli.ts');
}
