// Epoch library entry points (issue 15): malformed input is refused with the same typed error (EpochInputError, a
// RangeError naming the field) whichever implementation is asked for, on both contracts (runEpoch, runEpochFlat);
// and well-formed but extreme input — total stake of 2^63 rao or more — gives with { impl: 'wasm' } exactly what the
// TS reference and subtensor give (each stake saturated to I64F64, the stake sum wrapping, safe_div → 0).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EpochInputError, runEpoch, runEpochFlat, runEpochReference, toFlatInput, type EpochInput, type EpochInputFlat,
} from '../../runtime/pallets/subtensor/epoch/index.ts';
import { randomEpochInput } from './gen.ts';

const base = (): EpochInput => randomEpochInput(7, { n: 12, yuma3: true, liquidAlpha: false, commitReveal: true, withOwner: true });

/** The error `fn` throws (or null). */
function thrown(fn: () => unknown): Error | null {
  try { fn(); return null; } catch (e) { return e as Error; }
}

describe('malformed epoch input: one typed error for TS and WASM', () => {
  const cases: [string, (i: EpochInput) => EpochInput, string][] = [
    ['alphaStake one short', i => ({ ...i, alphaStake: i.alphaStake.slice(1) }), 'alphaStake'],
    ['lastUpdate one long', i => ({ ...i, lastUpdate: [...i.lastUpdate, 0n] }), 'lastUpdate'],
    ['weights one row short', i => ({ ...i, weights: i.weights.slice(1) }), 'weights'],
    ['negative stake', i => ({ ...i, rootStake: i.rootStake.map((s, k) => (k === 3 ? -1n : s)) }), 'rootStake[3]'],
    ['stake above u64', i => ({ ...i, alphaStake: i.alphaStake.map((s, k) => (k === 0 ? 1n << 64n : s)) }), 'alphaStake[0]'],
    ['stake as a number', i => ({ ...i, alphaStake: i.alphaStake.map((s, k) => (k === 1 ? (5 as unknown as bigint) : s)) }), 'alphaStake[1]'],
    ['fractional kappa', i => ({ ...i, kappa: 0.5 }), 'kappa'],
    ['NaN tempo', i => ({ ...i, tempo: NaN }), 'tempo'],
    ['negative n', i => ({ ...i, n: -1 }), 'n'],
    ['fractional n', i => ({ ...i, n: 11.5 }), 'n'],
    ['alphaHigh above u16', i => ({ ...i, alphaHigh: 70_000 }), 'alphaHigh'],
    ['steepness above i16', i => ({ ...i, alphaSigmoidSteepness: 40_000 }), 'alphaSigmoidSteepness'],
    ['negative block', i => ({ ...i, block: -5n }), 'block'],
    ['emission above u64', i => ({ ...i, emission: 1n << 64n }), 'emission'],
    ['fractional weight column', i => ({ ...i, weights: i.weights.map((r, k) => (k === 2 ? [[1.5, 10] as [number, number]] : r)) }), 'weights[2][0] column'],
    ['weight value above u16', i => ({ ...i, weights: i.weights.map((r, k) => (k === 2 ? [[1, 65_536] as [number, number]] : r)) }), 'weights[2][0] value'],
    ['NaN bond value', i => ({ ...i, bonds: i.bonds.map((r, k) => (k === 0 ? [[0, NaN] as [number, number]] : r)) }), 'bonds[0][0] value'],
    ['permit not a boolean', i => ({ ...i, validatorPermit: i.validatorPermit.map((p, k) => (k === 4 ? (1 as unknown as boolean) : p)) }), 'validatorPermit[4]'],
    ['commit block negative', i => ({ ...i, firstLiveCommitBlock: i.firstLiveCommitBlock.map((c, k) => (k === 0 ? -1n : c)) }), 'firstLiveCommitBlock[0]'],
  ];

  it.each(cases)('%s', (_name, mutate, field) => {
    const input = mutate(base());
    const ts = thrown(() => runEpoch(input, { impl: 'ts' }));
    const wasm = thrown(() => runEpoch(input, { impl: 'wasm' }));
    expect(ts).toBeInstanceOf(EpochInputError);
    expect(ts).toBeInstanceOf(RangeError);
    expect((ts as EpochInputError).field).toBe(field);
    expect(wasm).toBeInstanceOf(EpochInputError);
    expect(wasm!.message).toBe(ts!.message);
  });

  it('the flat contract: lengths, permits, CSR shape and scalars, identically for both', () => {
    const good = toFlatInput(base());
    const flatCases: [string, EpochInputFlat, string][] = [
      ['alphaStake short', { ...good, alphaStake: good.alphaStake.subarray(0, 11) }, 'alphaStake'],
      ['rootStake long', { ...good, rootStake: new BigUint64Array(13) }, 'rootStake'],
      ['permit 2', { ...good, validatorPermit: Uint8Array.from(good.validatorPermit, (p, k) => (k === 0 ? 2 : p)) }, 'validatorPermit[0]'],
      ['rowPtr decreasing', { ...good, weights: { ...good.weights, rowPtr: Uint32Array.from(good.weights.rowPtr, (p, k) => (k === 5 ? 0 : p)) } }, 'weights.rowPtr[5]'],
      ['cols short', { ...good, bonds: { ...good.bonds, cols: new Uint16Array(0), vals: new Uint16Array(0), rowPtr: Uint32Array.from(good.bonds.rowPtr, (_p, k) => (k === 12 ? 3 : k === 0 ? 0 : Math.min(3, k))) } }, 'bonds.cols'],
      ['fractional maxAllowedValidators', { ...good, maxAllowedValidators: 1.25 }, 'maxAllowedValidators'],
      ['stake threshold negative', { ...good, stakeThreshold: -1n }, 'stakeThreshold'],
    ];
    for (const [name, input, field] of flatCases) {
      const ts = thrown(() => runEpochFlat(input, { impl: 'ts' }));
      const wasm = thrown(() => runEpochFlat(input, { impl: 'wasm' }));
      expect(ts, name).toBeInstanceOf(EpochInputError);
      expect((ts as EpochInputError).field, name).toBe(field);
      expect(wasm?.message, name).toBe(ts!.message);
    }
    expect(() => runEpochFlat(good, { impl: 'wasm' })).not.toThrow();
  });
});

