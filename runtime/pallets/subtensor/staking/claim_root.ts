// Root claims (HEAD staking/claim_root.rs). A validator's root dividends on a subnet do not go to its pool there:
// they raise RootClaimable[hotkey][netuid], an I96F32 rate of alpha per unit of the hotkey's root stake. A root
// staker's claim on a subnet is rate × its root stake − RootClaimed (what it already took or was charged on joining).
// claim_root pays it out as alpha stake on the subnet (Keep) or swapped to TAO and staked on root (Swap, the
// default), per the coldkey's RootClaimType; NumRootClaim coldkeys drawn from the block hash are claimed
// automatically each block (StakingColdkeys index).
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureSigned, ensureRoot, weight, type Origin } from '../../../frame/dispatch.ts';
import { state } from '../../../frame/externalities.ts';
import { type AccountId, NetUid } from '../../../primitives.ts';
import { stakingStorage as S } from './storage.ts';
import { RootClaimTypeEnum } from '../events.ts';
import { stakeOf, increaseStake } from './shares.ts';
import * as pools from './pools.ts';
import * as ext from './ext.ts';
import { emit, ensure, err, ensureSubnetOwnerOrRoot } from '../subnets/helpers.ts';
import { U64_MAX } from '../epoch/fixed.ts';

type ClaimType = t.EnumValue;
const FRAC = 32n;
const I96_MAX = (1n << 127n) - 1n;
const satI96 = (v: bigint) => (v > I96_MAX ? I96_MAX : v < -I96_MAX - 1n ? -I96_MAX - 1n : v);
/** MAX_NUM_ROOT_CLAIMS, MAX_SUBNET_CLAIMS, MAX_ROOT_CLAIM_THRESHOLD. */
export const MAX_NUM_ROOT_CLAIMS = 50n, MAX_SUBNET_CLAIMS = 5, MAX_ROOT_CLAIM_THRESHOLD = 10_000_000n;

/** RootClaimable[hotkey] as a map netuid → I96F32 bits. */
const claimableOf = (hotkey: AccountId): Map<number, bigint> =>
  new Map(S.RootClaimable.get(hotkey).map(([n, v]) => [n, v.bits] as [number, bigint]));
const storeClaimable = (hotkey: AccountId, m: Map<number, bigint>) =>
  S.RootClaimable.set(hotkey, [...m].sort(([a], [b]) => a - b).map(([n, bits]) => [n, { bits }]));

/** increase_root_claimable_for_hotkey_and_subnet: root dividends (after take) of `hotkey` on `netuid`. */
export function increaseRootClaimable(hotkey: AccountId, netuid: number, amount: bigint): void {
  const total = S.TotalHotkeyAlpha.get(hotkey, 0);
  // More than the root stake itself: HEAD stakes it to the hotkey's owner instead (a sanity fallback).
  if (amount > total) { increaseStake(hotkey, ext.ownerOf(hotkey), netuid, amount); return; }
  const increment = total === 0n ? 0n : (amount << FRAC) / total;
  const m = claimableOf(hotkey);
  m.set(netuid, satI96((m.get(netuid) ?? 0n) + increment));
  storeClaimable(hotkey, m);
}

/** get_root_owed_for_hotkey_coldkey_float: rate × root stake − RootClaimed, I96F32 bits (may be negative). */
export function rootOwedBits(hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const rate = claimableOf(hotkey).get(netuid) ?? 0n;
  const claimable = satI96(rate * stakeOf(hotkey, coldkey, 0));
  return satI96(claimable - satI96(S.RootClaimed.get(netuid, hotkey, coldkey) << FRAC));
}
/** get_root_owed_for_hotkey_coldkey: the same floored to u64, negatives as 0. */
export function rootOwed(hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const owed = rootOwedBits(hotkey, coldkey, netuid);
  if (owed <= 0n) return 0n;
  const v = owed >> FRAC;
  return v > U64_MAX ? U64_MAX : v;
}

/** add/remove_stake_adjust_root_claimed: a root stake change moves RootClaimed by rate × amount on every subnet. */
export function adjustRootClaimed(hotkey: AccountId, coldkey: AccountId, amount: bigint, added: boolean): void {
  for (const [netuid, rate] of claimableOf(hotkey)) {
    if (!added && netuid === 0) continue;
    const delta = satI96(rate * amount);
    const d = delta <= 0n ? 0n : delta >> FRAC; // saturating_to_num::<u128>, floor
    const claimed = S.RootClaimed.get(netuid, hotkey, coldkey);
    S.RootClaimed.set(netuid, hotkey, coldkey, added ? claimed + d : (claimed > d ? claimed - d : 0n));
  }
}

