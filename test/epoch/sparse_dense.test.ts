// Cross-check of the two epoch forms on random subnets: subtensor keeps the dense epoch as the
// readable form of the sparse production epoch, and the two must agree wherever the Rust code does
// not deliberately differ (owner special cases, commit-reveal, liquid-alpha sparse bond dropping,
// rows of never-permitted uids). Inputs are random but deterministic (fixed fast-check seed).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochInput, SparseRowU16 } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { runEpochDense, runEpochReference } from '../../runtime/pallets/subtensor/epoch/run_epoch.ts';

/** Sorted, unique-column sparse u16 rows (what set_weights / the epoch store in practice). */
function rowsArb(n: number): fc.Arbitrary<SparseRowU16[]> {
  return fc.array(
    fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 65535 })), {
      selector: ([j]) => j,
      maxLength: n,
    }).map((row) => row.sort((a, b) => a[0] - b[0])),
    { minLength: n, maxLength: n },
  );
}

const inputArb: fc.Arbitrary<EpochInput> = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    block: fc.bigInt({ min: 20n, max: 40n }),
    tempo: fc.integer({ min: 1, max: 10 }),
    activityCutoff: fc.bigInt({ min: 1n, max: 30n }),
    lastUpdate: fc.array(fc.bigInt({ min: 0n, max: 40n }), { minLength: n, maxLength: n }),
    blockAtRegistration: fc.array(fc.bigInt({ min: 0n, max: 40n }), { minLength: n, maxLength: n }),
    alphaStake: fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: n, maxLength: n }),
    rootStake: fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: n, maxLength: n }),
    taoWeight: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    stakeThreshold: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    ownerUid: fc.constant(null),
    validatorPermit: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    maxAllowedValidators: fc.integer({ min: 0, max: 8 }),
    weights: rowsArb(n),
    bonds: rowsArb(n),
    kappa: fc.integer({ min: 0, max: 65535 }),
    bondsPenalty: fc.oneof(fc.constant(65535), fc.constant(0), fc.integer({ min: 0, max: 65535 })),
    bondsMovingAverage: fc.bigInt({ min: 0n, max: 1_000_000n }),
    yuma3: fc.boolean(),
    liquidAlpha: fc.constant(false),
    alphaLow: fc.constant(45875),
    alphaHigh: fc.constant(58982),
    alphaSigmoidSteepness: fc.constant(1000),
    commitRevealEnabled: fc.constant(false),
    firstLiveCommitBlock: fc.constant(new Array<bigint | null>(n).fill(null)),
    lastMechanismStepBlock: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 39n })),
    emission: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  }),
);

function denseRow(row: SparseRowU16, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const [j, v] of row) out[j] = v;
  return out;
}

describe('sparse epoch == dense epoch', () => {
  it('on random subnets (no owner, no commit-reveal, liquid alpha off)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const s = runEpochReference(input);
        const d = runEpochDense(input);
        expect(s.active).toEqual(d.active);
        expect(s.validatorPermit).toEqual(d.validatorPermit);
        expect(s.stakeWeight).toEqual(d.stakeWeight);
        expect(s.consensus).toEqual(d.consensus);
        expect(s.validatorTrust).toEqual(d.validatorTrust);
        expect(s.incentive).toEqual(d.incentive);
        expect(s.dividends).toEqual(d.dividends);
        expect(s.emission).toEqual(d.emission);
        expect(s.serverEmission).toEqual(d.serverEmission);
        expect(s.validatorEmission).toEqual(d.validatorEmission);
        for (let i = 0; i < input.n; i++) {
          if (s.validatorPermit[i]) expect(denseRow(s.bonds[i], input.n)).toEqual(denseRow(d.bonds[i], input.n));
          else if (input.validatorPermit[i]) expect(d.bonds[i]).toEqual([]);
        }
      }),
      { numRuns: 300, seed: 425 },
    );
  });
});
