// Differential property test: the WASM epoch must produce exactly the EpochOutput of the TS
// reference (`runEpochReference`, the oracle that replays subtensor's own test vectors) on random
// subnets: n up to 256, stakes with zeros, sparse weights/bonds with zero entries and occasional
// out-of-range columns, random registrations / LastUpdate / permits, hyperparameters, Yuma3 on/off,
// liquid alpha on/off, commit-reveal on/off, owner uid or none. Deep equality, bit for bit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochImpl, epochWasm, runEpoch, runEpochReference } from '../../runtime/pallets/subtensor/epoch/index.ts';
import { loadEpochWasm } from '../../runtime/pallets/subtensor/epoch/wasm.ts';
import type { EpochInput } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { randomEpochInput } from './gen.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 425);

function sameOutput(input: EpochInput): void {
  const wasm = runEpoch(input, { impl: 'wasm' });
  const ref = runEpochReference(input);
  expect(wasm).toStrictEqual(ref);
}

describe('WASM epoch ≡ TS reference epoch', () => {
  it('uses the WASM implementation by default when build/epoch.wasm exists', () => {
    expect(epochImpl()).toBe('wasm');
  });

  it('random subnets give identical outputs (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          n: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 256 })),
          yuma3: fc.boolean(),
          liquidAlpha: fc.boolean(),
          commitReveal: fc.boolean(),
          withOwner: fc.boolean(),
        }),
        ({ seed, ...opts }) => sameOutput(randomEpochInput(seed, opts)),
      ),
      { numRuns: 80, seed: FC_SEED },
    );
  });

  it('edge cases: empty subnet, single uid, no stake, no weights, zero emission', () => {
    const base = randomEpochInput(7, { n: 12, yuma3: true, liquidAlpha: true, commitReveal: true, withOwner: true });
    const cases: EpochInput[] = [
      { ...randomEpochInput(1, { n: 0, yuma3: false, liquidAlpha: false, commitReveal: false, withOwner: false }) },
      randomEpochInput(2, { n: 1, yuma3: true, liquidAlpha: true, commitReveal: false, withOwner: true }),
      { ...base, alphaStake: base.alphaStake.map(() => 0n), rootStake: base.rootStake.map(() => 0n) },
      { ...base, weights: base.weights.map(() => []) },
      { ...base, bonds: base.bonds.map(() => []), emission: 0n },
      { ...base, validatorPermit: base.validatorPermit.map(() => true), maxAllowedValidators: 0 },
      { ...base, yuma3: false, bondsPenalty: 12345 },
      { ...base, liquidAlpha: false },
    ];
    for (const input of cases) sameOutput(input);
  });

  it('very sparse subnets (few weights per row: consensus shortcut for mostly-zero columns)', () => {
    for (let seed = 100; seed < 140; seed++) {
      const n = 8 + (seed % 5) * 30;
      sameOutput(randomEpochInput(seed, { n, density: 0.02, yuma3: seed % 2 === 0, liquidAlpha: seed % 3 === 0, commitReveal: false, withOwner: seed % 4 === 0 }));
    }
  });

  it('the arena is reused across sizes without stale state (big → small → big)', () => {
    const opts = { yuma3: false, liquidAlpha: false, commitReveal: false, withOwner: true };
    for (const [seed, n] of [[11, 200], [12, 3], [13, 256], [14, 1], [11, 200]] as const) {
      sameOutput(randomEpochInput(seed, { ...opts, n }));
    }
  });

  it('rows not strictly ascending (set_weights keeps the caller uid order) go to the reference', () => {
    for (const yuma3 of [false, true]) {
      const base = randomEpochInput(31, { n: 40, density: 0.3, yuma3, liquidAlpha: yuma3, commitReveal: false, withOwner: false });
      const i = base.weights.findIndex((r) => r.length >= 3);
      expect(i).toBeGreaterThanOrEqual(0);
      const weights = base.weights.map((r) => r.slice());
      weights[i] = weights[i].slice().reverse();
      const unsorted = { ...base, weights };
      expect(epochWasm()?.run(unsorted)).toBeNull();
      expect(runEpoch(unsorted, { impl: 'wasm' })).toStrictEqual(runEpochReference(unsorted));
      const bonds = base.bonds.map((r) => r.slice());
      const b = bonds.findIndex((r) => r.length >= 1);
      bonds[b] = [...bonds[b], bonds[b][0]];
      const duplicated = { ...base, bonds };
      expect(epochWasm()?.run(duplicated)).toBeNull();
      expect(runEpoch(duplicated, { impl: 'wasm' })).toStrictEqual(runEpochReference(duplicated));
    }
  });

  it('a missing wasm file loads as null (runEpoch then falls back to the reference)', () => {
    expect(loadEpochWasm('/nonexistent/epoch.wasm')).toBeNull();
  });

  it("impl: 'ts' runs the reference", () => {
    const input = randomEpochInput(21, { n: 20, yuma3: true, liquidAlpha: false, commitReveal: false, withOwner: false });
    expect(runEpoch(input, { impl: 'ts' })).toStrictEqual(runEpochReference(input));
  });
});
