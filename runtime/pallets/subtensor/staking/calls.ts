// SubtensorModule staking calls (dTAO shape, HEAD indices and argument names): add/remove stake with and without
// limit prices, unstake_all(_alpha), move/transfer/swap stake, and delegate take changes. Checks run in HEAD's
// order (`validate_add_stake`, `validate_remove_stake`, `validate_stake_transition`) so the first failing check
// gives subtensor's error; a failed call writes nothing (the dispatcher rolls back).
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureSigned } from '../../../frame/dispatch.ts';
import { AccountId32, type AccountId, TaoBalance, AlphaBalance, NetUid } from '../../../primitives.ts';
import { subtensorError as fail, depositEvent } from '../pallet.ts';
import { stakingStorage as S, DEFAULT_MIN_STAKE } from './storage.ts';
import * as pools from './pools.ts';
import { stakeOf, increaseStake, decreaseStake, noteStakingHotkey, eqBytes } from './shares.ts';
import * as ext from './ext.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { U64_MAX, U64F64 as F, fromInt, safeDiv, satMul, satAdd, satSub, toU64 } from '../epoch/fixed.ts';
import { swapFee, currentPriceBits } from '../../swap/swap_step.ts';
import { clearPendingChildrenBelowThreshold } from './set_children.ts';
import { noteRootStakeAdded, noteRootStakeRemoved, adjustRootClaimed } from './claim_root.ts';
import { ensureAvailableToUnstake, cleanupLockIfZero, transferLock } from './lock.ts';

const min = (a: bigint, b: bigint) => (a < b ? a : b);
/** A swap result, or the Swap pallet's error thrown (HEAD propagates SwapHandler errors with `?`). */
function swapped<R extends object | bigint>(r: R | pools.SwapErrorName): R {
  if (typeof r === 'string') throw pools.swapError(r);
  return r;
}

// ── Core operations (also used by the coinbase and tests) ──

/** ensure_add_stake_input_within_swap_limit / ensure_remove_…: at most 1000 × the dynamic pool's input reserve. */
function ensureWithinSwapLimit(netuid: number, amount: bigint, reserve: bigint): void {
  if (pools.isDynamic(netuid) && amount > reserve * 1_000n) throw fail('InsufficientLiquidity');
}

/** HEAD validate_add_stake: the minimum is DefaultMinStake plus the swap fee on it. */
function validateAddStake(coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint,
  maxAmount: bigint, allowPartial: boolean): void {
  if (!ext.subnetExists(netuid)) throw fail('SubnetNotExists');
  if (!ext.subtokenEnabled(netuid)) throw fail('SubtokenDisabled');
  const minSim = pools.simSwapTaoForAlpha(netuid, DEFAULT_MIN_STAKE);
  const minFee = typeof minSim === 'string' ? swapFee(netuid, DEFAULT_MIN_STAKE) : minSim.fee;
  if (amount < DEFAULT_MIN_STAKE + minFee) throw fail('AmountTooLow');
  if (!allowPartial) { if (amount > maxAmount) throw fail('SlippageTooHigh'); }
  else amount = min(amount, maxAmount);
  if (!ext.canRemoveBalance(coldkey, amount)) throw fail('NotEnoughBalanceToStake');
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  const sim = pools.simSwapTaoForAlpha(netuid, amount);
  if (typeof sim === 'string') throw fail('InsufficientLiquidity');
  if (sim.amountIn < DEFAULT_MIN_STAKE) throw fail('AmountTooLow');
  if (sim.amountOut === 0n) throw fail('InsufficientLiquidity');
}

