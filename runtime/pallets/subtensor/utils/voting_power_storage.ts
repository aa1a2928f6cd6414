// Storage of voting power (HEAD lib.rs "VotingPower Storage"): a per-subnet EMA of each validator's stake, kept while
// tracking is enabled; utils/voting_power.ts holds the logic and calls.
import * as t from '../../../codec/types.ts';
import { map, doubleMap } from '../../../frame/storage.ts';
import { AccountId32, NetUid } from '../../../primitives.ts';

/** DefaultVotingPowerEmaAlpha: 0.00357 × 10^18 (a two-week time constant at 361 blocks per tempo). */
export const DEFAULT_VOTING_POWER_EMA_ALPHA = 3_570_000_000_000_000n;

export const votingPowerStorage = {
  VotingPower: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, t.u64, { default: 0n, docs: [
    ' --- DMAP ( netuid, hotkey ) --> voting_power | EMA of stake for voting',
    ' This tracks stake EMA updated every epoch when VotingPowerTrackingEnabled is true.',
    ' Used by smart contracts to determine validator voting power for subnet governance.'] }),
  VotingPowerTrackingEnabled: map('Identity', NetUid, t.bool, { default: false, docs: [
    ' --- MAP ( netuid ) --> bool | Whether voting power tracking is enabled for this subnet.',
    ' When enabled, VotingPower EMA is updated every epoch. Default is false.',
    ' When disabled with disable_at_block set, tracking continues until that block.'] }),
  VotingPowerDisableAtBlock: map('Identity', NetUid, t.u64, { default: 0n, docs: [
    ' --- MAP ( netuid ) --> block_number | Block at which voting power tracking will be disabled.',
    ' When set (non-zero), tracking continues until this block, then automatically disables',
    ' and clears VotingPower entries for the subnet. Provides a 14-day grace period.'] }),
  VotingPowerEmaAlpha: map('Identity', NetUid, t.u64, { default: DEFAULT_VOTING_POWER_EMA_ALPHA, docs: [
    ' --- MAP ( netuid ) --> u64 | EMA alpha value for voting power calculation.',
    ' Higher alpha = faster response to stake changes.',
    ' Stored as u64 with 18 decimal precision (1.0 = 10^18).',
    ' Only settable by sudo/root.'] }),
};
