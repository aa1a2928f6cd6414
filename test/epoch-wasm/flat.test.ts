// The typed-array fast path `runEpochFlat` (flat.ts contract): on random subnets its outputs, read back
// as an EpochOutput, equal the TS reference's bit for bit; unsorted rows fall back to the reference;
// malformed flat inputs are rejected; results are copies (stay valid after the next epoch).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csrFromRows, fromFlatInput, fromFlatOutput, runEpochFlat, runEpochReference, toFlatInput, toFlatOutput,
} from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { randomEpochInput } from './gen.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 425);

function sameAsReference(input: EpochInput): void {
  const flat = runEpochFlat(toFlatInput(input), { impl: 'wasm' });
  expect(fromFlatOutput(flat)).toStrictEqual(runEpochReference(input));
}

describe('runEpochFlat (typed arrays, CSR) ≡ TS reference', () => {
  it('random subnets give identical outputs (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          n: fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 256 })),
          yuma3: fc.boolean(),
          liquidAlpha: fc.boolean(),
          commitReveal: fc.boolean(),
          withOwner: fc.boolean(),
          density: fc.constantFrom(undefined, 0.02, 1),
        }),
        ({ seed, density, ...opts }) => sameAsReference(randomEpochInput(seed, { ...opts, density })),
      ),
      { numRuns: 40, seed: FC_SEED },
    );
  });

  it('dense subnets: identical rows (equal scores per column), every kappa regime, both Yuma variants', () => {
    for (const [seed, kappa] of [[61, 32767], [62, 0], [63, 65535], [64, 40000], [65, 1]] as const) {
      for (const yuma3 of [false, true]) {
        const base = randomEpochInput(seed, { n: 48, density: 1, yuma3, liquidAlpha: yuma3, commitReveal: false, withOwner: seed % 2 === 0 });
        const row = base.weights.find((r) => r.length > 0) ?? [];
        const same = { ...base, kappa, weights: base.weights.map((r, i) => (i % 3 === 0 ? r : row.map(([j, v]) => [j, v] as [number, number]))) };
        sameAsReference(same);
        sameAsReference({ ...base, kappa });
      }
    }
  });

  it('flat ↔ plain conversions round-trip', () => {
    const input = randomEpochInput(5, { n: 30, yuma3: true, liquidAlpha: true, commitReveal: true, withOwner: true });
    const back = fromFlatInput(toFlatInput(input));
    expect(back.weights).toStrictEqual(input.weights);
    expect(back.bonds).toStrictEqual(input.bonds);
    expect(back.firstLiveCommitBlock).toStrictEqual(input.firstLiveCommitBlock);
    expect(back.alphaStake).toStrictEqual(input.alphaStake);
    const out = runEpochReference(input);
    expect(fromFlatOutput(toFlatOutput(out))).toStrictEqual(out);
  });

  it('rows not strictly ascending go through the reference', () => {
    const base = randomEpochInput(31, { n: 40, density: 0.3, yuma3: false, liquidAlpha: false, commitReveal: false, withOwner: false });
    const i = base.weights.findIndex((r) => r.length >= 3);
    const weights = base.weights.map((r) => r.slice());
    weights[i] = weights[i].slice().reverse();
    const unsorted = { ...base, weights };
    expect(fromFlatOutput(runEpochFlat(toFlatInput(unsorted), { impl: 'wasm' }))).toStrictEqual(runEpochReference(unsorted));
  });

  it('outputs are copies: a later epoch does not change them', () => {
    const a = randomEpochInput(41, { n: 50, yuma3: false, liquidAlpha: false, commitReveal: false, withOwner: false });
    const b = randomEpochInput(42, { n: 60, yuma3: true, liquidAlpha: true, commitReveal: false, withOwner: false });
    const outA = runEpochFlat(toFlatInput(a), { impl: 'wasm' });
    const snapshot = fromFlatOutput(outA);
    runEpochFlat(toFlatInput(b), { impl: 'wasm' });
    expect(fromFlatOutput(outA)).toStrictEqual(snapshot);
    expect(snapshot).toStrictEqual(runEpochReference(a));
  });

  it('malformed flat inputs are a RangeError', () => {
    const input = toFlatInput(randomEpochInput(9, { n: 10, yuma3: false, liquidAlpha: false, commitReveal: false, withOwner: false }));
    expect(() => runEpochFlat({ ...input, alphaStake: input.alphaStake.subarray(0, 9) }, { impl: 'wasm' })).toThrow(RangeError);
    expect(() => runEpochFlat({ ...input, weights: { ...input.weights, rowPtr: input.weights.rowPtr.subarray(0, 10) } }, { impl: 'wasm' })).toThrow(RangeError);
    const m = csrFromRows([[[0, 1]], [[1, 2]]], 2);
    const broken = { rowPtr: Uint32Array.from([0, 2, 1]), cols: m.cols, vals: m.vals };
    expect(() => runEpochFlat({ ...input, n: 2, weights: broken }, { impl: 'wasm' })).toThrow(RangeError);
  });
});