/** HEAD validate_remove_stake (the full stake may be removed below the TAO-equivalent minimum). */
function validateRemoveStake(coldkey: AccountId, hotkey: AccountId, netuid: number, alpha: bigint,
  maxAmount: bigint, allowPartial: boolean): void {
  if (!ext.subnetExists(netuid)) throw fail('SubnetNotExists');
  if (alpha === 0n) throw fail('AmountTooLow');
  const current = stakeOf(hotkey, coldkey, netuid);
  if (alpha > current) throw fail('NotEnoughStakeToWithdraw');
  const sim = pools.simSwapAlphaForTao(netuid, alpha);
  if (typeof sim === 'string') throw fail('InsufficientLiquidity');
  if (current - alpha > 0n && sim.amountOut < DEFAULT_MIN_STAKE) throw fail('AmountTooLow');
  if (!allowPartial && alpha > maxAmount) throw fail('SlippageTooHigh');
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  ensureAvailableToUnstake(coldkey, netuid, alpha); // locked alpha stays staked
}

/**
 * HEAD stake_into_subnet: the TAO leaves the coldkey, buys alpha (fee taken first) credited to (hotkey, coldkey);
 * the fee goes to the block author. Returns the alpha credited.
 */
export function stakeIntoSubnet(hotkey: AccountId, coldkey: AccountId, netuid: number, tao: bigint,
  priceLimit: bigint = pools.MAX_PRICE, dropFees = false): bigint {
  ext.removeBalance(coldkey, tao);
  const r = swapped(pools.swapTaoForAlpha(netuid, tao, priceLimit, dropFees));
  if (r.amountOut === 0n) throw fail('AmountTooLow');
  increaseStake(hotkey, coldkey, netuid, r.amountOut);
  noteStakingHotkey(coldkey, hotkey);
  if (netuid === 0) noteRootStakeAdded(hotkey, coldkey, r.amountOut);
  // The fee TAO is paid to the block author (HEAD: burned when there is none).
  const author = ext.blockAuthor();
  if (author) ext.addBalance(author, r.feeToAuthor);
  cleanupLockIfZero(coldkey, netuid);
  depositEvent('StakeAdded', [coldkey, hotkey, tao, r.amountOut, netuid, r.fee]);
  return r.amountOut;
}

/**
 * HEAD unstake_from_subnet: sells `alpha` of (hotkey, coldkey) (down to `priceLimit`; alpha not sold is credited
 * back), pays the TAO to the coldkey, and sells the fee alpha fee-free for the block author. Returns the TAO paid.
 */
export function unstakeFromSubnet(hotkey: AccountId, coldkey: AccountId, netuid: number, alpha: bigint,
  priceLimit: bigint = pools.MIN_PRICE, dropFees = false): bigint {
  decreaseStake(hotkey, coldkey, netuid, alpha);
  const r = swapped(pools.swapAlphaForTao(netuid, alpha, priceLimit, dropFees));
  const used = r.amountIn + r.fee;
  if (alpha > used) increaseStake(hotkey, coldkey, netuid, alpha - used);
  ext.addBalance(coldkey, r.amountOut);
  if (netuid === 0) noteRootStakeRemoved(hotkey, coldkey, alpha);
  const author = ext.blockAuthor();
  if (author) {
    const feeSale = swapped(pools.swapAlphaForTao(netuid, r.feeToAuthor, pools.MIN_PRICE, true));
    ext.addBalance(author, feeSale.amountOut);
  } // else HEAD burns the fee alpha (its alpha-asset ledger, not modelled here)
  cleanupLockIfZero(coldkey, netuid);
  depositEvent('StakeRemoved', [coldkey, hotkey, r.amountOut, r.amountIn, netuid, r.fee]);
  return r.amountOut;
}

/** HEAD do_add_stake / do_add_stake_limit (with `limitPrice`). Returns the alpha credited. */
export function addStake(coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint,
  limitPrice: bigint | null = null, allowPartial = false): bigint {
  ensureWithinSwapLimit(netuid, amount, S.SubnetTAO.get(netuid));
  if (limitPrice === null) {
    validateAddStake(coldkey, hotkey, netuid, amount, amount, false);
    return stakeIntoSubnet(hotkey, coldkey, netuid, amount);
  }
  const maxAmount = swapped(pools.maxAmountAdd(netuid, limitPrice));
  validateAddStake(coldkey, hotkey, netuid, amount, maxAmount, allowPartial);
  // maybe_become_delegate: staking to another coldkey's hotkey makes it a delegate.
  if (!eqBytes(ext.ownerOf(hotkey), coldkey)) becomeDelegate(hotkey);
  return stakeIntoSubnet(hotkey, coldkey, netuid, min(amount, maxAmount), limitPrice);
}