describe('total stake of 2^63 rao and more: WASM path = TS reference = subtensor', () => {
  it('two stakes of 2^63 rao: each saturates to I64F64::MAX, the sum wraps to −2^-63, safe_div overflows → every normalised stake is 0', () => {
    // From first principles (subtensor: I64F64::saturating_from_num per stake; iter().sum() wraps in release;
    // safe_div = checked_div or 0): raw MAX = 2^127 − 1, sum = 2·MAX mod 2^128 = −2 (raw), MAX / (−2 raw) is far
    // outside I64F64, so checked_div is None and each stake becomes 0.
    const input: EpochInput = { ...base(), n: 2, lastUpdate: [1n, 1n], blockAtRegistration: [0n, 0n], alphaStake: [1n << 63n, 1n << 63n],
      rootStake: [0n, 0n], validatorPermit: [true, true], weights: [[[0, 65535], [1, 65535]], [[0, 65535], [1, 65535]]], bonds: [[], []],
      firstLiveCommitBlock: [null, null], ownerUid: null, stakeThreshold: 0n, commitRevealEnabled: false };
    const wasm = runEpoch(input, { impl: 'wasm' });
    const ts = runEpochReference(input);
    expect(wasm).toStrictEqual(ts);
    expect(ts.stakeWeight).toEqual([0, 0]);
  });

  it('random subnets with stakes up to u64::MAX: identical outputs (fast-check)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 24 }), fc.boolean(),
      fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 48, maxLength: 48 }),
      (seed, n, yuma3, stakes) => {
        const i = randomEpochInput(seed, { n, yuma3, liquidAlpha: !yuma3, commitReveal: false, withOwner: seed % 2 === 0 });
        const input: EpochInput = { ...i, alphaStake: stakes.slice(0, n), rootStake: stakes.slice(24, 24 + n) };
        expect(runEpoch(input, { impl: 'wasm' })).toStrictEqual(runEpochReference(input));
        expect(runEpochFlat(toFlatInput(input), { impl: 'wasm' })).toStrictEqual(runEpochFlat(toFlatInput(input), { impl: 'ts' }));
      },
    ), { numRuns: 40, seed: 15 });
  });
});
