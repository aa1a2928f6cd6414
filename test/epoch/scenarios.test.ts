// Replays the epoch scenario groups of shared/vectors/subtensor-tests.json (subtensor's
// test_bonds and test_yuma_3_* tests) by simulating what the Rust mock does between epochs:
// set_weights (max-upscaled, zero entries kept, LastUpdate = current block), advancing blocks
// without automatic epochs, running the epoch and persisting its outputs (bonds, permits,
// dividends) as the next epoch's inputs.
//   - epoch.bonds_classic: exact u16 bonds (assert_eq in the Rust test);
//   - epoch.yuma_3_*: dividends u16/65535 within 1e-3 (I32F32), for the sparse epoch and, where
//     the Rust test also runs it, the dense epoch. The listed bond targets are not asserted by the
//     Rust helper; they are checked here too, with the same 1e-3 tolerance.

import { describe, expect, it } from 'vitest';
import type { EpochInput, EpochOutput, SparseRowU16 } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { I32F32, fromF32, fromF64 } from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import { u16ProportionToFixed, vecU16MaxUpscaleToU16 } from '../../runtime/pallets/subtensor/epoch/math.ts';
import { activityCutoffBlocks, bondsWithoutColumn, runEpochDense, runEpochReference } from '../../runtime/pallets/subtensor/epoch/run_epoch.ts';
import { type VectorGroup, big, loadVectors } from './vectors_io.ts';

const file = loadVectors();
const scenarios = file.vectors.filter((g) => g.kind === 'scenario');

/** HEAD default ActivityCutoffFactorMilli (INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI). */
const DEFAULT_ACTIVITY_CUTOFF_FACTOR_MILLI = 13_889;
/** HEAD default AlphaValues / AlphaSigmoidSteepness, used when a scenario does not set them. */
const DEFAULT_ALPHA_VALUES: [number, number] = [45875, 58982];
const DEFAULT_ALPHA_SIGMOID_STEEPNESS = 1000;

type EpochFn = (input: EpochInput) => EpochOutput;

/** The subnet state the Rust mock keeps in storage between epochs. */
class SubnetSim {
  block = 1n; // new_test_ext(1)
  readonly lastUpdate: bigint[];
  readonly blockAtRegistration: bigint[];
  weights: SparseRowU16[];
  bonds: SparseRowU16[];
  validatorPermit: boolean[];
  dividends: number[];
  liquidAlpha: boolean;

  constructor(
    readonly setup: any,
    readonly run: EpochFn,
  ) {
    const n: number = setup.n;
    // All uids registered at block 1 (BlockAtRegistration = LastUpdate = 1).
    this.lastUpdate = new Array<bigint>(n).fill(1n);
    this.blockAtRegistration = new Array<bigint>(n).fill(1n);
    this.weights = Array.from({ length: n }, () => []);
    this.bonds = Array.from({ length: n }, () => []);
    this.validatorPermit = new Array<boolean>(n).fill(false);
    this.dividends = new Array<number>(n).fill(0);
    this.liquidAlpha = setup.params.liquid_alpha_enabled === true;
  }

  nextBlock(): void {
    this.block += 1n;
  }

  /** set_weights: values max-upscaled to 65535, zeros kept, LastUpdate = current block. */
  setWeights(uid: number, dests: number[], values: number[]): void {
    const upscaled = vecU16MaxUpscaleToU16(values);
    this.weights[uid] = dests.map((d, k) => [d, upscaled[k]] as [number, number]);
    this.lastUpdate[uid] = this.block;
  }

  /** do_reset_bonds with BondsResetOn: drop column `uid` from every bonds row. */
  resetBonds(uid: number): void {
    this.bonds = bondsWithoutColumn(this.bonds, uid);
  }

  epoch(): EpochOutput {
    const p = this.setup.params;
    const n: number = this.setup.n;
    const [alphaLow, alphaHigh] = (p.alpha_values_u16 as [number, number] | undefined) ?? DEFAULT_ALPHA_VALUES;
    const input: EpochInput = {
      n,
      block: this.block,
      tempo: p.tempo,
      activityCutoff: activityCutoffBlocks(p.activity_cutoff_factor_milli ?? DEFAULT_ACTIVITY_CUTOFF_FACTOR_MILLI, p.tempo),
      lastUpdate: this.lastUpdate.slice(),
      blockAtRegistration: this.blockAtRegistration.slice(),
      alphaStake: (this.setup.stakes_alpha_rao as unknown[]).map(big),
      rootStake: new Array<bigint>(n).fill(0n),
      taoWeight: big(p.tao_weight),
      stakeThreshold: big(p.stake_threshold),
      ownerUid: p.subnet_owner_hotkey ?? null,
      validatorPermit: this.validatorPermit.slice(),
      maxAllowedValidators: p.max_allowed_validators,
      weights: this.weights.map((r) => r.map(([j, v]) => [j, v] as [number, number])),
      bonds: this.bonds.map((r) => r.map(([j, v]) => [j, v] as [number, number])),
      kappa: p.kappa,
      bondsPenalty: p.bonds_penalty,
      bondsMovingAverage: big(p.bonds_moving_average),
      yuma3: p.yuma3_enabled === true,
      liquidAlpha: this.liquidAlpha,
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: p.alpha_sigmoid_steepness ?? DEFAULT_ALPHA_SIGMOID_STEEPNESS,
      commitRevealEnabled: p.commit_reveal_enabled === true,
      firstLiveCommitBlock: new Array<bigint | null>(n).fill(null),
      lastMechanismStepBlock: 0n, // the legacy `epoch` wrapper does not advance it
      emission: big(p.emission_per_epoch_rao),
    };
    const out = this.run(input);
    // Persist what the pallet stores and the next epoch reads back.
    this.bonds = out.bonds.map((r) => r.map(([j, v]) => [j, v] as [number, number]));
    this.validatorPermit = out.validatorPermit.slice();
    this.dividends = out.dividends.slice();
    return out;
  }