/** HEAD do_remove_stake / do_remove_stake_limit (with `limitPrice`). Returns the TAO paid to the coldkey. */
export function removeStake(coldkey: AccountId, hotkey: AccountId, netuid: number, alpha: bigint,
  limitPrice: bigint | null = null, allowPartial = false): bigint {
  if (limitPrice === null) {
    if (!ext.subtokenEnabled(netuid)) throw fail('SubtokenDisabled');
    // The amount is capped at the stake held (the caller may have paid fees in alpha).
    alpha = min(alpha, stakeOf(hotkey, coldkey, netuid));
    ensureWithinSwapLimit(netuid, alpha, S.SubnetAlphaIn.get(netuid));
    validateRemoveStake(coldkey, hotkey, netuid, alpha, alpha, false);
    const tao = unstakeFromSubnet(hotkey, coldkey, netuid, alpha);
    clearPendingChildrenBelowThreshold(hotkey);
    return tao;
  }
  ensureWithinSwapLimit(netuid, alpha, S.SubnetAlphaIn.get(netuid));
  const maxAmount = swapped(pools.maxAmountRemove(netuid, limitPrice));
  validateRemoveStake(coldkey, hotkey, netuid, alpha, maxAmount, allowPartial);
  const tao = unstakeFromSubnet(hotkey, coldkey, netuid, min(alpha, maxAmount), limitPrice);
  clearPendingChildrenBelowThreshold(hotkey);
  return tao;
}

/** HEAD maybe_become_delegate: a hotkey without a Delegates entry gets one at the default take. */
function becomeDelegate(hotkey: AccountId): void {
  if (!S.Delegates.contains(hotkey)) S.Delegates.set(hotkey, S.Delegates.get(hotkey));
}

/** HEAD validate_unstake_all + unstake_all / unstake_all_alpha (alpha → root stake on the same hotkey). */
function unstakeAll(coldkey: AccountId, hotkey: AccountId, onlyAlpha: boolean): void {
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  const targets = ext.allNetuids().filter(n => !(onlyAlpha && n === 0))
    .map(n => [n, stakeOf(hotkey, coldkey, n)] as const).filter(([, a]) => a > 0n);
  for (const [netuid, alpha] of targets) ensureAvailableToUnstake(coldkey, netuid, alpha);
  if (targets.length === 0) throw fail('AmountTooLow');
  let taoToRoot = 0n;
  for (const [netuid, alpha] of targets) {
    if (typeof pools.simSwapAlphaForTao(netuid, alpha) === 'string') throw fail('InsufficientLiquidity');
    const tao = unstakeFromSubnet(hotkey, coldkey, netuid, alpha);
    if (onlyAlpha) taoToRoot += tao;
  }
  // Restake the proceeds on root for the same hotkey (HEAD: stake_into_subnet on NetUid::ROOT).
  if (onlyAlpha && taoToRoot > 0n) stakeIntoSubnet(hotkey, coldkey, 0, taoToRoot);
}

/**
 * HEAD get_max_amount_move: the origin alpha a move may take before the origin/destination price ratio falls to
 * `limitPrice` (rao per 1.0 of ratio). A root or stable end turns it into get_max_amount_add (the destination price
 * limit being 1 / ratio) or get_max_amount_remove; between two dynamic subnets it is HEAD's single-step closed form
 * in U64F64, A2 · (T1 / (T1 + T2)) / limit − A1 · (T2 / (T1 + T2)), which HEAD itself notes is approximate for
 * multi-step swaps; 0 when the limit is above the spot ratio or a reserve is empty.
 */
