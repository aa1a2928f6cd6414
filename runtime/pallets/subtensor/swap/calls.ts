// SubtensorModule's key-swap calls (HEAD macros/dispatches.rs 70, 71, 72, 125–128, 133) and the coldkey-swap guard
// (HEAD guards/check_coldkey_swap.rs): while a swap is announced for the signer only the swap calls (and MEV
// shield's submit_encrypted) pass, and a disputed swap blocks everything — at pool validation as
// InvalidTransaction::Custom(0 / 21), and at every dispatch (also inside a proxy, with the real origin) as
// ColdkeySwapAnnounced / ColdkeySwapDisputed.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureRoot, ensureSigned, type Weight } from '../../../frame/dispatch.ts';
import { AccountId32, H256, NetUid, TaoBalance, type AccountId } from '../../../primitives.ts';
import { blockNumber, DB_WEIGHT } from '../../system/index.ts';
import { registerSubtensorTxCheck, invalidCustom } from '../../../extrinsic/extensions.ts';
import { registerDispatchGuard } from '../../../extrinsic/call.ts';
import { subnetStorage as S } from '../subnets/storage.ts';
import { ensure, emit, err, eqBytes } from '../subnets/helpers.ts';
import { doSwapHotkey } from './swap_hotkey.ts';
import { doSwapColdkey, chargeSwapCost, coldkeyHash } from './swap_coldkey.ts';
import { keySwapCost } from './common.ts';

const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
const w = (ref: bigint, reads: bigint, writes: bigint, proof = 0n): Weight => ({ refTime: ref + reads * R + writes * W, proofSize: proof });
const HOT = 'T::AccountId';

const SWAP_CALLS = new Set(['announce_coldkey_swap', 'swap_coldkey_announced', 'dispute_coldkey_swap', 'clear_coldkey_swap_announcement']);

/** CheckColdkeySwap::check: the error blocking `call` signed by `who`, or null. */
function coldkeySwapBlock(who: AccountId, c: t.EnumValue): 'ColdkeySwapAnnounced' | 'ColdkeySwapDisputed' | null {
  if (!S.ColdkeySwapAnnouncements.contains(who)) return null;
  if (S.ColdkeySwapDisputes.contains(who)) return 'ColdkeySwapDisputed';
  const inner = (c.value as t.EnumValue).type;
  if (c.type === 'SubtensorModule' && SWAP_CALLS.has(inner)) return null;
  if (c.type === 'MevShield' && inner === 'submit_encrypted') return null;
  return 'ColdkeySwapAnnounced';
}

// CustomTransactionError::ColdkeyInSwapSchedule (0) / ColdkeySwapDisputed (21).
registerSubtensorTxCheck((who, c) => {
  const block = coldkeySwapBlock(who, c);
  if (block) throw invalidCustom(block === 'ColdkeySwapDisputed' ? 21 : 0);
});
registerDispatchGuard((origin, c) => {
  const block = coldkeySwapBlock(origin.who, c);
  if (block) throw err(block);
});

