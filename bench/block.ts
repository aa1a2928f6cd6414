// Block benchmark: one block (SubtensorModule on_initialize = block_step) in which 64 subnets with n = 256 uids each
// all reach their epoch, timed with the WASM epoch and with the TypeScript reference epoch in the same run.
// Each subnet: 64 staked validators (permits from a warm-up epoch, so bonds exist), each weighting 64 of the 256 uids;
// dTAO pool, moving price, HEAD stateful schedule, MaxEpochsPerBlock 64. The measured block is applied to a fresh
// overlay over the same base state every time, so every run does identical work; the two implementations must
// leave identical state (checked). Usage: tsx bench/block.ts [--quick] [--write]  (--write replaces the
// "## Block with 64 epochs" section of bench/RESULTS.md). Recorded with NODE_OPTIONS=--max-semi-space-size=64.
// --profile=FILE writes a V8 CPU profile (.cpuprofile) of three measured WASM blocks only (setup excluded).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryState, OverlayState } from '../runtime/frame/state.ts';
import { withState } from '../runtime/frame/externalities.ts';
import { Pallet } from '../runtime/frame/pallet.ts';
import { System } from '../runtime/pallets/system/index.ts';
import { SubtensorModule } from '../runtime/pallets/subtensor/index.ts';
import { subnetStorage as N } from '../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as S } from '../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage as C } from '../runtime/pallets/subtensor/coinbase/storage.ts';
import { appendNeuron } from '../runtime/pallets/subtensor/subnets/registration.ts';
import { increaseStake } from '../runtime/pallets/subtensor/staking/shares.ts';
import { blockStep } from '../runtime/pallets/subtensor/coinbase/block_step.ts';
import { epochOptions } from '../runtime/pallets/subtensor/coinbase/distribute_emission.ts';
import { epochWasm } from '../runtime/pallets/subtensor/epoch/index.ts';
import { Rng } from '../test/epoch-wasm/gen.ts';
import { initCrypto } from '../runtime/crypto/hashing.ts';
import { writeResultsSection } from './results_file.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const write = args.has('--write');
const profileOut = process.argv.slice(2).find(a => a.startsWith('--profile='))?.slice('--profile='.length);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SUBNETS = Number(process.env.BENCH_SUBNETS ?? 64), N_UIDS = 256, VALIDATORS = 64, WEIGHTS_PER_ROW = 64, TEMPO = 10;
const TAO = 1_000_000_000n;
const acct = (subnet: number, uid: number, kind: number) => {
  const a = new Uint8Array(32);
  a[0] = kind; a[1] = subnet; a[2] = uid & 0xff; a[3] = uid >> 8; a[31] = 0x77;
  return a;
};

Pallet.setEventSink(() => {});

function buildBase(): MemoryState {
  const base = new MemoryState();
  const ov = new OverlayState(base);
  const rng = new Rng(7);
  withState(ov, () => {
    System.storage.Number.set(1);
    C.MaxEpochsPerBlock.set(SUBNETS);
    N.NetworksAdded.set(0, true);
    S.TotalIssuance.set(1_000_000n * TAO);
    for (let s = 1; s <= SUBNETS; s++) {
      N.NetworksAdded.set(s, true);
      N.SubtokenEnabled.set(s, true);
      N.FirstEmissionBlockNumber.set(s, 1n);
      N.Tempo.set(s, TEMPO);
      N.MaxAllowedValidators.set(s, VALIDATORS);
      N.CommitRevealWeightsEnabled.set(s, false);
      N.Yuma3On.set(s, true);
      S.SubnetMechanism.set(s, 1);
      S.SubnetTAO.set(s, 1_000n * TAO);
      S.SubnetAlphaIn.set(s, 1_000n * TAO);
      S.SubnetMovingPrice.set(s, { bits: 1n << 31n });
      C.LastEpochBlock.set(s, 0n);
      const owner = acct(s, 0, 9);
      N.SubnetOwner.set(s, owner);
      N.SubnetOwnerHotkey.set(s, acct(s, 0, 1));
      for (let uid = 0; uid < N_UIDS; uid++) {
        const hot = acct(s, uid, 1), cold = acct(s, uid, 2);
        N.Owner.set(hot, cold);
        appendNeuron(s, hot, 1n);
        if (uid < VALIDATORS) increaseStake(hot, cold, s, BigInt(1 + rng.int(1000)) * TAO);
      }
      for (let v = 0; v < VALIDATORS; v++) {
        const cols = new Set<number>();
        while (cols.size < WEIGHTS_PER_ROW) cols.add(rng.int(N_UIDS));
        const row = [...cols].sort((a, b) => a - b).map(j => [j, 1 + rng.int(65535)] as [number, number]);
        row[rng.int(row.length)][1] = 65535;
        N.Weights.set(s, v, row);
      }
      N.LastUpdate.set(s, Array.from({ length: N_UIDS }, (_, i) => (i < VALIDATORS ? 5n : 1n)));
    }
  });
  base.apply(ov.changes());
  // Warm-up epoch (block TEMPO) in the base: permits and bonds as a live subnet has them.
  epochOptions.impl = 'wasm';
  const warm = new OverlayState(base);
  withState(warm, () => {
    for (let b = 2; b <= TEMPO; b++) { System.storage.Number.set(b); blockStep(b); }
  });
  base.apply(warm.changes());
  return base;
}

/**
 * Runs the measured block (all 64 epochs due) on a fresh overlay; returns ms and the overlay. `tuples`: the
 * pallet calls the epoch's tuple-output entry (runEpoch) instead of runEpochCsr (bonds as CSR, the default).
 */
