// The epoch scenario groups of shared/vectors/subtensor-tests.json (subtensor's test_bonds and
// test_yuma_3_* Rust tests) driven through runEpoch(..., { impl: 'wasm' }). A small subnet simulator
// plays the Rust mock between epochs: set_weights (max-upscaled, zeros kept, LastUpdate = block),
// next block without automatic epoch, epoch, and persisting bonds / permits for the next epoch.
//   - epoch.bonds_classic: exact u16 bond columns (assert_eq in Rust);
//   - epoch.yuma_3_*: dividends (u16 / 65535 as I32F32) within 1e-3 of the targets.

import { describe, expect, it } from 'vitest';
import { runEpoch } from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput, EpochOutput, SparseRowU16 } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { I32F32, fromF32, fromF64 } from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import { vecU16MaxUpscaleToU16 } from '../../runtime/pallets/subtensor/epoch/math.ts';
import { type VectorGroup, big, loadVectors } from '../epoch/vectors_io.ts';

const file = loadVectors();
const scenarios = file.vectors.filter((g) => g.kind === 'scenario');
/** HEAD default ActivityCutoffFactorMilli; activity cutoff = max(1, factor · tempo / 1000). */
const DEFAULT_CUTOFF_FACTOR_MILLI = 13_889n;

class Subnet {
  block = 1n; // the Rust mock starts at block 1; every uid registered there
  lastUpdate: bigint[];
  weights: SparseRowU16[];
  bonds: SparseRowU16[];
  permits: boolean[];
  last: EpochOutput | null = null;

  constructor(readonly setup: any) {
    const n: number = setup.n;
    this.lastUpdate = new Array<bigint>(n).fill(1n);
    this.weights = Array.from({ length: n }, () => []);
    this.bonds = Array.from({ length: n }, () => []);
    this.permits = new Array<boolean>(n).fill(false);
  }

  setWeights(ws: Array<{ uid: number; dests: number[]; weights: number[] }>): void {
    for (const w of ws) {
      const up = vecU16MaxUpscaleToU16(w.weights);
      this.weights[w.uid] = w.dests.map((d, k) => [d, up[k]] as [number, number]);
      this.lastUpdate[w.uid] = this.block;
    }
  }

  epoch(): EpochOutput {
    const p = this.setup.params;
    const n: number = this.setup.n;
    const factor = p.activity_cutoff_factor_milli === undefined ? DEFAULT_CUTOFF_FACTOR_MILLI : BigInt(p.activity_cutoff_factor_milli);
    const cutoff = (factor * BigInt(p.tempo)) / 1000n;
    const [alphaLow, alphaHigh]: [number, number] = p.alpha_values_u16 ?? [45875, 58982];
    const input: EpochInput = {
      n,
      block: this.block,
      tempo: p.tempo,
      activityCutoff: cutoff < 1n ? 1n : cutoff,
      lastUpdate: this.lastUpdate.slice(),
      blockAtRegistration: new Array<bigint>(n).fill(1n),
      alphaStake: (this.setup.stakes_alpha_rao as unknown[]).map(big),
      rootStake: new Array<bigint>(n).fill(0n),
      taoWeight: big(p.tao_weight),
      stakeThreshold: big(p.stake_threshold),
      ownerUid: p.subnet_owner_hotkey ?? null,
      validatorPermit: this.permits.slice(),
      maxAllowedValidators: p.max_allowed_validators,
      weights: this.weights,
      bonds: this.bonds,
      kappa: p.kappa,
      bondsPenalty: p.bonds_penalty,
      bondsMovingAverage: big(p.bonds_moving_average),
      yuma3: p.yuma3_enabled === true,
      liquidAlpha: p.liquid_alpha_enabled === true,
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: p.alpha_sigmoid_steepness ?? 1000,
      commitRevealEnabled: p.commit_reveal_enabled === true,
      firstLiveCommitBlock: new Array<bigint | null>(n).fill(null),
      lastMechanismStepBlock: 0n, // the legacy `epoch` wrapper leaves it at 0
      emission: big(p.emission_per_epoch_rao),
    };
    const out = runEpoch(input, { impl: 'wasm' });
    this.bonds = out.bonds;
    this.permits = out.validatorPermit;
    this.last = out;
    return out;
  }

  bond(i: number, j: number): number {
    return this.bonds[i]?.find(([c]) => c === j)?.[1] ?? 0;
  }
}

function replayClassic(g: VectorGroup): number {
  const sim = new Subnet(g.setup);
  let asserted = 0;
  for (const step of g.steps ?? []) {
    if (step.action === 'set_weights') {
      while (sim.block < big(step.block)) sim.block++;
      sim.setWeights(step.weights);
      continue;
    }
    if (step.action === 'set_weights_then_next_block_then_epoch') {
      sim.setWeights(step.weights);
      sim.block++;
    } else if (step.action === 'next_block_then_epoch') sim.block++;
    else expect(step.action).toBe('epoch');
    expect(sim.block).toBe(big(step.block));
    sim.epoch();
    if (step.expect_bonds_column) {
      const { col, rows_0_to_3: rows } = step.expect_bonds_column;
      expect((rows as number[]).map((_, r) => sim.bond(r, col)), `bonds column ${col} at block ${sim.block}`).toEqual(rows);
      asserted++;
    }
  }
  return asserted;
}

function replayYuma3(g: VectorGroup): number {
  const sim = new Subnet(g.setup);
  const eps = fromF64(I32F32, 1e-3);
  let checks = 0;
  sim.block++; // first epoch at block 2 without weights hands out the permits
  sim.epoch();
  for (const e of g.epochs ?? []) {
    sim.setWeights(e.set_weights_before);
    if (e.after_set_weights_before_epoch !== undefined) {
      const m = /do_reset_bonds\(netuid, hotkey of uid (\d+)\)/.exec(e.after_set_weights_before_epoch);
      expect(m).not.toBeNull();
      const uid = Number(m![1]);
      sim.bonds = sim.bonds.map((row) => row.filter(([j]) => j !== uid));
    }
    sim.block++;
    expect(sim.block).toBe(big(e.run_at_block));
    const out = sim.epoch();
    for (const [uid, target] of ((e.expected_dividends ?? []) as number[]).entries()) {
      // u16_proportion_to_fixed: I32F32(d) / I32F32(65535), truncated.
      const got = ((BigInt(out.dividends[uid]) << 32n) << 32n) / (65535n << 32n);
      const want = fromF32(I32F32, target);
      const diff = got > want ? got - want : want - got;
      if (diff > eps) expect.fail(`${g.id} epoch ${e.epoch}: dividend[${uid}] = ${out.dividends[uid] / 65535}, target ${target}`);
      checks++;
    }
  }
  return checks;
}

describe('epoch scenario vectors through the WASM epoch', () => {
  it('has the classic bonds scenario and the 7 Yuma3 scenarios', () => {
    expect(scenarios.map((g) => g.id).sort()).toEqual([
      'epoch.bonds_classic',
      'epoch.yuma_3_bonds_reset',
      'epoch.yuma_3_kappa_moves_first',
      'epoch.yuma_3_kappa_moves_last',
      'epoch.yuma_3_kappa_moves_second',
      'epoch.yuma_3_liquid_alpha_disabled',
      'epoch.yuma_3_one_epoch_switch',
      'epoch.yuma_3_stable_miner',
    ]);
  });
  for (const g of scenarios) {
    it(g.id, () => {
      if (g.id === 'epoch.bonds_classic') expect(replayClassic(g)).toBe(7);
      else expect(replayYuma3(g)).toBeGreaterThan(0);
    });
  }
});