/** maybe_add_coldkey_index. */
export function maybeAddColdkeyIndex(coldkey: AccountId): void {
  if (S.StakingColdkeys.contains(coldkey)) return;
  const n = S.NumStakingColdkeys.get();
  S.StakingColdkeysByIndex.set(n, coldkey);
  S.StakingColdkeys.set(coldkey, n);
  S.NumStakingColdkeys.set(n + 1n);
}
/** maybe_remove_coldkey_index: the last entry moves into the freed slot so indices stay dense. */
export function maybeRemoveColdkeyIndex(coldkey: AccountId): void {
  const idx = S.StakingColdkeys.get(coldkey);
  if (idx === null) return;
  S.StakingColdkeys.remove(coldkey);
  const last = S.NumStakingColdkeys.get() - 1n;
  const moved = idx !== last ? S.StakingColdkeysByIndex.take(last) : null;
  if (moved !== null) {
    S.StakingColdkeysByIndex.set(idx, moved);
    S.StakingColdkeys.set(moved, idx);
  } else S.StakingColdkeysByIndex.remove(idx);
  S.NumStakingColdkeys.set(last < 0n ? 0n : last);
}

/** Root stake bought or sold by the coldkey itself (stake_into_subnet / unstake_from_subnet / moves on root). */
export function noteRootStakeAdded(hotkey: AccountId, coldkey: AccountId, amount: bigint): void {
  adjustRootClaimed(hotkey, coldkey, amount, true);
  maybeAddColdkeyIndex(coldkey);
}
export function noteRootStakeRemoved(hotkey: AccountId, coldkey: AccountId, amount: bigint): void {
  adjustRootClaimed(hotkey, coldkey, amount, false);
  if (!S.StakingHotkeys.get(coldkey).some(h => stakeOf(h, coldkey, 0) > 0n)) maybeRemoveColdkeyIndex(coldkey);
}

/** root_claim_on_subnet. Throws (the claim fails) when the swap fails. */
function rootClaimOnSubnet(hotkey: AccountId, coldkey: AccountId, netuid: number, type: ClaimType, ignoreMinimum: boolean): void {
  const owedBits = rootOwedBits(hotkey, coldkey, netuid);
  if (!ignoreMinimum && owedBits < S.RootClaimableThreshold.get(netuid).bits) return;
  const owed = rootOwed(hotkey, coldkey, netuid);
  if (owed === 0n) return;
  const swap = type.type === 'Swap' ? true : type.type === 'Keep' ? false
    : !(type.value as { subnets: number[] }).subnets.includes(netuid);
  if (swap) {
    // Sell the alpha (minted into SubnetAlphaOut at emission) in the subnet's pool and stake the TAO on root
    // (SubnetTAO / SubnetAlphaOut of root grow 1:1).
    const r = pools.swapAlphaForTao(netuid, owed, pools.MIN_PRICE, true); // HEAD: fee-free, at the minimum price
    if (typeof r === 'string') throw pools.swapError(r);
    increaseStake(hotkey, coldkey, 0, r.amountOut);
    S.SubnetTAO.mutate(0, v => v + r.amountOut);
    S.SubnetAlphaOut.mutate(0, v => v + r.amountOut);
    S.TotalStake.mutate(v => v + r.amountOut);
    adjustRootClaimed(hotkey, coldkey, r.amountOut, true);
  } else {
    increaseStake(hotkey, coldkey, netuid, owed);
  }
  S.RootClaimed.mutate([netuid, hotkey, coldkey], v => v + owed);
}

/** do_root_claim: claims every hotkey the coldkey stakes to, on `subnets` or on all; RootClaimed event. */
export function doRootClaim(coldkey: AccountId, subnets: number[] | null): void {
  const type = S.RootClaimType.get(coldkey);
  for (const hotkey of S.StakingHotkeys.get(coldkey)) {
    for (const netuid of claimableOf(hotkey).keys()) {
      if (subnets !== null && !subnets.includes(netuid)) continue;
      rootClaimOnSubnet(hotkey, coldkey, netuid, type, false);
    }
  }
  emit('RootClaimed', { coldkey });
}

