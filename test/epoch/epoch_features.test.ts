// First-principles checks of epoch features the vector file does not exercise: combined stake with
// TaoWeight, the stake threshold and its owner exemption, activity, top-k permits, self-weight and
// outdated / commit-reveal masks, consensus clipping and validator trust, the emission split
// (including the zero-emission fallbacks), last_tempo bond masking and bond storage formats.
// Expected numbers are worked out by hand in the comments (exact binary fractions where possible).

import { describe, expect, it } from 'vitest';
import type { EpochInput } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { runEpochDense, runEpochReference } from '../../runtime/pallets/subtensor/epoch/run_epoch.ts';

const U64_MAX = (1n << 64n) - 1n;

/** A small subnet: every uid registered at block 1, weights set at block 10, epoch at block 20. */
function base(n: number, over: Partial<EpochInput> = {}): EpochInput {
  return {
    n,
    block: 20n,
    tempo: 10,
    activityCutoff: 100n,
    lastUpdate: new Array<bigint>(n).fill(10n),
    blockAtRegistration: new Array<bigint>(n).fill(1n),
    alphaStake: new Array<bigint>(n).fill(0n),
    rootStake: new Array<bigint>(n).fill(0n),
    taoWeight: 0n,
    stakeThreshold: 0n,
    ownerUid: null,
    validatorPermit: new Array<boolean>(n).fill(false),
    maxAllowedValidators: n,
    weights: Array.from({ length: n }, () => []),
    bonds: Array.from({ length: n }, () => []),
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: 900_000n,
    yuma3: false,
    liquidAlpha: false,
    alphaLow: 45875,
    alphaHigh: 58982,
    alphaSigmoidSteepness: 1000,
    commitRevealEnabled: false,
    firstLiveCommitBlock: new Array<bigint | null>(n).fill(null),
    lastMechanismStepBlock: 0n,
    emission: 1_000_000_000n,
    ...over,
  };
}

/** uid 0 = the only validator (stake 1), uid 1 = a server it fully weights. */
function oneValidatorOneServer(over: Partial<EpochInput> = {}): EpochInput {
  return base(2, {
    alphaStake: [1n, 0n],
    validatorPermit: [true, false],
    weights: [[[1, 65535]], []],
    ...over,
  });
}

describe('stake', () => {
  it('combines alpha + TaoWeight/u64::MAX · root', () => {
    // TaoWeight = u64::MAX → weight exactly 1.0, so every uid has combined stake 100.
    const out = runEpochReference(base(3, { alphaStake: [100n, 50n, 0n], rootStake: [0n, 50n, 100n], taoWeight: U64_MAX }));
    // S = 1/3 each: floor(2^32 / 3) = 1431655765 raw; floor(1431655765 · 65535 / 2^32) = 21844.
    expect(out.stakeWeight).toEqual([21844, 21844, 21844]);
  });

  it('applies the threshold to the integer part of the combined stake', () => {
    // TaoWeight = u64::MAX/2 → weight slightly below 0.5, so root 100 counts as 49.99…: integer part 49.
    const input = base(2, { alphaStake: [0n, 50n], rootStake: [100n, 0n], taoWeight: U64_MAX / 2n, stakeThreshold: 50n });
    expect(runEpochReference(input).stakeWeight).toEqual([0, 65535]);
    expect(runEpochReference({ ...input, stakeThreshold: 49n }).stakeWeight[0]).toBeGreaterThan(0);
  });

  it('exempts the subnet owner from the threshold (sparse path only)', () => {
    const input = base(3, { alphaStake: [100n, 100n, 5n], stakeThreshold: 10n, ownerUid: 2 });
    // Owner keeps 5 of 205: floor(5/205 · 2^32) raw → u16 floor(5/205 · 65535) = 1598.
    expect(runEpochReference(input).stakeWeight[2]).toBe(1598);
    expect(runEpochDense(input).stakeWeight[2]).toBe(0);
  });
});

describe('activity and permits', () => {
  it('marks uids inactive when LastUpdate + cutoff < block', () => {
    const out = runEpochReference(base(3, { block: 200n, activityCutoff: 100n, lastUpdate: [100n, 99n, 150n] }));
    expect(out.active).toEqual([true, false, true]);
  });

  it('gives permits to the top-k non-zero stakes, ties to the higher uid, owner forced', () => {
    const input = base(5, { alphaStake: [5n, 5n, 9n, 0n, 1n], maxAllowedValidators: 2 });
    expect(runEpochReference(input).validatorPermit).toEqual([false, true, true, false, false]);
    // n < k: every non-zero stake gets a permit, zero stake never does.
    expect(runEpochReference({ ...input, maxAllowedValidators: 9 }).validatorPermit).toEqual([true, true, true, false, true]);
    // The owner's permit is forced on in the sparse path.
    expect(runEpochReference({ ...input, ownerUid: 3 }).validatorPermit).toEqual([false, true, true, true, false]);
  });
});

