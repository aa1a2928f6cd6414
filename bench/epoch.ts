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
const EPOCH_NOTES: string[] = [
  "Native comparison (issue 13): the native baseline given with the project brief (`baselines/epoch-c/run.sh`, kept outside this repository and read by no test), a C -O3 -march=native (AVX-512) build of the same fixed-point epoch (run, not copied into the project), on these inputs: its input dump was pointed at bench/_epoch_subnets.ts (a private copy of the harness's common.ts / dump.ts / run.sh outside the project; its C code unchanged). Both of its C versions returned the WASM output bit for bit on all 9 cases and on 240 random inputs. 2026-12-04 17:15–17:38, n = 256 and 4096, 5 rounds per case, each round the C epoch_fast (101 runs after 10 warm-up) then the WASM core (the same) in the same shell, so C and WASM alternate; load average 12.7 at the start and 15.6 at the end (6 sessions on the 2 cores): the n = 4096 rounds swing between 0.4× and 1.9× from one round to the next, so those rows say “same order”, no more. Every median ratio is at most 1.32 (the target was 1.5 at n = 256 and n = 4096):",
  "| case | weight cells | C ms, median of each round | WASM core ms, median of each round | WASM / C per round | median ratio |\n|---|---:|---|---|---|---:|\n| dense-classic-n256 | 12069 | 0.286, 0.284, 0.287, 0.286, 0.291 | 0.282, 0.326, 0.346, 0.298, 0.288 | 0.99, 1.15, 1.20, 1.04, 0.99 | 1.04 |\n| dense-classic-n4096 | 942743 | 102.2, 95.4, 146.4, 91.1, 148.9 | 61.4, 184.8, 97.6, 115.4, 211.2 | 0.60, 1.94, 0.67, 1.27, 1.42 | 1.27 |\n| dense-yuma3la-n256 | 12232 | 0.845, 0.899, 0.846, 0.908, 0.903 | 1.074, 1.027, 1.069, 1.061, 1.054 | 1.27, 1.14, 1.26, 1.17, 1.17 | 1.17 |\n| dense-yuma3la-n4096 | 942124 | 450.7, 292.9, 542.2, 550.1, 501.1 | 466.9, 389.1, 416.7, 559.1, 187.6 | 1.04, 1.33, 0.77, 1.02, 0.37 | 1.02 |\n| densecr-yuma3la-n256 | 12332 | 0.962, 0.879, 0.836, 0.912, 0.861 | 1.100, 1.094, 1.071, 1.052, 1.042 | 1.14, 1.24, 1.28, 1.15, 1.21 | 1.21 |\n| sparse-classic-n256 | 2085 | 0.048, 0.047, 0.042, 0.045, 0.042 | 0.053, 0.053, 0.052, 0.052, 0.058 | 1.10, 1.13, 1.24, 1.16, 1.39 | 1.16 |\n| sparse-classic-n4096 | 124873 | 12.4, 13.4, 14.2, 12.4, 13.8 | 17.4, 11.5, 14.1, 12.0, 13.2 | 1.40, 0.86, 0.99, 0.97, 0.96 | 0.97 |\n| sparse-yuma3la-n256 | 2113 | 0.114, 0.093, 0.122, 0.094, 0.089 | 0.110, 0.107, 0.150, 0.111, 0.128 | 0.97, 1.15, 1.23, 1.18, 1.44 | 1.18 |\n| sparse-yuma3la-n4096 | 124648 | 31.5, 24.8, 35.4, 29.3, 35.9 | 41.7, 33.1, 30.2, 40.5, 41.3 | 1.32, 1.33, 0.85, 1.39, 1.15 | 1.32 |",
  "What changed in the WASM for these inputs (the module's per-step times, best of runs under load, before → after): the bonds EMA, classic and liquid α, takes its two-cells-at-a-time path on every run of cells whose stored bond sits on the same column, where it used to need a whole row whose columns all matched — churn and the masks made that rare (classic EMA at n = 256: 0.119 → 0.068 ms); the consensus fills one k × n column-major block of the rows with active stake (zeros where a row has no cell), eight rows at a time into freshly zeroed lines, whenever their cells fill a quarter of it, instead of transposing cell by cell through per-column cursors (n = 4096 dense classic: 41 → 16 ms); the stake normalisation estimates each quotient in f64 and checks it against the exact 128-bit remainder instead of 32 bit-serial steps per uid, is_topk_nonzero sorts only the non-zero stakes and the emission split divides by a precomputed inverse (stake step at n = 256: 0.020 → 0.008 ms). Liquid α's per-cell sigmoid (a 30-term fixed-point exp series per cell, ≈ 90 ns on this machine; V8 already turns its constant divisions into multiplications) is now the largest step of every Yuma3 case, in the C build as well. The earlier inputs of this bench (every validator weighting every uid with unchanging weights; sparse rows of 32 random uids) left the sparse cases without consensus and liquid α without any per-cell sigmoid; their figures are in git history.",
];

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
