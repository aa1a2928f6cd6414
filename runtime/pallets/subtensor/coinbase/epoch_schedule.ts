// When a subnet's epoch runs.
// Classic (pre-dTAO … spec ≈ 423): modular, period tempo + 1, staggered by netuid.
// HEAD (spec 424+): stateful, period tempo, anchored on LastEpochBlock, with owner triggers
// (PendingEpochAt) and a safety net when BlocksSinceLastStep exceeds MAX_TEMPO.

import { U64_MAX } from '../epoch/fixed.ts';
import { runtimeConfig } from '../../../config.ts';
import { coinbaseStorage as C } from './storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';

/** MAX_TEMPO: the upper bound of an owner's set_tempo and the safety-net threshold. */
export const MAX_TEMPO = 50_400n;

/** Legacy `blocks_until_next_epoch`: tempo − ((block + netuid + 1) mod (tempo + 1)); u64::MAX if tempo = 0. */
export function blocksUntilNextEpochModular(netuid: number, tempo: number, block: bigint): bigint {
  if (tempo === 0) return U64_MAX;
  const t = BigInt(tempo);
  const shifted = (block + BigInt(netuid) + 1n) & U64_MAX; // wrapping u64 add
  return t - (shifted % (t + 1n));
}

/** Legacy schedule: the epoch runs when blocks_until_next_epoch is 0. */
export function shouldRunEpochModular(netuid: number, tempo: number, block: bigint): boolean {
  return blocksUntilNextEpochModular(netuid, tempo, block) === 0n;
}

export interface EpochScheduleState {
  tempo: number;
  /** LastEpochBlock */
  lastEpochBlock: bigint;
  /** PendingEpochAt (0 = none) */
  pendingEpochAt: bigint;
  /** BlocksSinceLastStep */
  blocksSinceLastStep: bigint;
}

/** HEAD `blocks_until_next_auto_epoch`: saturating (LastEpochBlock + tempo) − block; u64::MAX if tempo = 0. */
export function blocksUntilNextAutoEpoch(tempo: number, lastEpochBlock: bigint, block: bigint): bigint {
  if (tempo === 0) return U64_MAX;
  let next = lastEpochBlock + BigInt(tempo);
  if (next > U64_MAX) next = U64_MAX;
  return next > block ? next - block : 0n;
}

/** HEAD `should_run_epoch`. */
export function shouldRunEpoch(state: EpochScheduleState, block: bigint): boolean {
  if (state.tempo === 0) return false;
  if (state.pendingEpochAt > 0n && block >= state.pendingEpochAt) return true;
  if (state.blocksSinceLastStep > MAX_TEMPO) return true;
  const since = block > state.lastEpochBlock ? block - state.lastEpochBlock : 0n;
  return since >= BigInt(state.tempo);
}

/** HEAD runtime API `get_next_epoch_start_block`: min(LastEpochBlock + tempo, PendingEpochAt if set). */
export function nextEpochStartBlock(state: EpochScheduleState): bigint | null {
  if (state.tempo === 0) return null;
  let autoNext = state.lastEpochBlock + BigInt(state.tempo);
  if (autoNext > U64_MAX) autoNext = U64_MAX;
  if (state.pendingEpochAt > 0n) return autoNext < state.pendingEpochAt ? autoNext : state.pendingEpochAt;
  return autoNext;
}

/** Whether the subnet's epoch is due at `block` under the configured schedule (its stored schedule state). */
export function epochDue(netuid: number, block: bigint): boolean {
  const tempo = N.Tempo.get(netuid);
  if (runtimeConfig.epochSchedule === 'modular') return shouldRunEpochModular(netuid, tempo, block);
  return shouldRunEpoch({
    tempo,
    lastEpochBlock: C.LastEpochBlock.get(netuid),
    pendingEpochAt: C.PendingEpochAt.get(netuid),
    blocksSinceLastStep: C.BlocksSinceLastStep.get(netuid),
  }, block);
}