describe('weights, consensus and incentive', () => {
  it('clips at the stake-weighted median and sums validator trust', () => {
    // Validators 0 (stake 3) and 1 (stake 1): A = [0.75, 0.25].
    // W0 = {2: 1.0}; W1 = {2: 0.5, 3: 0.5}. With κ ≈ 0.5: C_2 = 1.0 (the 0.75 holder), C_3 = 0.
    // Clipped: W1 keeps 0.5 at column 2 and loses column 3 → VT = [1.0, 0.5].
    // R_2 = 0.75 + 0.25·0.5, R_3 = 0 → I = [0, 0, 1, 0].
    const input = base(4, {
      alphaStake: [3n, 1n, 0n, 0n],
      validatorPermit: [true, true, false, false],
      weights: [[[2, 65535]], [[2, 65535], [3, 65535]], [], []],
    });
    for (const run of [runEpochReference, runEpochDense]) {
      const out = run(input);
      expect(out.consensus).toEqual([0, 0, 65535, 0]);
      expect(out.validatorTrust).toEqual([65535, 32767, 0, 0]);
      expect(out.incentive).toEqual([0, 0, 65535, 0]);
    }
  });

  it('drops self-weights except the owner’s', () => {
    const input = base(2, { alphaStake: [1n, 0n], validatorPermit: [true, false], weights: [[[0, 65535]], []] });
    expect(runEpochReference(input).incentive).toEqual([0, 0]);
    expect(runEpochReference({ ...input, ownerUid: 0 }).incentive).toEqual([65535, 0]);
  });

  it('drops weights set before the target registered (LastUpdate_i <= BlockAtRegistration_j)', () => {
    const fresh = oneValidatorOneServer({ blockAtRegistration: [1n, 10n] });
    expect(runEpochReference(fresh).incentive).toEqual([0, 0]);
    expect(runEpochReference(oneValidatorOneServer({ blockAtRegistration: [1n, 9n] })).incentive).toEqual([0, 65535]);
  });

  it('masks weights whose earliest live commit predates the target registration (commit-reveal)', () => {
    const input = oneValidatorOneServer({ blockAtRegistration: [1n, 8n], commitRevealEnabled: true, firstLiveCommitBlock: [7n, null] });
    expect(runEpochReference(input).incentive).toEqual([0, 0]);
    expect(runEpochReference({ ...input, firstLiveCommitBlock: [8n, null] }).incentive).toEqual([0, 65535]);
    expect(runEpochReference({ ...input, commitRevealEnabled: false }).incentive).toEqual([0, 65535]);
  });
});

describe('bonds, dividends and emission', () => {
  it('splits emission between server incentive and validator dividends (classic Yuma)', () => {
    // I = [0, 1], D = [1, 0] → E = [1, 1]: server share [0, ½], validator [½, 0], combined [½, ½].
    for (const run of [runEpochReference, runEpochDense]) {
      const out = run(oneValidatorOneServer());
      expect(out.incentive).toEqual([0, 65535]);
      expect(out.dividends).toEqual([65535, 0]);
      expect(out.serverEmission).toEqual([0n, 500_000_000n]);
      expect(out.validatorEmission).toEqual([500_000_000n, 0n]);
      expect(out.emission).toEqual([500_000_000n, 500_000_000n]);
      expect(out.validatorPermit).toEqual([true, false]);
      // Classic bonds are stored column-max-upscaled: the single bond becomes 65535.
      expect(out.bonds[0].filter(([, v]) => v !== 0)).toEqual([[1, 65535]]);
      expect(out.bonds[1]).toEqual([]);
    }
  });

  it('falls back to active stake, then to stake, when incentive and dividends are all zero', () => {
    // No weights: validator shares = A = [¾, ¼] of 1000 rao.
    const input = base(2, { alphaStake: [3n, 1n], validatorPermit: [true, true], emission: 1000n });
    let out = runEpochReference(input);
    expect(out.serverEmission).toEqual([0n, 0n]);
    expect(out.validatorEmission).toEqual([750n, 250n]);
    expect(out.emission).toEqual([750n, 250n]);
    // Everyone inactive → A = 0 → shares = S.
    out = runEpochReference({ ...input, lastUpdate: [1n, 1n], block: 500n });
    expect(out.active).toEqual([false, false]);
    expect(out.validatorEmission).toEqual([750n, 250n]);
    // Nobody permitted → A = 0 as well.
    out = runEpochReference({ ...input, validatorPermit: [false, false] });
    expect(out.validatorEmission).toEqual([750n, 250n]);
  });

  it('stores Yuma3 bonds as absolute EMA values', () => {
    // No stored bond, w = 1, α = 1 − 0.9 → EMA ≈ 0.1 → floor(0.1 · 65535) = 6553.
    const out = runEpochReference(oneValidatorOneServer({ yuma3: true }));
    expect(out.bonds[0]).toEqual([[1, 6553]]);
    expect(out.dividends).toEqual([65535, 0]);
  });

  it('drops stored bonds to uids registered since the last epoch (last_tempo)', () => {
    // Stored bond 1.0 on server 1 registered at block 15; epoch at block 20, tempo 10.
    // Kept: 0.1·1 + 0.9·1 = 1.0 → 65535. Dropped: 0.1·1 → 6553.
    const input = oneValidatorOneServer({
      yuma3: true,
      blockAtRegistration: [1n, 5n],
      bonds: [[[1, 65535]], []],
    });
    expect(runEpochReference(input).bonds[0]).toEqual([[1, 65535]]);
    const reg15 = { ...input, blockAtRegistration: [1n, 15n], lastUpdate: [16n, 10n] };
    // last_tempo = block − tempo = 10 <= 15 → dropped.
    expect(runEpochReference(reg15).bonds[0]).toEqual([[1, 6553]]);
    // last_tempo = LastMechansimStepBlock + 1 = 13 <= 15 → dropped; 16 > 15 → kept.
    expect(runEpochReference({ ...reg15, lastMechanismStepBlock: 12n }).bonds[0]).toEqual([[1, 6553]]);
    expect(runEpochReference({ ...reg15, lastMechanismStepBlock: 15n }).bonds[0]).toEqual([[1, 65535]]);
  });

  it('writes an empty bonds row for a uid that loses its permit', () => {
    const input = oneValidatorOneServer({ alphaStake: [0n, 0n], bonds: [[[1, 65535]], []], validatorPermit: [true, false] });
    const out = runEpochReference(input);
    expect(out.validatorPermit).toEqual([false, false]);
    expect(out.bonds).toEqual([[], []]);
  });
});
