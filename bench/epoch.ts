// Epoch benchmark on mainnet-like subnets (bench/_epoch_subnets.ts: heavy-tailed stake, 64 permits at
// n = 256 and 256 above, validators mostly agreeing with some dissent, churn, bonds and permits from warm-up
// epochs; dense and sparse weights, classic and Yuma3 + liquid α, one commit-reveal subnet per size ≤ 1024).
// Per case it prints (1) median wall time per epoch: TS reference, WASM through the tuple contract, the flat
// contract and the module's core; (2) what fraction of the cells each step touched, so that a hollow input
// (no consensus, no per-cell sigmoid, …) shows; (3) the core's time per step (env.epochMark boundaries).
// Usage: tsx bench/epoch.ts [--quick] [--write]   (--quick: n = 256 and 1024; --write replaces the
// "## Epoch" section of bench/RESULTS.md with the printed figures). The TS reference is timed at n ≤ 1024
// only (minutes per epoch beyond); WASM ≡ TS is checked on every case at n ≤ 1024 and on the first
// classic and Yuma3 case at n = 4096.

import fs from 'node:fs';
import os from 'node:os';
import { epochWasm, fromFlatOutput, runEpoch, runEpochFlat, runEpochReference, toFlatInput } from '../runtime/pallets/subtensor/epoch/index.ts';
import { EPOCH_STEPS, epochStepHook } from '../runtime/pallets/subtensor/epoch/wasm.ts';
import { benchCases, makeBenchSubnet, type BenchCase } from './_epoch_subnets.ts';
import { writeResultsSection } from './results_file.ts';

// Narrative of the "## Epoch" section (kept here so that `--write` reproduces it; it describes
// measurements taken outside this script: update it with the code).
const EPOCH_NOTES: string[] = [];

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const write = args.has('--write');

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// With --expose-gc (bench/run.ts passes it), each measurement starts from a collected heap: the garbage of the
// previous one (the TS reference's bigints above all) must not be collected inside the next one's timings.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Median ms over `runs` timed calls (after one untimed call unless warm); stops early past `budgetMs`. */
function time(fn: () => void, runs: number, budgetMs: number, warm = false): { ms: number; min: number; runs: number } {
  if (!warm) fn();
  collectGarbage();
  const ts: number[] = [];
  const start = performance.now();
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
    if (performance.now() - start > budgetMs && ts.length >= 3) break;
  }
  return { ms: median(ts), min: Math.min(...ts), runs: ts.length };
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}
const pct = (x: number, of: number): string => (of === 0 ? '—' : `${((100 * x) / of).toFixed(x > 0 && x < of / 1000 ? 2 : 1)} %`);

interface Row {
  c: BenchCase;
  cells: number;
  ts: number | null;
  wasm: number;
  flat: number;
  core: number;
  coreMin: number;
  /** Median ms per step of the core (EPOCH_STEPS[1..]). */
  steps: number[];
  touched: ReturnType<NonNullable<ReturnType<typeof epochWasm>>['stepCells']>;
  checked: boolean;
}

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a, (_, x) => (typeof x === 'bigint' ? x.toString() : x)) === JSON.stringify(b, (_, x) => (typeof x === 'bigint' ? x.toString() : x));

let loadStart = '';

