// Alpha taken out of a staker's position for good (HEAD staking/recycle_alpha.rs): `recycle_alpha` (101) also lowers
// SubnetAlphaOut, so the subnet's alpha issuance drops; `burn_alpha` (102) leaves every counter as it is; and
// `add_stake_burn` (132) is add_stake (or add_stake_limit) followed by burn_alpha of the alpha bought — a subnet
// buyback anyone may send. Checks run in HEAD's order; a failed call writes nothing (the dispatcher rolls back,
// which is also HEAD's with_transaction around add_stake_burn's two legs).
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureSigned } from '../../../frame/dispatch.ts';
import { AccountId32, type AccountId, TaoBalance, AlphaBalance, NetUid } from '../../../primitives.ts';
import * as t from '../../../codec/types.ts';
import { subtensorError as fail, depositEvent } from '../pallet.ts';
import { stakingStorage as S } from './storage.ts';
import { stakeOf, decreaseStake } from './shares.ts';
import * as ext from './ext.ts';
import { addStake } from './calls.ts';
import { ensureAvailableToUnstake } from './lock.ts';
import { recycleSubnetAlpha } from '../coinbase/alpha.ts';

/**
 * The checks and the stake debit shared by do_recycle_alpha and do_burn_alpha. The amount is capped at the stake
 * the coldkey holds on the hotkey (HEAD: the caller may have paid fees in alpha), so asking for more takes it all
 * and asking on an empty position succeeds with 0. Returns the alpha taken.
 */
function takeAlpha(coldkey: AccountId, hotkey: AccountId, amount: bigint, netuid: number): bigint {
  if (!ext.subnetExists(netuid)) throw fail('SubnetNotExists');
  if (netuid === 0) throw fail('CannotBurnOrRecycleOnRootSubnet');
  if (!ext.subtokenEnabled(netuid)) throw fail('SubtokenDisabled');
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  const available = stakeOf(hotkey, coldkey, netuid);
  const alpha = amount < available ? amount : available;
  if (S.SubnetAlphaOut.get(netuid) < alpha) throw fail('InsufficientLiquidity');
  ensureAvailableToUnstake(coldkey, netuid, alpha); // locked alpha cannot be recycled or burned
  decreaseStake(hotkey, coldkey, netuid, alpha);
  return alpha;
}

/** HEAD do_recycle_alpha: the alpha leaves the staker and SubnetAlphaOut. */
export function recycleAlpha(coldkey: AccountId, hotkey: AccountId, amount: bigint, netuid: number): bigint {
  const alpha = takeAlpha(coldkey, hotkey, amount, netuid);
  recycleSubnetAlpha(netuid, alpha);
  depositEvent('AlphaRecycled', [coldkey, hotkey, alpha, netuid]);
  return alpha;
}

/**
 * HEAD do_burn_alpha: the alpha leaves the staker only; SubnetAlphaOut keeps counting it (HEAD records it in
 * AlphaAssets.AlphaBurned, a pallet not ported here).
 */
export function burnAlpha(coldkey: AccountId, hotkey: AccountId, amount: bigint, netuid: number): bigint {
  const alpha = takeAlpha(coldkey, hotkey, amount, netuid);
  depositEvent('AlphaBurned', [coldkey, hotkey, alpha, netuid]);
  return alpha;
}

const HOT = 'T::AccountId';
type Hot = { hotkey: AccountId };

export const recycleAlphaCalls: Record<string, CallDecl<any>> = {
  recycle_alpha: call<Hot & { amount: bigint; netuid: number }>({
    index: 101,
    args: { hotkey: AccountId32, amount: AlphaBalance, netuid: NetUid },
    typeNames: { hotkey: HOT, amount: 'AlphaBalance', netuid: 'NetUid' },
    docs: [' Recycles alpha from a cold/hot key pair, reducing AlphaOut on a subnet'],
    fn(origin, a) { recycleAlpha(ensureSigned(origin), a.hotkey, a.amount, a.netuid); },
  }),
  burn_alpha: call<Hot & { amount: bigint; netuid: number }>({
    index: 102,
    args: { hotkey: AccountId32, amount: AlphaBalance, netuid: NetUid },
    typeNames: { hotkey: HOT, amount: 'AlphaBalance', netuid: 'NetUid' },
    docs: [' Burns alpha from a cold/hot key pair without reducing `AlphaOut`'],
    fn(origin, a) { burnAlpha(ensureSigned(origin), a.hotkey, a.amount, a.netuid); },
  }),
  add_stake_burn: call<Hot & { netuid: number; amount: bigint; limit: bigint | null }>({
    index: 132,
    args: { hotkey: AccountId32, netuid: NetUid, amount: TaoBalance, limit: t.option(TaoBalance) },
    typeNames: { hotkey: HOT, netuid: 'NetUid', amount: 'TaoBalance', limit: 'Option<TaoBalance>' },
    docs: [' --- The extrinsic is a combination of add_stake(add_stake_limit) and burn_alpha. We buy',
      ' alpha token first and immediately burn the acquired amount of alpha (aka Subnet buyback).'],
    fn(origin, a) {
      const coldkey = ensureSigned(origin);
      // With a limit: do_add_stake_limit without partial fills (the whole amount or SlippageTooHigh).
      const alpha = addStake(coldkey, a.hotkey, a.netuid, a.amount, a.limit, false);
      burnAlpha(coldkey, a.hotkey, alpha, a.netuid);
      depositEvent('AddStakeBurn', { netuid: a.netuid, hotkey: a.hotkey, amount: a.amount, alpha });
    },
  }),
};
