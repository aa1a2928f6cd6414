// Differential property test for dense subnets: every validator weights (nearly) every uid and the
// stored bonds come from a warm-up epoch, so the WASM epoch runs its two-cells-at-a-time f64x2 paths
// (exact-integer doubles, with flagged pairs redone by the integer code) on long rows. The inputs lean
// on the values where those floors are exact integers or land next to one: equal weights, one-cell
// columns, a single validator (stake 1.0), all-equal stakes, u16 extremes, odd n; an owner (self-weight
// kept) and commit-reveal exercise the bulk weights copy's diagonal and mask conditions; stored bond
// rows with one cell moved (same length, other columns) must leave the aligned-row path. WASM ≡ TS
// reference, bit for bit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochWasm, runEpoch, runEpochReference, toFlatInput } from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput, SparseRowU16 } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { Rng, randomEpochInput } from './gen.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 917);

type WeightShape = 'random' | 'equal' | 'extremes' | 'one-column' | 'holes';

interface DenseOptions {
  n: number;
  validators: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  shape: WeightShape;
  equalStake: boolean;
  bondsPenalty: number;
  /** An owner uid among the validators (its self-weight is kept). */
  owner?: boolean;
  /** Commit-reveal on, with first live commits before / after the registrations. */
  commitReveal?: boolean;
  /** Move one stored bond cell of some rows to another column (same row length, columns differ). */
  perturbBonds?: boolean;
  /** 1_000_000 keeps the stored bonds as they are (α = 0): their u16 → I32F32 reading shows in the output. */
  bondsMovingAverage?: bigint;
  /** Drop from some validator rows their own column (so the input holds fewer cells than k·n) or one other column. */
  dropColumn?: 'none' | 'diagonal' | 'other';
  /** Some validators without stake (their rows take no part in the consensus). */
  zeroStake?: boolean;
}

/** The row with one cell moved to a column it does not hold (maybe ≥ n), kept ascending. */
function moveOneCell(rng: Rng, row: SparseRowU16, n: number): SparseRowU16 {
  const used = new Set(row.map(([j]) => j));
  const free: number[] = [];
  for (let j = 0; j < n + 2; j++) if (!used.has(j)) free.push(j);
  if (free.length === 0 || row.length === 0) return row;
  const out = row.slice();
  out[rng.int(out.length)] = [rng.pick(free), 1 + rng.int(65535)];
  return out.sort((x, y) => x[0] - y[0]);
}

function weightRow(rng: Rng, n: number, i: number, shape: WeightShape): SparseRowU16 {
  const row: SparseRowU16 = [];
  for (let j = 0; j < n; j++) {
    let w: number;
    if (shape === 'equal') w = 1000;
    else if (shape === 'extremes') w = rng.pick([0, 1, 65535, 65534, 32768]);
    else if (shape === 'one-column') w = j === (i * 7) % n ? 65535 : 0;
    else if (shape === 'holes' && rng.chance(0.2)) continue;
    else w = rng.int(65536);
    row.push([j, w]);
  }
  return row;
}

/** The row without its own column i ('diagonal') or without one other column, for some rows. */
function dropColumn(rng: Rng, row: SparseRowU16, i: number, n: number, how: 'none' | 'diagonal' | 'other'): SparseRowU16 {
  if (how === 'none' || n < 2 || !rng.chance(0.4)) return row;
  let j = i;
  if (how === 'other') j = (i + 1 + rng.int(n - 1)) % n;
  return row.filter(([c]) => c !== j);
}

function denseInput(seed: number, o: DenseOptions): EpochInput {
  const rng = new Rng(seed);
  const base = randomEpochInput(seed, { n: o.n, yuma3: o.yuma3, liquidAlpha: o.liquidAlpha, commitReveal: false, withOwner: false });
  const n = o.n;
  const v = Math.min(o.validators, n);
  const block = 100_000n;
  const input: EpochInput = {
    ...base,
    block,
    tempo: 360,
    activityCutoff: 5000n,
    lastUpdate: Array.from({ length: n }, (_, i) => (i < v ? block - BigInt(rng.int(100)) : 0n)),
    blockAtRegistration: Array.from({ length: n }, () => BigInt(rng.int(5000))),
    alphaStake: Array.from({ length: n }, (_, i) => (i < v && !(o.zeroStake && rng.chance(0.3)) ? (o.equalStake ? 10n ** 12n : 1n + rng.big(10n ** 15n)) : 0n)),
    rootStake: Array.from({ length: n }, () => 0n),
    stakeThreshold: 0n,
    ownerUid: o.owner ? rng.int(v) : null,
    commitRevealEnabled: o.commitReveal ?? false,
    firstLiveCommitBlock: Array.from({ length: n }, () => (rng.chance(0.3) ? null : rng.chance(0.5) ? BigInt(rng.int(6000)) : 5000n + BigInt(rng.int(1000)))),
    validatorPermit: Array.from({ length: n }, (_, i) => i < v),
    maxAllowedValidators: n,
    weights: Array.from({ length: n }, (_, i) => (i < v ? dropColumn(rng, weightRow(rng, n, i, o.shape), i, n, o.dropColumn ?? 'none') : [])),
    bonds: Array.from({ length: n }, () => []),
    bondsPenalty: o.bondsPenalty,
    bondsMovingAverage: 900_000n,
    lastMechanismStepBlock: block - 361n,
    emission: 1_000_000_000n,
  };
  // Warm-up epoch: its bonds become the stored bonds (rows aligned with the weights' columns).
  const warm = runEpochReference(input);
  return {
    ...input,
    bondsMovingAverage: o.bondsMovingAverage ?? 900_000n,
    // Stored bonds as the warm-up left them, with some cells at the u16 extremes (65535 is the one
    // proportion b·65537 does not give alone) and, optionally, one cell moved.
    bonds: warm.bonds.map((row) => {
      const r = row.map(([j, b]) => [j, rng.chance(0.1) ? 65535 : rng.chance(0.05) ? 0 : b] as [number, number]);
      return o.perturbBonds && rng.chance(0.3) ? moveOneCell(rng, r, n) : r;
    }),
    validatorPermit: warm.validatorPermit,
    block: block + 360n,
    lastMechanismStepBlock: block - 1n,
    lastUpdate: input.lastUpdate.map((u, i) => (i < v ? u + 360n : u)),
    weights: input.weights.map((row) => row.map(([j, w]) => [j, rng.chance(0.1) ? rng.int(65536) : w] as [number, number])),
  };
}