function main(): void {
  const wasm = epochWasm();
  if (wasm === null) throw new Error('build/epoch.wasm missing: npm run build:wasm');
  const cases = benchCases(quick ? [256, 1024] : [256, 1024, 4096]);
  const rows: Row[] = [];
  loadStart = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  console.log('epoch benchmark: median ms per epoch (TS reference; WASM with the tuple contract, the flat contract, the core alone)');
  console.log(`${'case'.padEnd(22)} ${'cells'.padStart(8)} ${'TS ms'.padStart(9)} ${'WASM ms'.padStart(9)} ${'flat ms'.padStart(9)} ${'core ms'.padStart(9)} ${'(min)'.padStart(7)}  ≡TS`);
  let checked4096 = new Set<string>();
  for (const c of cases) {
    const input = makeBenchSubnet(c);
    const cells = input.weights.reduce((s, r) => s + r.length, 0);
    const flatInput = toFlatInput(input);
    const out = runEpoch(input, { impl: 'wasm' });
    if (!same(fromFlatOutput(runEpochFlat(flatInput, { impl: 'wasm' })), out)) throw new Error(`flat and tuple WASM outputs differ on ${c.name}`);
    // WASM ≡ TS reference (the differential tests guard this on random inputs; here on the benchmark's own).
    let checked = false;
    if (c.n <= 1024 || !checked4096.has(c.config)) {
      if (!same(runEpochReference(input), out)) throw new Error(`WASM and TS reference outputs differ on ${c.name}`);
      checked = true;
      if (c.n > 1024) checked4096 = new Set([...checked4096, c.config]);
    }
    const big = cells > 200_000;
    // Core first (inputs already in linear memory), then flat, then the tuple contract, whose garbage (one JS
    // array per bond cell) would otherwise be collected during the other timings.
    runEpochFlat(flatInput, { impl: 'wasm' });
    const touched = wasm.stepCells();
    const coreT = time(() => wasm.exports.runEpoch(), big ? 31 : 201, 10_000);
    // Per step: the core again with the step hook recording each boundary.
    const stamps = new Array<number>(EPOCH_STEPS.length).fill(0);
    const perStep: number[][] = EPOCH_STEPS.slice(1).map(() => []);
    epochStepHook.mark = (s) => { stamps[s] = performance.now(); };
    for (let k = 0; k < (big ? 31 : 201); k++) {
      wasm.exports.runEpoch();
      for (let s = 1; s < EPOCH_STEPS.length; s++) perStep[s - 1].push(stamps[s] - stamps[s - 1]);
    }
    epochStepHook.mark = null;
    const flatT = time(() => runEpochFlat(flatInput, { impl: 'wasm' }), big ? 15 : 101, 10_000);
    const wasmT = time(() => runEpoch(input, { impl: 'wasm' }), big ? 15 : 101, 10_000);
    const tsT = c.n <= 1024 ? time(() => runEpochReference(input), 5, 10_000, true) : null;
    const row: Row = { c, cells, ts: tsT?.ms ?? null, wasm: wasmT.ms, flat: flatT.ms, core: coreT.ms, coreMin: coreT.min, steps: perStep.map(median), touched, checked };
    rows.push(row);
    console.log(`${c.name.padEnd(22)} ${String(cells).padStart(8)} ${(row.ts === null ? '—' : fmt(row.ts)).padStart(9)} ${fmt(row.wasm).padStart(9)} ${fmt(row.flat).padStart(9)} ${fmt(row.core).padStart(9)} ${fmt(row.coreMin).padStart(7)}  ${checked ? 'yes' : '—'}`);
  }
  console.log('\ncells each step touched (% of n² unless noted)');
  for (const line of touchedTable(rows)) console.log(line);
  console.log('\ncore time per step (median ms)');
  for (const line of stepTable(rows)) console.log(line);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const pages = wasm.memoryPages();
  console.log(`wasm memory: ${pages} pages (${((pages * 65536) / 2 ** 20).toFixed(1)} MiB); process RSS ${rssMb.toFixed(0)} MiB`);
  if (write) writeResults(rows, pages, rssMb);
}

/** Markdown rows: what each step touched. */
function touchedTable(rows: Row[]): string[] {
  const out = ['| case | stored weights | after masks | consensus input | columns with consensus > 0 | clipped | bonds stored → kept | EMA cells | per-cell sigmoid (% of EMA inputs) | bonds out |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    const t = r.touched;
    const n2 = r.c.n * r.c.n;
    out.push(`| ${r.c.name} | ${pct(t.storedWeights, n2)} | ${pct(t.maskedWeights, n2)} | ${pct(t.consensusCells, n2)} (${t.activeRows} rows) | ${pct(t.consensusColumns, r.c.n)} of n | ${pct(t.clippedCells, n2)} | ${pct(t.storedBonds, n2)} → ${pct(t.bondsKept, n2)} | ${pct(t.emaCells, n2)} | ${r.c.config === 'yuma3la' ? pct(t.sigmoidCells, t.weightsForBonds) : 'n/a'} | ${pct(t.outBonds, n2)} |`);
  }
  return out;
}