  /** Bonds[row][col] as the Rust `get_bonds` dense read (0 when absent). */
  bond(row: number, col: number): number {
    const cell = this.bonds[row]?.find(([j]) => j === col);
    return cell === undefined ? 0 : cell[1];
  }
}

// ---------- epoch.bonds_classic ----------

function replayClassic(g: VectorGroup, run: EpochFn): number {
  const sim = new SubnetSim(g.setup, run);
  let asserted = 0;
  const applyWeights = (ws: any[]) => ws.forEach((w) => sim.setWeights(w.uid, w.dests, w.weights));
  for (const step of g.steps ?? []) {
    const target = big(step.block);
    switch (step.action) {
      case 'epoch':
        break;
      case 'set_weights':
        while (sim.block < target) sim.nextBlock(); // next_block_no_epoch
        applyWeights(step.weights);
        continue;
      case 'set_weights_then_next_block_then_epoch':
        applyWeights(step.weights);
        sim.nextBlock();
        break;
      case 'next_block_then_epoch':
        sim.nextBlock();
        break;
      default:
        throw new Error(`unknown action ${step.action}`);
    }
    expect(sim.block, `epoch block of ${JSON.stringify(step.action)}`).toBe(target);
    sim.epoch();
    if (step.expect_bonds_column) {
      const { col, rows_0_to_3: rows } = step.expect_bonds_column;
      const got = (rows as number[]).map((_, r) => sim.bond(r, col));
      expect(got, `bonds column ${col} at block ${sim.block}`).toEqual(rows);
      asserted++;
    }
  }
  return asserted;
}

// ---------- epoch.yuma_3_* ----------

const EPSILON = fromF64(I32F32, 1e-3);

function within(actual: bigint, expected: bigint): boolean {
  const d = actual > expected ? actual - expected : expected - actual;
  return d <= EPSILON;
}

function bondColumns(g: VectorGroup): number[] {
  const m = /uids \[([\d,\s]+)\]/.exec(String(g.target_bonds_layout));
  if (m === null) throw new Error(`${g.id}: cannot read target_bonds_layout`);
  return m[1].split(',').map((s) => Number(s.trim()));
}

function replayYuma3(g: VectorGroup, run: EpochFn): { dividends: number; bonds: number } {
  const sim = new SubnetSim(g.setup, run);
  const validators: number[] = g.setup.validators;
  const columns = bondColumns(g);
  let dividendChecks = 0;
  let bondChecks = 0;
  // Setup: a first epoch one block later, with no weights, to hand out validator permits.
  sim.nextBlock();
  sim.epoch();
  for (const e of g.epochs ?? []) {
    for (const w of e.set_weights_before) sim.setWeights(w.uid, w.dests, w.weights);
    if (e.after_set_weights_before_epoch !== undefined) {
      const m = /do_reset_bonds\(netuid, hotkey of uid (\d+)\)/.exec(e.after_set_weights_before_epoch);
      if (m === null) throw new Error(`unknown action ${e.after_set_weights_before_epoch}`);
      expect(g.setup.params.bonds_reset_enabled).toBe(true);
      sim.resetBonds(Number(m[1]));
    }
    sim.nextBlock();
    expect(sim.block).toBe(big(e.run_at_block));
    sim.epoch();
    if (e.expected_dividends !== undefined) {
      (e.expected_dividends as number[]).forEach((target, uid) => {
        const got = u16ProportionToFixed(sim.dividends[uid]);
        if (!within(got, fromF32(I32F32, target))) {
          expect.fail(`epoch ${e.epoch}: dividend[${uid}] = ${sim.dividends[uid] / 65535}, target ${target}`);
        }
        dividendChecks++;
      });
    }
    if (e.target_bonds_informational !== undefined) {
      (e.target_bonds_informational as number[][]).forEach((row, r) => {
        row.forEach((target, k) => {
          const got = u16ProportionToFixed(sim.bond(validators[r], columns[k]));
          if (!within(got, fromF32(I32F32, target))) {
            expect.fail(`epoch ${e.epoch}: bond[${validators[r]}][${columns[k]}] = ${sim.bond(validators[r], columns[k]) / 65535}, target ${target}`);
          }
          bondChecks++;
        });
      });
    }
  }
  return { dividends: dividendChecks, bonds: bondChecks };
}

// ---------- dispatch ----------

describe('epoch scenario vectors', () => {
  it('covers every scenario group', () => {
    const ids = scenarios.map((g) => g.id);
    expect(ids).toContain('epoch.bonds_classic');
    expect(ids.filter((id) => id.startsWith('epoch.yuma_3_')).length).toBe(7);
    expect(ids.every((id) => id === 'epoch.bonds_classic' || id.startsWith('epoch.yuma_3_'))).toBe(true);
  });

  for (const g of scenarios) {
    const runners: Array<[string, EpochFn]> = [['sparse', runEpochReference]];
    // Run the dense epoch too where the Rust test runs epoch_dense on the same targets.
    if (g.function.includes('epoch_dense')) runners.push(['dense', runEpochDense]);
    for (const [label, run] of runners) {
      it(`${g.id} (${label})`, () => {
        if (g.id === 'epoch.bonds_classic') {
          expect(replayClassic(g, run)).toBe(7);
        } else {
          const checks = replayYuma3(g, run);
          expect(checks.dividends).toBeGreaterThan(0);
        }
      });
    }
  }
});