function maxAmountMove(origin: number, destination: number, limitPrice: bigint): bigint {
  const stable = (n: number) => n === 0 || S.SubnetMechanism.get(n) === 0;
  const dynamic = (n: number) => S.SubnetMechanism.get(n) === 1;
  const oneTao = fromInt(F, pools.RAO_PER_TAO);
  if (stable(origin) && stable(destination)) return limitPrice > pools.RAO_PER_TAO ? 0n : U64_MAX;
  if (stable(origin) && dynamic(destination)) {
    if (limitPrice === 0n) return U64_MAX;
    // HEAD returns the TAO amount get_max_amount_add allows as the alpha maximum (its "mixed types" FIXME).
    const destinationPrice = toU64(F, satMul(F, safeDiv(F, oneTao, fromInt(F, limitPrice)), oneTao));
    return swapped(pools.maxAmountAdd(destination, destinationPrice));
  }
  if (stable(destination) && dynamic(origin)) return swapped(pools.maxAmountRemove(origin, limitPrice));
  const tao1 = S.SubnetTAO.get(origin), tao2 = S.SubnetTAO.get(destination);
  const alpha1 = S.SubnetAlphaIn.get(origin), alpha2 = S.SubnetAlphaIn.get(destination);
  if (tao1 === 0n || tao2 === 0n || alpha1 === 0n || alpha2 === 0n) return 0n;
  const limit = safeDiv(F, fromInt(F, limitPrice), oneTao);
  if (limit > safeDiv(F, currentPriceBits(origin), currentPriceBits(destination))) return 0n;
  if (limitPrice === 0n) return U64_MAX;
  const taoSum = satAdd(F, fromInt(F, tao2), fromInt(F, tao1));
  const share1 = safeDiv(F, fromInt(F, tao1), taoSum), share2 = safeDiv(F, fromInt(F, tao2), taoSum);
  return toU64(F, satSub(F, safeDiv(F, satMul(F, fromInt(F, alpha2), share1), limit), satMul(F, fromInt(F, alpha1), share2)));
}

