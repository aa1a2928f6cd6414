// The epoch benchmark's mainnet-like subnets (bench/_epoch_subnets.ts) at n = 256: the WASM epoch gives
// exactly the TS reference's output on them, and they are not hollow — every step has work to do (the
// issue with the earlier bench inputs: sparse cases without consensus, liquid α without a per-cell sigmoid).

import { describe, expect, it } from 'vitest';
import { epochWasm, runEpoch, runEpochCsr, runEpochReference } from '../../runtime/pallets/subtensor/epoch/index.ts';
import { csrFromRows } from '../../runtime/pallets/subtensor/epoch/flat.ts';
import { benchCases, makeBenchSubnet } from '../../bench/_epoch_subnets.ts';

const bigJson = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

describe('benchmark subnets (n = 256)', () => {
  const cases = benchCases([256]);

  it('covers dense and sparse, classic and Yuma3 + liquid α, and commit-reveal', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(
      ['dense-classic-n256', 'dense-yuma3la-n256', 'densecr-yuma3la-n256', 'sparse-classic-n256', 'sparse-yuma3la-n256']);
  });

  it('are generated deterministically', () => {
    expect(bigJson(makeBenchSubnet(cases[1]))).toBe(bigJson(makeBenchSubnet(cases[1])));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: WASM ≡ TS reference, and every step touches cells', (_, c) => {
    const input = makeBenchSubnet(c);
    const wasm = runEpoch(input, { impl: 'wasm' });
    const ref = runEpochReference(input);
    expect(wasm).toStrictEqual(ref);
    // The pallet's entry (bonds as CSR) returns the same.
    const csr = runEpochCsr(input, { impl: 'wasm' });
    expect(csr.bonds).toStrictEqual(csrFromRows(ref.bonds, input.n));
    expect({ ...csr, bonds: ref.bonds }).toStrictEqual(ref);

    const t = epochWasm()!.stepCells();
    const n = input.n;
    expect(t.activeRows).toBeGreaterThan(50); // 64 permits, two of them inactive
    expect(t.activeRows).toBeLessThan(64);
    expect(t.maskedWeights).toBeLessThan(t.storedWeights); // the masks drop cells (diagonal, outdated, inactive rows)
    expect(t.consensusColumns).toBeGreaterThan(c.weights === 'sparse' ? 5 : n / 2);
    expect(t.clippedCells).toBeGreaterThan(0);
    expect(t.clippedCells).toBeLessThan(t.maskedWeights);
    expect(t.bondsKept).toBeGreaterThan(0);
    expect(t.bondsKept).toBeLessThan(t.storedBonds); // churn: bonds onto re-registered uids are dropped
    expect(t.emaCells).toBeGreaterThan(0);
    expect(t.outBonds).toBeGreaterThan(0);
    if (c.config === 'yuma3la') {
      // Bonds lag the drifting weights: part of the cells take the per-cell sigmoid, the rest share one alpha.
      expect(t.sigmoidCells).toBeGreaterThan(t.weightsForBonds / 20);
      expect(t.sigmoidCells).toBeLessThan(t.weightsForBonds);
    } else {
      expect(t.sigmoidCells).toBe(0);
    }
    // Output shape: dividends for some validators, incentive for some miners.
    expect(ref.dividends.filter((d) => d > 0).length).toBeGreaterThan(10);
    expect(ref.incentive.filter((x) => x > 0).length).toBeGreaterThan(5);
  });
});
