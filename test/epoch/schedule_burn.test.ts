// First-principles checks of the epoch schedule predicates and the burn helpers beyond the vector
// cases (which cover blocks_until_* and three HEAD burn tests).

import { describe, expect, it } from 'vitest';
import {
  MAX_TEMPO,
  nextEpochStartBlock,
  shouldRunEpoch,
  shouldRunEpochModular,
} from '../../runtime/pallets/subtensor/coinbase/epoch_schedule.ts';
import {
  DEFAULT_BURN_INCREASE_MULT,
  bumpBurn,
  decayBurn,
  decayFactorQ32,
} from '../../runtime/pallets/subtensor/subnets/burn.ts';

const U64_MAX = (1n << 64n) - 1n;

describe('epoch schedule', () => {
  it('classic: runs when (block + netuid + 1) % (tempo + 1) == tempo', () => {
    // blocks_until = tempo − remainder is 0 when the remainder equals tempo (the Rust doc comment's
    // "% (tempo + 1) = 0" is off by one; its own table — tempo 1, netuid 0 → first epoch at block 0 — agrees).
    const runs: bigint[] = [];
    for (let b = 0n; b < 30n; b++) if (shouldRunEpochModular(1, 10, b)) runs.push(b);
    expect(runs).toEqual([8n, 19n]);
    expect(shouldRunEpochModular(0, 1, 0n)).toBe(true);
    expect(shouldRunEpochModular(1, 100, 98n)).toBe(true);
    expect(shouldRunEpochModular(1, 0, 8n)).toBe(false);
  });

  it('HEAD: period tempo from LastEpochBlock, owner trigger, safety net', () => {
    const s = { tempo: 360, lastEpochBlock: 1000n, pendingEpochAt: 0n, blocksSinceLastStep: 0n };
    expect(shouldRunEpoch(s, 1359n)).toBe(false);
    expect(shouldRunEpoch(s, 1360n)).toBe(true);
    expect(shouldRunEpoch({ ...s, tempo: 0 }, 5000n)).toBe(false);
    expect(shouldRunEpoch({ ...s, pendingEpochAt: 1100n }, 1099n)).toBe(false);
    expect(shouldRunEpoch({ ...s, pendingEpochAt: 1100n }, 1100n)).toBe(true);
    expect(shouldRunEpoch({ ...s, blocksSinceLastStep: MAX_TEMPO }, 1001n)).toBe(false);
    expect(shouldRunEpoch({ ...s, blocksSinceLastStep: MAX_TEMPO + 1n }, 1001n)).toBe(true);
    expect(nextEpochStartBlock(s)).toBe(1360n);
    expect(nextEpochStartBlock({ ...s, pendingEpochAt: 1100n })).toBe(1100n);
    expect(nextEpochStartBlock({ ...s, pendingEpochAt: 2000n })).toBe(1360n);
    expect(nextEpochStartBlock({ ...s, tempo: 0 })).toBeNull();
  });
});

describe('burn', () => {
  it('per-block factor is 0.5^(1/half_life) to Q32 precision', () => {
    for (const halfLife of [1, 2, 360, 1000]) {
      const f = Number(decayFactorQ32(halfLife)) / 2 ** 32;
      expect(Math.abs(f - 0.5 ** (1 / halfLife))).toBeLessThan(1e-6);
    }
    expect(decayFactorQ32(1)).toBe(1n << 31n); // exactly one half
    expect(decayFactorQ32(0)).toBe(1n << 32n);
  });

  it('halves the burn over one half-life (up to per-block flooring) and never below MinBurn', () => {
    let burn = 1_000_000_000_000n;
    for (let b = 2n; b < 2n + 360n; b++) burn = decayBurn(burn, 360, b, 0n, U64_MAX);
    expect(Number(burn) / 5e11).toBeGreaterThan(0.9999);
    expect(Number(burn) / 5e11).toBeLessThanOrEqual(1);
    expect(decayBurn(1_000n, 360, 1n, 0n, U64_MAX)).toBe(1_000n); // block 1: no decay
    expect(decayBurn(1_000n, 0, 50n, 0n, U64_MAX)).toBe(1_000n); // half-life 0: no decay
    expect(decayBurn(1_000n, 1, 50n, 900n, U64_MAX)).toBe(900n);
  });

  it('bumps by the default 1.26 multiplier, floors the multiplier at 1 and clamps', () => {
    expect(bumpBurn(1_000_000_000n, DEFAULT_BURN_INCREASE_MULT, 0n, U64_MAX)).toBe(1_260_000_000n);
    expect(bumpBurn(1_000n, 0n, 0n, U64_MAX)).toBe(1_000n);
    expect(bumpBurn(1_000n, DEFAULT_BURN_INCREASE_MULT, 0n, 1_100n)).toBe(1_100n);
  });
});