/** block_hash_to_indices: k indices in [0, n) walked from the parent hash, deduplicated and sorted. */
export function blockHashToIndices(hash: Uint8Array, k: bigint, n: bigint): bigint[] {
  const word = (at: number) => { let v = 0n; for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(hash[at + i] ?? 0); return v; };
  const out = new Set<bigint>();
  let last = word(0);
  for (let i = 0n; i < k; i++) {
    const step = word(Number((i * 8n) % 32n));
    const sum = last + step > U64_MAX ? U64_MAX : last + step;
    const idx = n === 0n ? 0n : sum % n;
    out.add(idx);
    last = idx;
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** run_auto_claim_root_divs: each drawn coldkey's claim in its own transaction; a failing one is skipped. */
export function runAutoClaimRootDivs(parentHash: Uint8Array): void {
  for (const i of blockHashToIndices(parentHash, S.NumRootClaim.get(), S.NumStakingColdkeys.get())) {
    const coldkey = S.StakingColdkeysByIndex.get(i);
    if (coldkey === null) continue;
    try { state().transactional(() => doRootClaim(coldkey, null)); } catch { /* HEAD logs and continues */ }
  }
}

/** finalize_all_subnet_root_dividends (subnet dissolved): its claimable rates and claimed records go. */
export function finalizeAllSubnetRootDividends(netuid: number): void {
  for (const [hotkey, entries] of S.RootClaimable.entries()) {
    if (entries.some(([n]) => n === netuid)) S.RootClaimable.set(hotkey, entries.filter(([n]) => n !== netuid));
  }
  S.RootClaimed.removePrefix(netuid);
}

// ── Calls (HEAD weights: claim_root 138,999,000 + 16 reads + 4 writes, …; RocksDbWeight) ──
const READ = 25_000_000n, WRITE = 100_000_000n;
const dbWeight = (base: bigint, proof: bigint, reads: bigint, writes: bigint) => weight(base + reads * READ + writes * WRITE, proof);

export const rootClaimCalls: Record<string, CallDecl<any>> = {
  claim_root: call<{ subnets: number[] }>({
    index: 121, args: { subnets: t.vec(NetUid) }, typeNames: { subnets: 'BTreeSet<NetUid>' },
    weight: dbWeight(138_999_000n, 7_875n, 16n, 4n),
    docs: [' Claims the root dividends of the caller\'s root stake on the given subnets (1 to 5).'],
    fn: (o: Origin, a) => {
      const coldkey = ensureSigned(o);
      const subnets = [...new Set(a.subnets)];
      ensure(subnets.length > 0 && subnets.length <= MAX_SUBNET_CLAIMS, 'InvalidSubnetNumber');
      maybeAddColdkeyIndex(coldkey);
      doRootClaim(coldkey, subnets);
    },
  }),
  set_root_claim_type: call<{ new_root_claim_type: ClaimType }>({
    index: 122, args: { new_root_claim_type: RootClaimTypeEnum }, typeNames: { new_root_claim_type: 'RootClaimTypeEnum' },
    weight: dbWeight(18_283_000n, 3_941n, 2n, 4n),
    docs: [' Sets how the caller\'s root dividends are claimed: Swap (to TAO on root), Keep, or KeepSubnets.'],
    fn: (o: Origin, a) => {
      const coldkey = ensureSigned(o);
      const type = a.new_root_claim_type;
      if (type.type === 'KeepSubnets') ensure((type.value as { subnets: number[] }).subnets.length > 0, 'InvalidSubnetNumber');
      maybeAddColdkeyIndex(coldkey);
      S.RootClaimType.set(coldkey, type);
      emit('RootClaimTypeSet', { coldkey, root_claim_type: type });
    },
  }),
  sudo_set_num_root_claims: call<{ new_value: bigint }>({
    index: 123, args: { new_value: t.u64 }, typeNames: { new_value: 'u64' },
    weight: dbWeight(2_735_000n, 0n, 0n, 1n),
    docs: [' Sets how many coldkeys are auto-claimed per block (0 disables). Root only.'],
    fn: (o: Origin, a) => {
      ensureRoot(o);
      ensure(a.new_value <= MAX_NUM_ROOT_CLAIMS, 'InvalidNumRootClaim');
      S.NumRootClaim.set(a.new_value);
    },
  }),
  sudo_set_root_claim_threshold: call<{ netuid: number; new_value: bigint }>({
    index: 124, args: { netuid: NetUid, new_value: t.u64 }, typeNames: { netuid: 'NetUid', new_value: 'u64' },
    weight: dbWeight(5_681_000n, 0n, 0n, 1n),
    docs: [' Sets the minimum claim on a subnet (subnet owner or root).'],
    fn: (o: Origin, a) => {
      ensureSubnetOwnerOrRoot(o, a.netuid);
      ensure(a.new_value <= MAX_ROOT_CLAIM_THRESHOLD, 'InvalidRootClaimThreshold');
      S.RootClaimableThreshold.set(a.netuid, { bits: a.new_value << FRAC });
    },
  }),
};

/** transfer_root_claimable_for_new_hotkey: the old hotkey's claimable rates are added into the new one's. */
export function transferRootClaimableForNewHotkey(oldHotkey: AccountId, newHotkey: AccountId): void {
  const merged = claimableOf(newHotkey);
  for (const [netuid, bits] of claimableOf(oldHotkey)) merged.set(netuid, (merged.get(netuid) ?? 0n) + bits);
  S.RootClaimable.remove(oldHotkey);
  storeClaimable(newHotkey, merged);
}

/** transfer_root_claimed_for_new_keys: RootClaimed moves from (old hotkey, old coldkey) onto (new, new), summed. */
export function transferRootClaimedForNewKeys(netuid: number, oldHotkey: AccountId, newHotkey: AccountId, oldColdkey: AccountId, newColdkey: AccountId): void {
  const moved = S.RootClaimed.get(netuid, oldHotkey, oldColdkey);
  S.RootClaimed.remove(netuid, oldHotkey, oldColdkey);
  S.RootClaimed.set(netuid, newHotkey, newColdkey, moved + S.RootClaimed.get(netuid, newHotkey, newColdkey));
}