function sameOutput(input: EpochInput): void {
  expect(runEpoch(input, { impl: 'wasm' })).toStrictEqual(runEpochReference(input));
}

describe('WASM epoch ≡ TS reference on dense subnets (f64x2 pair paths)', () => {
  it('random dense subnets (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          n: fc.integer({ min: 1, max: 48 }),
          validators: fc.oneof(fc.constant(1), fc.constant(2), fc.integer({ min: 1, max: 48 })),
          yuma3: fc.boolean(),
          liquidAlpha: fc.boolean(),
          shape: fc.constantFrom<WeightShape>('random', 'equal', 'extremes', 'one-column', 'holes'),
          equalStake: fc.boolean(),
          bondsPenalty: fc.constantFrom(65535, 65535, 0, 30000),
          owner: fc.boolean(),
          commitReveal: fc.boolean(),
          perturbBonds: fc.boolean(),
          bondsMovingAverage: fc.constantFrom(900_000n, 900_000n, 1_000_000n, 0n),
        }),
        ({ seed, ...o }) => sameOutput(denseInput(seed, o)),
      ),
      { numRuns: 60, seed: FC_SEED },
    );
  });

  // The consensus transposes the kept rows into a k × n block when each holds every column, or all
  // but its own (eight rows at a time, then one by one); rows missing another column, rows of
  // validators without stake, and inputs with fewer than k·n cells (no room for the block) fall back.
  it('dense consensus block and its fallbacks (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          n: fc.integer({ min: 1, max: 40 }),
          validators: fc.integer({ min: 1, max: 40 }),
          yuma3: fc.boolean(),
          shape: fc.constantFrom<WeightShape>('random', 'random', 'equal', 'extremes', 'one-column'),
          equalStake: fc.boolean(),
          owner: fc.boolean(),
          dropColumn: fc.constantFrom<'none' | 'diagonal' | 'other'>('none', 'diagonal', 'other'),
          zeroStake: fc.boolean(),
        }),
        ({ seed, yuma3, ...o }) => sameOutput(denseInput(seed, { ...o, yuma3, liquidAlpha: yuma3, bondsPenalty: 65535 })),
      ),
      { numRuns: 80, seed: FC_SEED },
    );
  });

  it('fixed shapes at odd and even n', () => {
    const shapes: WeightShape[] = ['random', 'equal', 'extremes', 'one-column', 'holes'];
    let seed = 1;
    for (const n of [1, 2, 3, 5, 31, 64]) {
      for (const shape of shapes) {
        for (const yuma3 of [false, true]) {
          sameOutput(denseInput(seed++, { n, validators: n, yuma3, liquidAlpha: yuma3, shape, equalStake: seed % 2 === 0, bondsPenalty: 65535 }));
        }
      }
      sameOutput(denseInput(seed++, { n, validators: 1, yuma3: false, liquidAlpha: false, shape: 'random', equalStake: false, bondsPenalty: 65535 }));
      sameOutput(denseInput(seed++, { n, validators: n, yuma3: false, liquidAlpha: false, shape: 'random', equalStake: false, bondsPenalty: 65535, owner: true, commitReveal: true }));
      for (const yuma3 of [false, true]) {
        sameOutput(denseInput(seed++, { n, validators: n, yuma3, liquidAlpha: yuma3, shape: 'random', equalStake: false, bondsPenalty: 65535, perturbBonds: true }));
        sameOutput(denseInput(seed++, { n, validators: n, yuma3, liquidAlpha: false, shape: 'random', equalStake: false, bondsPenalty: 65535, bondsMovingAverage: 1_000_000n }));
      }
    }
  });

  it('the flat path rejects a long row with one pair out of order or duplicated, wherever it sits', () => {
    const wasm = epochWasm();
    expect(wasm).not.toBeNull();
    const base = denseInput(5, { n: 37, validators: 37, yuma3: false, liquidAlpha: false, shape: 'random', equalStake: false, bondsPenalty: 65535 });
    expect(wasm!.runFlat(toFlatInput(base))).not.toBeNull();
    for (const matrix of ['weights', 'bonds'] as const) {
      const r = base[matrix].findIndex((row) => row.length >= 30);
      for (let k = 0; k + 1 < base[matrix][r].length; k++) {
        for (const dup of [false, true]) {
          const rows = base[matrix].map((row) => row.slice());
          const row = rows[r];
          if (dup) row[k + 1] = [row[k][0], row[k + 1][1]];
          else [row[k], row[k + 1]] = [row[k + 1], row[k]];
          expect(wasm!.runFlat(toFlatInput({ ...base, [matrix]: rows }))).toBeNull();
        }
      }
    }
  });
});