/** HEAD transition_stake_internal: move alpha between (hotkey, coldkey, netuid) triples, swapping across subnets. */
function transitionStake(originColdkey: AccountId, destinationColdkey: AccountId, originHotkey: AccountId,
  destinationHotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint,
  limitPrice: bigint | null, allowPartial: boolean | null, checkTransferToggle = false): bigint {
  const available = stakeOf(originHotkey, originColdkey, originNetuid);
  const alpha = min(alphaAmount, available);
  const maxAmount = originNetuid !== destinationNetuid && limitPrice !== null
    ? maxAmountMove(originNetuid, destinationNetuid, limitPrice) : alpha;

  // validate_stake_transition
  if (eqBytes(originColdkey, destinationColdkey) && eqBytes(originHotkey, destinationHotkey) && originNetuid === destinationNetuid)
    throw fail('SameNetuid');
  if (!ext.subnetExists(originNetuid)) throw fail('SubnetNotExists');
  if (originNetuid !== destinationNetuid && !ext.subnetExists(destinationNetuid)) throw fail('SubnetNotExists');
  if (!ext.subtokenEnabled(originNetuid) || !ext.subtokenEnabled(destinationNetuid)) throw fail('SubtokenDisabled');
  if (!ext.hotkeyExists(originHotkey) || !ext.hotkeyExists(destinationHotkey)) throw fail('HotKeyAccountNotExists');
  if (alpha > available) throw fail('NotEnoughStakeToWithdraw');
  if (alpha === 0n) throw fail('AmountTooLow');
  if (originNetuid !== destinationNetuid) {
    const sim = pools.simSwapAlphaForTao(originNetuid, alpha);
    if (typeof sim === 'string') throw fail('InsufficientLiquidity');
    if (sim.amountOut <= DEFAULT_MIN_STAKE) throw fail('AmountTooLow');
    if (!allowPartial && alpha > maxAmount) throw fail('SlippageTooHigh');
  }
  if (checkTransferToggle) {
    if (!N.TransferToggle.get(originNetuid)) throw fail('TransferDisallowed');
    if (originNetuid !== destinationNetuid && !N.TransferToggle.get(destinationNetuid)) throw fail('TransferDisallowed');
  }
  // A cross-subnet move must leave the lock covered.
  if (originNetuid !== destinationNetuid) ensureAvailableToUnstake(originColdkey, originNetuid, alpha);
  const moveAmount = min(alpha, maxAmount);
  if (moveAmount === 0n) throw fail('SlippageTooHigh');

  if (originNetuid !== destinationNetuid) {
    // One swap fee per move: the unstake pays it unless the origin is root, then the stake pays it.
    const dropFeeOrigin = originNetuid === 0;
    const tao = unstakeFromSubnet(originHotkey, originColdkey, originNetuid, moveAmount, pools.MIN_PRICE, dropFeeOrigin);
    if (!eqBytes(originColdkey, destinationColdkey)) {
      ext.removeBalance(originColdkey, tao);
      ext.addBalance(destinationColdkey, tao);
    }
    // After the fee the TAO may be below the minimum stake: then it stays with the destination coldkey.
    if (tao >= DEFAULT_MIN_STAKE) {
      if (!eqBytes(ext.ownerOf(destinationHotkey), destinationColdkey)) becomeDelegate(destinationHotkey);
      stakeIntoSubnet(destinationHotkey, destinationColdkey, destinationNetuid, tao, pools.MAX_PRICE, !dropFeeOrigin);
    }
    return tao;
  }
  // HEAD transfer_stake_within_subnet: shares move without a swap; valued at the spot price, at least DefaultMinStake.
  // The lock follows the stake to another coldkey (LockHotkeyMismatch / AccountRejectsLockedAlpha).
  transferLock(originColdkey, destinationColdkey, originNetuid, moveAmount);
  decreaseStake(originHotkey, originColdkey, originNetuid, moveAmount);
  if (originNetuid === 0) adjustRootClaimed(originHotkey, originColdkey, moveAmount, false);
  increaseStake(destinationHotkey, destinationColdkey, destinationNetuid, moveAmount);
  if (originNetuid === 0) adjustRootClaimed(destinationHotkey, destinationColdkey, moveAmount, true);
  noteStakingHotkey(destinationColdkey, destinationHotkey);
  const taoEquivalent = (currentPriceBits(originNetuid) * moveAmount) >> 64n;
  if (taoEquivalent < DEFAULT_MIN_STAKE) throw fail('AmountTooLow');
  depositEvent('StakeRemoved', [originColdkey, originHotkey, taoEquivalent, moveAmount, originNetuid, 0n]);
  depositEvent('StakeAdded', [destinationColdkey, destinationHotkey, taoEquivalent, moveAmount, originNetuid, 0n]);
  return taoEquivalent;
}

/** Block of the hotkey's last take change: HEAD keeps it in LastRateLimitedBlock[LastTxBlockDelegateTake(hotkey)]. */
function lastTakeBlock(hotkey: AccountId): bigint {
  return N.LastRateLimitedBlock.get({ type: 'LastTxBlockDelegateTake', value: [hotkey] });
}
function setLastTakeBlock(hotkey: AccountId, block: bigint): void {
  N.LastRateLimitedBlock.set({ type: 'LastTxBlockDelegateTake', value: [hotkey] }, block);
}

/** HEAD do_take_checks: the hotkey exists and belongs to the caller. */
function takeChecks(coldkey: AccountId, hotkey: AccountId): void {
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  if (!ext.ownsHotkey(coldkey, hotkey)) throw fail('NonAssociatedColdKey');
}

// ── Call declarations ──

const HOT = 'T::AccountId';
type Hot = { hotkey: AccountId };