function measuredBlock(base: MemoryState, impl: 'wasm' | 'ts', tuples = false): { ms: number; state: OverlayState; epochs: number } {
  epochOptions.impl = impl;
  epochOptions.tuples = tuples;
  const ov = new OverlayState(base);
  const block = 2 * TEMPO;
  let epochs = 0;
  const t0 = performance.now();
  withState(ov, () => {
    System.storage.Number.set(block);
    epochs = blockStep(block).epochsRun.length;
  });
  return { ms: performance.now() - t0, state: ov, epochs };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main(): Promise<void> {
  await initCrypto(); // WASM blake2 for storage keys, as the node runs
  if (!epochWasm()) throw new Error('build/epoch.wasm missing: npm run build:wasm');
  const tb = performance.now();
  const base = buildBase();
  // Bring the base to the block before the measured one (blocks TEMPO+1 .. 2·TEMPO−1: no epochs).
  const pre = new OverlayState(base);
  withState(pre, () => { for (let b = TEMPO + 1; b < 2 * TEMPO; b++) { System.storage.Number.set(b); blockStep(b); } });
  base.apply(pre.changes());
  const setupMs = performance.now() - tb;

  // Same result from both implementations.
  const w = measuredBlock(base, 'wasm');
  const u = measuredBlock(base, 'wasm', true);
  const t = measuredBlock(base, 'ts');
  if (w.epochs !== SUBNETS || t.epochs !== SUBNETS) throw new Error(`expected ${SUBNETS} epochs, got ${w.epochs}/${t.epochs}`);
  const dump = (o: OverlayState) => [...o.changes()].map(([k, v]) => k + (v ? Buffer.from(v).toString('hex') : '-')).sort().join();
  const a = dump(w.state);
  if (a !== dump(t.state)) throw new Error('WASM and TS epochs left different state');
  if (a !== dump(u.state)) throw new Error('the CSR and tuple epoch entries left different state');

  if (profileOut) { await profileBlocks(base, profileOut); return; }

  const runs = quick ? 1 : 5;
  // Interleaved: WASM with bonds as CSR (the pallet's path), WASM through the tuple entry (the path before it), TS.
  const wasmMs: number[] = [], tupleMs: number[] = [], tsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    wasmMs.push(measuredBlock(base, 'wasm').ms);
    tupleMs.push(measuredBlock(base, 'wasm', true).ms);
    tsMs.push(measuredBlock(base, 'ts').ms);
  }
  const mw = median(wasmMs), mu = median(tupleMs), mt = median(tsMs);
  console.log(`setup ${fmt(setupMs)} ms; block with ${SUBNETS} epochs (n=${N_UIDS}): WASM ${fmt(mw)} ms (tuple entry ${fmt(mu)} ms), TS ${fmt(mt)} ms, TS/WASM ${(mt / mw).toFixed(1)}× (median of ${runs})`);
  console.log(`WASM runs ${wasmMs.map(fmt).join(', ')} ms; tuple entry ${tupleMs.map(fmt).join(', ')} ms; TS runs ${tsMs.map(fmt).join(', ')} ms`);
  if (write) writeResults(mw, mu, mt, runs, wasmMs, tupleMs, tsMs);
}

/** CPU profile of three measured WASM blocks (after the warm-up runs above), for finding hot spots. */
async function profileBlocks(base: MemoryState, file: string): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) ms.push(measuredBlock(base, 'wasm').ms);
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`profiled 3 WASM blocks (${ms.map(fmt).join(', ')} ms) → ${file}`);
}

function writeResults(wasm: number, tuple: number, ts: number, runs: number, wasmAll: number[], tupleAll: number[], tsAll: number[]): void {
  const span = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const lines = [
    '## Block with 64 epochs',
    '',
    `Run: \`npm run bench -- block\` (bench/block.ts), ${new Date().toISOString().slice(0, 10)}. Machine: nproc ${os.availableParallelism()}, CPU ${cpu}, Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} when written (the machine is shared: figures vary up to ~3× with load).`,
    '',
    process.env.NODE_OPTIONS ? `Node flags: \`NODE_OPTIONS=${process.env.NODE_OPTIONS}\`.` : 'Node flags: none (defaults).',
    '',
    `One block's \`block_step\` (burn decay, emission, coinbase, drain, 64 × distribute_emission incl. reading the epoch inputs from storage, the epoch, persisting outputs and paying stake, moving prices) with ${SUBNETS} subnets whose epochs are all due, n = ${N_UIDS} uids each, ${VALIDATORS} staked validators weighting ${WEIGHTS_PER_ROW} uids each, Yuma3, bonds from a warm-up epoch. Median of ${runs} interleaved runs on identical state; all three leave byte-identical state (checked).`,
    '',
    '| epoch implementation | block ms (median) | min–max ms | per subnet ms |',
    '|---|---:|---:|---:|',
    `| WASM, bonds returned as CSR (runEpochCsr, the pallet's path) | ${fmt(wasm)} | ${span(wasmAll)} | ${fmt(wasm / SUBNETS)} |`,
    `| WASM through the tuple entry (runEpoch, the path before) | ${fmt(tuple)} | ${span(tupleAll)} | ${fmt(tuple / SUBNETS)} |`,
    `| TypeScript reference | ${fmt(ts)} | ${span(tsAll)} | ${fmt(ts / SUBNETS)} |`,
    '',
    `TS / WASM: ${(ts / wasm).toFixed(1)}×. Storage keys come from per-item key caches that the warm-up blocks have filled (as on a running node); profile with \`--profile=FILE\`.`,
    '',
  ];
  writeResultsSection('Block with 64 epochs', lines.join('\n'));
}

await main();
