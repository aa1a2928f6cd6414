// Nominator dust clean-up (HEAD staking/helpers.rs clear_small_nomination_if_required / clear_small_nominations),
// run by AdminUtils sudo_set_nominator_min_required_stake when the minimum rises.
import type { AccountId } from '../../../primitives.ts';
import { toHex } from '../../../codec/scale.ts';
import { stakingStorage as S, DEFAULT_MIN_STAKE } from './storage.ts';
import { stakeOf, decreaseStake } from './shares.ts';
import { unstakeFromSubnet } from './calls.ts';
import { MIN_PRICE } from './pools.ts';
import * as ext from './ext.ts';
import { currentPriceBits } from '../../swap/swap_step.ts';
import { U64_MAX } from '../epoch/fixed.ts';
import { forceReduceLock } from './lock.ts';

/**
 * HEAD get_nominator_min_required_stake: NominatorMinRequiredStake is a per-million factor of DefaultMinStake,
 * multiplied in u64 with saturation (so a factor above u64::MAX / 2e6 gives u64::MAX / 1e6).
 */
export function nominatorMinRequiredStake(): bigint {
  const product = DEFAULT_MIN_STAKE * S.NominatorMinRequiredStake.get();
  return (product > U64_MAX ? U64_MAX : product) / 1_000_000n;
}

/**
 * HEAD clear_small_nomination_if_required: a position of a coldkey that does not own the hotkey, holding less
 * alpha than the minimum at the spot price (U64F64 min / price; 0 when the quotient overflows or the price is 0),
 * is sold with the swap fee and paid out; if the sale fails, the alpha is dropped.
 */
function clearSmallNominationIfRequired(hotkey: AccountId, coldkey: AccountId, netuid: number): void {
  if (ext.ownsHotkey(coldkey, hotkey)) return;
  const alpha = stakeOf(hotkey, coldkey, netuid);
  const price = currentPriceBits(netuid);
  const quotient = price === 0n ? 0n : (nominatorMinRequiredStake() << 128n) / price; // U64F64 bits
  const minAlpha = quotient >> 128n !== 0n ? 0n : quotient >> 64n;
  if (alpha === 0n || alpha >= minAlpha) return;
  try {
    unstakeFromSubnet(hotkey, coldkey, netuid, alpha, MIN_PRICE, false);
  } catch {
    // HEAD ignores the error and clears what is left of the position (the stake may already be debited).
    decreaseStake(hotkey, coldkey, netuid, stakeOf(hotkey, coldkey, netuid));
  }
  forceReduceLock(coldkey, netuid, alpha); // the cleared alpha leaves the coldkey's lock (conviction pro rata)
}

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  const x = toHex(a), y = toHex(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * HEAD clear_small_nominations: every Alpha position, in HEAD's alpha_iter order (a BTreeMap over (hotkey, coldkey,
 * netuid), i.e. account bytes then netuid). Each sale moves the pool, so the order decides later thresholds.
 */
export function clearSmallNominations(): void {
  const keys = S.Alpha.entries().map(([k]) => k)
    .sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]) || a[2] - b[2]);
  for (const [hotkey, coldkey, netuid] of keys) clearSmallNominationIfRequired(hotkey, coldkey, netuid);
}