export const stakingCalls: Record<string, CallDecl<any>> = {
  add_stake: call<Hot & { netuid: number; amount_staked: bigint }>({
    index: 2,
    args: { hotkey: AccountId32, netuid: NetUid, amount_staked: TaoBalance },
    typeNames: { hotkey: HOT, netuid: 'NetUid', amount_staked: 'TaoBalance' },
    weight: 340_000_000n,
    docs: [' Adds stake to a hotkey on a subnet: TAO from the coldkey is swapped to alpha in the subnet pool.'],
    fn(origin, a) { addStake(ensureSigned(origin), a.hotkey, a.netuid, a.amount_staked); },
  }),
  remove_stake: call<Hot & { netuid: number; amount_unstaked: bigint }>({
    index: 3,
    args: { hotkey: AccountId32, netuid: NetUid, amount_unstaked: AlphaBalance },
    typeNames: { hotkey: HOT, netuid: 'NetUid', amount_unstaked: 'AlphaBalance' },
    weight: 340_000_000n,
    docs: [' Removes alpha stake from a hotkey on a subnet and pays the swapped TAO to the coldkey.'],
    fn(origin, a) { removeStake(ensureSigned(origin), a.hotkey, a.netuid, a.amount_unstaked); },
  }),
  decrease_take: call<Hot & { take: number }>({
    index: 65,
    args: { hotkey: AccountId32, take: t.u16 },
    typeNames: { hotkey: HOT, take: 'u16' },
    weight: 30_000_000n,
    docs: [' Lowers the delegate take of a hotkey the caller owns.'],
    fn(origin, { hotkey, take }) {
      const coldkey = ensureSigned(origin);
      takeChecks(coldkey, hotkey);
      // Only an explicit Delegates entry is compared (HEAD's try_get), not the default take.
      if (S.Delegates.contains(hotkey) && take >= S.Delegates.get(hotkey)) throw fail('DelegateTakeTooLow');
      if (take < S.MinDelegateTake.get()) throw fail('DelegateTakeTooLow');
      S.Delegates.set(hotkey, take);
      setLastTakeBlock(hotkey, BigInt(ext.blockNumber()));
      depositEvent('TakeDecreased', [coldkey, hotkey, take]);
    },
  }),
  increase_take: call<Hot & { take: number }>({
    index: 66,
    args: { hotkey: AccountId32, take: t.u16 },
    typeNames: { hotkey: HOT, take: 'u16' },
    weight: 30_000_000n,
    docs: [' Raises the delegate take of a hotkey the caller owns (rate limited).'],
    fn(origin, { hotkey, take }) {
      const coldkey = ensureSigned(origin);
      takeChecks(coldkey, hotkey);
      if (S.Delegates.contains(hotkey) && take <= S.Delegates.get(hotkey)) throw fail('DelegateTakeTooLow');
      if (take > S.MaxDelegateTake.get()) throw fail('DelegateTakeTooHigh');
      const block = BigInt(ext.blockNumber());
      // exceeds_tx_delegate_take_rate_limit: limit 0 or no previous change never blocks; otherwise the change must
      // come more than TxDelegateTakeRateLimit blocks after the last one (decreases count too).
      const last = lastTakeBlock(hotkey);
      const limit = S.TxDelegateTakeRateLimit.get();
      if (limit !== 0n && last !== 0n && (block > last ? block - last : 0n) <= limit) throw fail('DelegateTxRateLimitExceeded');
      setLastTakeBlock(hotkey, block);
      S.Delegates.set(hotkey, take);
      depositEvent('TakeIncreased', [coldkey, hotkey, take]);
    },
  }),
  unstake_all: call<Hot>({
    index: 83,
    args: { hotkey: AccountId32 },
    typeNames: { hotkey: HOT },
    weight: 1_000_000_000n,
    docs: [' Removes all stake of the caller on a hotkey, on every subnet, as TAO.'],
    fn(origin, { hotkey }) { unstakeAll(ensureSigned(origin), hotkey, false); },
  }),
  unstake_all_alpha: call<Hot>({
    index: 84,
    args: { hotkey: AccountId32 },
    typeNames: { hotkey: HOT },
    weight: 1_000_000_000n,
    docs: [' Converts all alpha stake of the caller on a hotkey into root stake on the same hotkey.'],
    fn(origin, { hotkey }) { unstakeAll(ensureSigned(origin), hotkey, true); },
  }),
  move_stake: call<{ origin_hotkey: AccountId; destination_hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint }>({
    index: 85,
    args: { origin_hotkey: AccountId32, destination_hotkey: AccountId32, origin_netuid: NetUid, destination_netuid: NetUid, alpha_amount: AlphaBalance },
    typeNames: { origin_hotkey: HOT, destination_hotkey: HOT, origin_netuid: 'NetUid', destination_netuid: 'NetUid', alpha_amount: 'AlphaBalance' },
    weight: 500_000_000n,
    docs: [' Moves stake of the caller from one (hotkey, subnet) to another.'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      const tao = transitionStake(coldkey, coldkey, a.origin_hotkey, a.destination_hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, null, null);
      depositEvent('StakeMoved', [coldkey, a.origin_hotkey, a.origin_netuid, a.destination_hotkey, a.destination_netuid, tao]);
    },
  }),
  transfer_stake: call<{ destination_coldkey: AccountId; hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint }>({
    index: 86,
    args: { destination_coldkey: AccountId32, hotkey: AccountId32, origin_netuid: NetUid, destination_netuid: NetUid, alpha_amount: AlphaBalance },
    typeNames: { destination_coldkey: HOT, hotkey: HOT, origin_netuid: 'NetUid', destination_netuid: 'NetUid', alpha_amount: 'AlphaBalance' },
    weight: 500_000_000n,
    docs: [' Transfers stake of the caller on a hotkey to another coldkey (optionally into another subnet).'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      const tao = transitionStake(coldkey, a.destination_coldkey, a.hotkey, a.hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, null, null, true);
      depositEvent('StakeTransferred', [coldkey, a.destination_coldkey, a.hotkey, a.origin_netuid, a.destination_netuid, tao]);
    },
  }),
  swap_stake: call<Hot & { origin_netuid: number; destination_netuid: number; alpha_amount: bigint }>({
    index: 87,
    args: { hotkey: AccountId32, origin_netuid: NetUid, destination_netuid: NetUid, alpha_amount: AlphaBalance },
    typeNames: { hotkey: HOT, origin_netuid: 'NetUid', destination_netuid: 'NetUid', alpha_amount: 'AlphaBalance' },
    weight: 500_000_000n,
    docs: [' Swaps stake of the caller on a hotkey from one subnet to another.'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      const tao = transitionStake(coldkey, coldkey, a.hotkey, a.hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, null, null);
      depositEvent('StakeSwapped', [coldkey, a.hotkey, a.origin_netuid, a.destination_netuid, tao]);
    },
  }),
  add_stake_limit: call<Hot & { netuid: number; amount_staked: bigint; limit_price: bigint; allow_partial: boolean }>({
    index: 88,
    args: { hotkey: AccountId32, netuid: NetUid, amount_staked: TaoBalance, limit_price: TaoBalance, allow_partial: t.bool },
    typeNames: { hotkey: HOT, netuid: 'NetUid', amount_staked: 'TaoBalance', limit_price: 'TaoBalance', allow_partial: 'bool' },
    weight: 340_000_000n,
    docs: [' add_stake that fails (or executes partially) if the price would rise above limit_price (rao per alpha).'],
    fn(origin, a) {
      addStake(ensureSigned(origin), a.hotkey, a.netuid, a.amount_staked, a.limit_price, a.allow_partial);
    },
  }),
  remove_stake_limit: call<Hot & { netuid: number; amount_unstaked: bigint; limit_price: bigint; allow_partial: boolean }>({
    index: 89,
    args: { hotkey: AccountId32, netuid: NetUid, amount_unstaked: AlphaBalance, limit_price: TaoBalance, allow_partial: t.bool },
    typeNames: { hotkey: HOT, netuid: 'NetUid', amount_unstaked: 'AlphaBalance', limit_price: 'TaoBalance', allow_partial: 'bool' },
    weight: 340_000_000n,
    docs: [' remove_stake that fails (or executes partially) if the price would fall below limit_price.'],
    fn(origin, a) {
      removeStake(ensureSigned(origin), a.hotkey, a.netuid, a.amount_unstaked, a.limit_price, a.allow_partial);
    },
  }),
  swap_stake_limit: call<Hot & { origin_netuid: number; destination_netuid: number; alpha_amount: bigint; limit_price: bigint; allow_partial: boolean }>({
    index: 90,
    args: { hotkey: AccountId32, origin_netuid: NetUid, destination_netuid: NetUid, alpha_amount: AlphaBalance, limit_price: TaoBalance, allow_partial: t.bool },
    typeNames: { hotkey: HOT, origin_netuid: 'NetUid', destination_netuid: 'NetUid', alpha_amount: 'AlphaBalance', limit_price: 'TaoBalance', allow_partial: 'bool' },
    weight: 500_000_000n,
    docs: [' swap_stake with a limit on the origin/destination price ratio.'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      const tao = transitionStake(coldkey, coldkey, a.hotkey, a.hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, a.limit_price, a.allow_partial);
      depositEvent('StakeSwapped', [coldkey, a.hotkey, a.origin_netuid, a.destination_netuid, tao]);
    },
  }),
  set_coldkey_auto_stake_hotkey: call<Hot & { netuid: number }>({
    index: 114,
    args: { netuid: NetUid, hotkey: AccountId32 },
    typeNames: { netuid: 'NetUid', hotkey: HOT },
    docs: [' Set the autostake destination hotkey for a coldkey.', '',
      ' The caller selects a hotkey where all future rewards', ' will be automatically staked.'],
    fn(origin, { netuid, hotkey }) {
      const coldkey = ensureSigned(origin);
      if (!ext.subnetExists(netuid)) throw fail('SubnetNotExists');
      if (ext.uidOf(netuid, hotkey) === null) throw fail('HotKeyNotRegisteredInSubNet');
      // The coinbase stakes the coldkey's miner incentive on `netuid` to this hotkey (distribute_emission.ts);
      // AutoStakeDestinationColdkeys is its reverse index (a hotkey swap moves the destinations with the key).
      const current = N.AutoStakeDestination.get(coldkey, netuid);
      if (current !== null) {
        if (eqBytes(current, hotkey)) throw fail('SameAutoStakeHotkeyAlreadySet');
        N.AutoStakeDestinationColdkeys.mutate(current, netuid, v => v.filter(c => !eqBytes(c, coldkey)));
      }
      N.AutoStakeDestination.set(coldkey, netuid, hotkey);
      N.AutoStakeDestinationColdkeys.mutate(hotkey, netuid, v => (v.some(c => eqBytes(c, coldkey)) ? v : [...v, coldkey]));
      depositEvent('AutoStakeDestinationSet', { coldkey, netuid, hotkey });
    },
  }),
  remove_stake_full_limit: call<Hot & { netuid: number; limit_price: bigint | null }>({
    index: 103,
    args: { hotkey: AccountId32, netuid: NetUid, limit_price: t.option(TaoBalance) },
    typeNames: { hotkey: HOT, netuid: 'NetUid', limit_price: 'Option<TaoBalance>' },
    weight: 340_000_000n,
    docs: [' Removes the caller\'s whole stake on (hotkey, netuid), optionally with a limit price.'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      const alpha = stakeOf(a.hotkey, coldkey, a.netuid);
      removeStake(coldkey, a.hotkey, a.netuid, alpha, a.limit_price, false);
    },
  }),
};
