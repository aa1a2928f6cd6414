// Voting power (HEAD utils/voting_power.rs): while a subnet tracks it, every epoch updates each validator's
// VotingPower to an EMA of its epoch stake (alpha 18-decimal fixed point, u128 intermediate, floor), removes it for
// miners and deregistered hotkeys, and drops it for a validator that decays below the stake threshold after having
// been above it. Disabling is scheduled 100,800 blocks ahead (14 days) and then clears the subnet's entries.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureRoot, type Origin } from '../../../frame/dispatch.ts';
import type { AccountId } from '../../../primitives.ts';
import { NetUid } from '../../../primitives.ts';
import { votingPowerStorage as V } from './voting_power_storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { ensure, emit, currentBlock, ensureSubnetOwnerOrRoot } from '../subnets/helpers.ts';

export const VOTING_POWER_DISABLE_GRACE_PERIOD_BLOCKS = 100_800n;
export const MAX_VOTING_POWER_EMA_ALPHA = 1_000_000_000_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

/** calculate_voting_power_ema: (alpha · stake + (1 − alpha) · previous) / 10^18 in u128, floored. */
export function votingPowerEma(stake: bigint, previous: bigint, alpha: bigint): bigint {
  const oneMinus = MAX_VOTING_POWER_EMA_ALPHA > alpha ? MAX_VOTING_POWER_EMA_ALPHA - alpha : 0n;
  const r = (alpha * stake + oneMinus * previous) / MAX_VOTING_POWER_EMA_ALPHA;
  return r > U64_MAX ? U64_MAX : r;
}

/** One hotkey's epoch terms as update_voting_power_for_subnet reads them. */
export interface VotingPowerTerms { hotkey: AccountId; stake: bigint; newValidatorPermit: boolean }

/** update_voting_power_for_subnet (after persist_netuid_epoch_terms), `terms` in hotkey (AccountId) order. */
export function updateVotingPowerForSubnet(netuid: number, terms: VotingPowerTerms[]): void {
  if (!V.VotingPowerTrackingEnabled.get(netuid)) return;
  const disableAt = V.VotingPowerDisableAtBlock.get(netuid);
  if (disableAt > 0n && currentBlock() >= disableAt) {
    V.VotingPower.removePrefix(netuid);
    V.VotingPowerTrackingEnabled.set(netuid, false);
    V.VotingPowerDisableAtBlock.remove(netuid);
    emit('VotingPowerTrackingDisabled', { netuid });
    return;
  }
  const alpha = V.VotingPowerEmaAlpha.get(netuid);
  const minStake = N.StakeThreshold.get();
  for (const { hotkey, stake, newValidatorPermit } of terms) {
    if (!newValidatorPermit) { V.VotingPower.remove(netuid, hotkey); continue; }
    const previous = V.VotingPower.get(netuid, hotkey);
    const next = votingPowerEma(stake, previous, alpha);
    if (next < minStake && previous >= minStake) V.VotingPower.remove(netuid, hotkey);
    else if (next > 0n) V.VotingPower.set(netuid, hotkey, next);
  }
  for (const [hotkey] of V.VotingPower.iterPrefix(netuid))
    if (!N.IsNetworkMember.get(hotkey, netuid)) V.VotingPower.remove(netuid, hotkey);
}

/** swap_voting_power_for_hotkey: the old hotkey's voting power is added to the new hotkey's. */
export function swapVotingPowerForHotkey(oldHotkey: AccountId, newHotkey: AccountId, netuid: number): void {
  const vp = V.VotingPower.take(netuid, oldHotkey);
  if (vp > 0n) {
    const sum = vp + V.VotingPower.get(netuid, newHotkey);
    V.VotingPower.set(netuid, newHotkey, sum > U64_MAX ? U64_MAX : sum);
  }
}

const NT = { netuid: 'NetUid' };
export const votingPowerCalls: Record<string, CallDecl<any>> = {
  enable_voting_power_tracking: call<{ netuid: number }>({
    index: 129, args: { netuid: NetUid }, typeNames: NT,
    docs: [' Enables voting power tracking for a subnet (subnet owner or root).'],
    fn: (o: Origin, { netuid }) => {
      ensureSubnetOwnerOrRoot(o, netuid);
      V.VotingPowerTrackingEnabled.set(netuid, true);
      V.VotingPowerDisableAtBlock.remove(netuid);
      emit('VotingPowerTrackingEnabled', { netuid });
    },
  }),
  disable_voting_power_tracking: call<{ netuid: number }>({
    index: 130, args: { netuid: NetUid }, typeNames: NT,
    docs: [' Schedules disabling of voting power tracking for a subnet after a 14-day grace period (subnet owner or root).'],
    fn: (o: Origin, { netuid }) => {
      ensureSubnetOwnerOrRoot(o, netuid);
      ensure(V.VotingPowerTrackingEnabled.get(netuid), 'VotingPowerTrackingNotEnabled');
      const disableAt = currentBlock() + VOTING_POWER_DISABLE_GRACE_PERIOD_BLOCKS;
      V.VotingPowerDisableAtBlock.set(netuid, disableAt);
      emit('VotingPowerTrackingDisableScheduled', { netuid, disable_at_block: disableAt });
    },
  }),
  sudo_set_voting_power_ema_alpha: call<{ netuid: number; alpha: bigint }>({
    index: 131, args: { netuid: NetUid, alpha: t.u64 }, typeNames: { ...NT, alpha: 'u64' },
    docs: [' Sets the EMA alpha (18 decimals, at most 10^18) of voting power on a subnet. Root only.'],
    fn: (o: Origin, { netuid, alpha }) => {
      ensureRoot(o);
      ensure(alpha <= MAX_VOTING_POWER_EMA_ALPHA, 'InvalidVotingPowerEmaAlpha');
      V.VotingPowerEmaAlpha.set(netuid, alpha);
      emit('VotingPowerEmaAlphaSet', { netuid, alpha });
    },
  }),
};