/** Markdown rows: the core's time per step. */
function stepTable(rows: Row[]): string[] {
  const names = EPOCH_STEPS.slice(1);
  const out = [`| case | ${names.join(' | ')} | sum |`, `|---|${names.map(() => '---:').join('|')}|---:|`];
  for (const r of rows) out.push(`| ${r.c.name} | ${r.steps.map(fmt).join(' | ')} | ${fmt(r.steps.reduce((a, b) => a + b, 0))} |`);
  return out;
}

function machine(): string {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  return `nproc ${os.availableParallelism()}, CPU ${cpu}, Node ${process.version}, ${os.platform()} ${os.arch()}; load average (1/5/15 min) ${loadStart} at the start and ${load} at the end of the run`;
}

function writeResults(rows: Row[], pages: number, rssMb: number): void {
  const lines: string[] = [];
  lines.push('## Epoch', '');
  lines.push(`Run: \`npm run bench -- epoch\` (bench/epoch.ts), ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}; the 2 cores are shared with 6 sessions, so every figure is inflated by an unknown factor.`, '');
  lines.push('Inputs (bench/_epoch_subnets.ts, deterministic from a seed per case): mainnet-like subnets — 64 permits at n = 256 and 256 at n ≥ 1024 with heavy-tailed stake, validators weighting 95 % of the miners (dense) or the 10 % they rate best (sparse) by a shared heavy-tailed quality with per-validator noise, ~15 % dissenting validators, two inactive validators, miner churn, stored bonds and permits from three warm-up epochs with drifting quality (so bonds lag weights and liquid α takes its per-cell sigmoid); `densecr` = commit-reveal on. Median wall time per epoch: **TS** `runEpochReference` (n ≤ 1024); **WASM** `runEpoch(input)` (tuple contract, marshalling included); **flat** `runEpochFlat` (typed arrays); **core** the module\'s `runEpoch()` on inputs already in linear memory (median of up to 201 runs; "min" the fastest). WASM ≡ TS reference is checked on every case at n ≤ 1024 and on the first classic and Yuma3 cases at n = 4096.', '');
  lines.push('| case | weight cells | TS ms | WASM ms | flat ms | core ms | core min | TS / flat |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.c.name} | ${r.cells} | ${r.ts === null ? '—' : fmt(r.ts)} | ${fmt(r.wasm)} | ${fmt(r.flat)} | ${fmt(r.core)} | ${fmt(r.coreMin)} | ${r.ts === null ? '—' : `${(r.ts / r.flat).toFixed(0)}×`} |`);
  }
  lines.push('', 'Cells each step touched, as a share of the n² cells of a full matrix (the core\'s stepCells(), counted after the epoch): the stored weights; the cells the masks keep (permits, diagonal, outdated, commit-reveal); positive cells of rows with active stake (the consensus input); columns with a positive consensus; cells above their column\'s consensus (clipped); stored bond cells and those the registration mask keeps; cells of the bonds EMA; for Yuma3 + liquid α the cells whose buy / sell difference is not 0 (each runs the sigmoid with its fixed-point exp; the others share one alpha); bond cells stored.', '');
  lines.push(...touchedTable(rows), '');
  lines.push('Core time per step (median ms over the same runs, boundaries reported by the module through env.epochMark):', '');
  lines.push(...stepTable(rows), '');
  for (const p of EPOCH_NOTES) lines.push(p, '');
  lines.push(`Memory after the run: WASM linear memory ${pages} pages (${((pages * 65536) / 2 ** 20).toFixed(1)} MiB; the arena grows to the largest epoch seen and is reused), process RSS ${rssMb.toFixed(0)} MiB.`, '', '');
  writeResultsSection('Epoch', lines.join('\n'));
}

main();