export const swapCalls: Record<string, CallDecl<any>> = {
  swap_hotkey: call<{ hotkey: AccountId; new_hotkey: AccountId; netuid: number | null }>({
    index: 70, args: { hotkey: AccountId32, new_hotkey: AccountId32, netuid: t.option(NetUid) },
    typeNames: { hotkey: HOT, new_hotkey: HOT, netuid: 'Option<NetUid>' },
    weight: w(1_242_038_000n, 182n, 99n, 28912n),
    docs: [' The extrinsic for user to change its hotkey in subnet or all subnets.'],
    fn: (origin, a) => doSwapHotkey(origin, a.hotkey, a.new_hotkey, a.netuid, false),
  }),
  swap_coldkey: call<{ old_coldkey: AccountId; new_coldkey: AccountId; swap_cost: bigint }>({
    index: 71, args: { old_coldkey: AccountId32, new_coldkey: AccountId32, swap_cost: TaoBalance },
    typeNames: { old_coldkey: HOT, new_coldkey: HOT, swap_cost: 'TaoBalance' },
    weight: w(312_301_000n, 37n, 19n, 13056n),
    docs: [' Performs an arbitrary coldkey swap for any coldkey.', '', ' Only callable by root as it doesn\'t require an announcement and can be used to swap any coldkey.'],
    fn(origin, { old_coldkey, new_coldkey, swap_cost }) {
      ensureRoot(origin);
      if (swap_cost !== 0n) chargeSwapCost(old_coldkey, swap_cost);
      doSwapColdkey(old_coldkey, new_coldkey);
      S.ColdkeySwapAnnouncements.remove(old_coldkey);
      S.ColdkeySwapDisputes.remove(old_coldkey);
    },
  }),
  swap_hotkey_v2: call<{ hotkey: AccountId; new_hotkey: AccountId; netuid: number | null; keep_stake: boolean }>({
    index: 72, args: { hotkey: AccountId32, new_hotkey: AccountId32, netuid: t.option(NetUid), keep_stake: t.bool },
    typeNames: { hotkey: HOT, new_hotkey: HOT, netuid: 'Option<NetUid>', keep_stake: 'bool' },
    weight: w(275_300_000n, 52n, 35n),
    docs: [' The extrinsic for user to change its hotkey in subnet or all subnets. This extrinsic is', ' similar to swap_hotkey, but with keep_stake parameter bo be able to keep the stake when swapping', ' a root key to a child key'],
    fn: (origin, a) => doSwapHotkey(origin, a.hotkey, a.new_hotkey, a.netuid, a.keep_stake),
  }),
  announce_coldkey_swap: call<{ new_coldkey_hash: Uint8Array }>({
    index: 125, args: { new_coldkey_hash: H256 }, typeNames: { new_coldkey_hash: 'T::Hash' },
    weight: w(47_248_000n, 4n, 3n, 4159n),
    docs: [' Announces a coldkey swap using BlakeTwo256 hash of the new coldkey.'],
    fn(origin, { new_coldkey_hash }) {
      const who = ensureSigned(origin);
      const now = blockNumber();
      const existing = S.ColdkeySwapAnnouncements.get(who);
      if (existing) ensure(now >= existing[0] + S.ColdkeySwapReannouncementDelay.get(), 'ColdkeySwapReannouncedTooEarly');
      else chargeSwapCost(who, keySwapCost());
      S.ColdkeySwapAnnouncements.set(who, [now + S.ColdkeySwapAnnouncementDelay.get(), new_coldkey_hash]);
      emit('ColdkeySwapAnnounced', { who, new_coldkey_hash });
    },
  }),
  swap_coldkey_announced: call<{ new_coldkey: AccountId }>({
    index: 126, args: { new_coldkey: AccountId32 }, typeNames: { new_coldkey: HOT },
    weight: w(288_156_000n, 37n, 15n, 13000n),
    docs: [' Performs a coldkey swap if an announcement has been made.'],
    fn(origin, { new_coldkey }) {
      const who = ensureSigned(origin);
      const announced = S.ColdkeySwapAnnouncements.get(who);
      ensure(announced !== null, 'ColdkeySwapAnnouncementNotFound');
      S.ColdkeySwapAnnouncements.remove(who);
      ensure(eqBytes(announced![1], coldkeyHash(new_coldkey)), 'AnnouncedColdkeyHashDoesNotMatch');
      ensure(blockNumber() >= announced![0], 'ColdkeySwapTooEarly');
      doSwapColdkey(who, new_coldkey);
    },
  }),
  dispute_coldkey_swap: call<Record<string, never>>({
    index: 127, args: {}, weight: w(23_293_000n, 2n, 1n, 4130n),
    docs: [' Dispute a coldkey swap.'],
    fn(origin) {
      const coldkey = ensureSigned(origin);
      ensure(S.ColdkeySwapAnnouncements.contains(coldkey), 'ColdkeySwapAnnouncementNotFound');
      ensure(!S.ColdkeySwapDisputes.contains(coldkey), 'ColdkeySwapAlreadyDisputed');
      S.ColdkeySwapDisputes.set(coldkey, blockNumber());
      emit('ColdkeySwapDisputed', { coldkey });
    },
  }),
  reset_coldkey_swap: call<{ coldkey: AccountId }>({
    index: 128, args: { coldkey: AccountId32 }, typeNames: { coldkey: HOT },
    weight: w(8_857_000n, 0n, 2n),
    docs: [' Reset a coldkey swap by clearing the announcement and dispute status.'],
    fn(origin, { coldkey }) {
      ensureRoot(origin);
      S.ColdkeySwapAnnouncements.remove(coldkey);
      S.ColdkeySwapDisputes.remove(coldkey);
      emit('ColdkeySwapReset', { who: coldkey });
    },
  }),
  clear_coldkey_swap_announcement: call<Record<string, never>>({
    index: 133, args: {}, weight: w(17_890_000n, 2n, 1n),
    docs: [' Clears a coldkey swap announcement after the reannouncement delay if', ' it has not been disputed.'],
    fn(origin) {
      const who = ensureSigned(origin);
      const announced = S.ColdkeySwapAnnouncements.get(who);
      ensure(announced !== null, 'ColdkeySwapAnnouncementNotFound');
      ensure(blockNumber() >= announced![0] + S.ColdkeySwapReannouncementDelay.get(), 'ColdkeySwapClearTooEarly');
      S.ColdkeySwapAnnouncements.remove(who);
      emit('ColdkeySwapCleared', { who });
    },
  }),
};
