// SCALE shapes of EpochExplainApi (a dev-only runtime API, see epoch_explain.ts). Kept apart from the API so a
// client (the node's dev_epochExplain) can decode the answer without importing pallet code.
import * as t from '../../../codec/types.ts';
import { AccountId32 } from '../../../primitives.ts';

const SparseRowU16 = t.vec(t.tuple<[number, number]>(t.u16, t.u16));

/** What-if overrides: each is applied to the epoch's input (the state is never written). */
export const EpochOverrides = t.struct(['subtensor_ts', 'EpochOverrides'], {
  /** (uid, row of (uid, u16 weight)) replacing the uid's stored weights row. */
  weights: t.vec(t.tuple<[number, [number, number][]]>(t.u16, SparseRowU16)),
  /** (uid, alpha stake in rao) replacing TotalHotkeyAlpha of the uid's hotkey on the subnet. */
  alphaStake: t.vec(t.tuple<[number, bigint]>(t.u16, t.u64)),
  /** (uid, root stake in rao). */
  rootStake: t.vec(t.tuple<[number, bigint]>(t.u16, t.u64)),
  kappa: t.option(t.u16),
  bondsPenalty: t.option(t.u16),
  bondsMovingAverage: t.option(t.u64),
  yuma3: t.option(t.bool),
  liquidAlpha: t.option(t.bool),
  alphaLow: t.option(t.u16),
  alphaHigh: t.option(t.u16),
  alphaSigmoidSteepness: t.option(t.i16),
  maxAllowedValidators: t.option(t.u16),
  activityCutoff: t.option(t.u64),
  stakeThreshold: t.option(t.u64),
  commitRevealEnabled: t.option(t.bool),
  taoWeight: t.option(t.u64),
  emission: t.option(t.u64),
});
export type EpochOverridesValue = t.ValueOf<typeof EpochOverrides>;

/**
 * Units of the values below: 'bool' (0/1), 'u16' (as stored), 'u64' (blocks, rao), 'I32F32' (raw fixed-point bits:
 * value = raw / 2^32).
 */
const NamedVector = t.struct(['subtensor_ts', 'NamedVector'], { name: t.str, unit: t.str, values: t.vec(t.i128) });
const NamedMatrix = t.struct(['subtensor_ts', 'NamedMatrix'], {
  name: t.str, unit: t.str, rows: t.vec(t.vec(t.tuple<[number, bigint]>(t.u16, t.i128))),
});

export const EpochExplanation = t.struct(['subtensor_ts', 'EpochExplanation'], {
  netuid: t.u16,
  /** Block the epoch runs at (head + 1: the block in which dev_runEpoch / trigger_epoch would run it). */
  block: t.u64,
  /** True when the epoch ran inside a simulated next block (else it was computed on the head state directly). */
  simulatedBlock: t.bool,
  hotkeys: t.vec(AccountId32),
  /** Scalars of the input as the epoch used them (after overrides): name → u64/i64 value. */
  parameters: t.vec(t.tuple<[string, bigint]>(t.str, t.i128)),
  inputs: t.vec(NamedVector),
  inputMatrices: t.vec(NamedMatrix),
  intermediates: t.vec(NamedVector),
  intermediateMatrices: t.vec(NamedMatrix),
  /** What the epoch writes: the pallet's EpochOutput. */
  outputs: t.vec(NamedVector),
  outputMatrices: t.vec(NamedMatrix),
});
export type EpochExplanationValue = t.ValueOf<typeof EpochExplanation>;
