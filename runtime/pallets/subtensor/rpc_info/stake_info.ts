// StakeInfoRuntimeApi (HEAD rpc_info/stake_info.rs): per (hotkey, coldkey, netuid) alpha stake with the hotkey's
// last-epoch alpha dividends as `emission`; StakeInfo's `locked`, TAO dividends and drain are 0 as at HEAD (locks are
// reported by get_stake_availability_for_coldkeys / get_coldkey_lock). get_stake_fee is HEAD's approximate swap fee.
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import { AccountId32, type AccountId } from '../../../primitives.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { stakeOf } from '../staking/shares.ts';
import { allNetuids } from '../subnets/helpers.ts';
import { StakeInfo, StakeAvailability, btreeMap } from './codecs.ts';
import { LockState } from '../staking/lock_storage.ts';
import { stakeAvailability, coldkeyLockStored, hotkeyConviction, subnetKing } from '../staking/lock.ts';
import { U64F64 } from '../../../primitives.ts';
import { swapFee } from '../../swap/swap_step.ts';
import { bytesEqual } from '../../../codec/scale.ts';

const sameOriginDest = (a: [AccountId, number] | null, b: [AccountId, number] | null) =>
  a === null || b === null ? a === b : a[1] === b[1] && bytesEqual(a[0], b[0]);

function info(hotkey: AccountId, coldkey: AccountId, netuid: number, stake: bigint) {
  return {
    hotkey, coldkey, netuid, stake, locked: 0n,
    emission: S.AlphaDividendsPerSubnet.get(netuid, hotkey), tao_emission: 0n, drain: 0n,
    is_registered: N.Uids.contains(netuid, hotkey),
  };
}

export function stakeInfoForColdkey(coldkey: AccountId): any[] {
  const out: any[] = [];
  const hotkeys = S.StakingHotkeys.get(coldkey);
  for (const netuid of allNetuids()) for (const hk of hotkeys) {
    const alpha = stakeOf(hk, coldkey, netuid);
    if (alpha !== 0n) out.push(info(hk, coldkey, netuid, alpha));
  }
  return out;
}

const OriginDest = t.option(t.tuple(AccountId32, t.u16));
const hex = (a: Uint8Array) => Buffer.from(a).toString('hex');

/**
 * get_stake_availability_for_coldkeys: per coldkey (sorted, deduplicated as a BTreeMap), per subnet with stake or a
 * lock, (total, locked, available). An empty or over-long netuid list gives every coldkey an empty map.
 */
function stakeAvailabilityForColdkeys(coldkeys: AccountId[], netuids: number[] | null): [AccountId, [number, any][]][] {
  const unique = new Map<string, AccountId>();
  for (const c of coldkeys) unique.set(hex(c), c);
  const sorted = [...unique.keys()].sort().map(k => unique.get(k)!);
  const existing = allNetuids();
  let scan = existing;
  if (netuids !== null) {
    const requested = [...new Set(netuids)].sort((a, b) => a - b);
    if (requested.length === 0 || requested.length > existing.length) return sorted.map(c => [c, []]);
    scan = requested.filter(n => existing.includes(n));
  }
  return sorted.map(coldkey => [coldkey, scan.flatMap(netuid => {
    const [total, locked, available] = stakeAvailability(coldkey, netuid);
    return total === 0n && locked === 0n ? [] : [[netuid, { total, locked, available }] as [number, any]];
  })]);
}

export const StakeInfoRuntimeApi = defineRuntimeApi({
  name: 'StakeInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_stake_info_for_coldkey', inputs: [{ name: 'coldkey_account', type: AccountId32 }], output: t.vec(StakeInfo),
      impl: (coldkey: AccountId) => stakeInfoForColdkey(coldkey) },
    { name: 'get_stake_info_for_coldkeys', inputs: [{ name: 'coldkey_accounts', type: t.vec(AccountId32) }],
      output: t.vec(t.tuple(AccountId32, t.vec(StakeInfo))),
      impl: (coldkeys: AccountId[]) => coldkeys.map(c => [c, stakeInfoForColdkey(c)]) },
    { name: 'get_stake_info_for_hotkey_coldkey_netuid',
      inputs: [{ name: 'hotkey_account', type: AccountId32 }, { name: 'coldkey_account', type: AccountId32 }, { name: 'netuid', type: t.u16 }],
      output: t.option(StakeInfo),
      impl: (hotkey: AccountId, coldkey: AccountId, netuid: number) =>
        (netuid === 0 || N.NetworksAdded.get(netuid)) ? info(hotkey, coldkey, netuid, stakeOf(hotkey, coldkey, netuid)) : null },
    { name: 'get_stake_availability_for_coldkeys',
      inputs: [{ name: 'coldkey_accounts', type: t.vec(AccountId32) }, { name: 'netuids', type: t.option(t.vec(t.u16)) }],
      output: btreeMap(AccountId32, btreeMap(t.u16, StakeAvailability)), impl: stakeAvailabilityForColdkeys },
    { name: 'get_stake_fee',
      inputs: [{ name: 'origin', type: OriginDest }, { name: 'origin_coldkey_account', type: AccountId32 },
        { name: 'destination', type: OriginDest }, { name: 'destination_coldkey_account', type: AccountId32 }, { name: 'amount', type: t.u64 }],
      output: t.u64,
      // HEAD get_stake_fee: 0 when origin = destination, else approx_fee_amount on the destination's (or origin's) subnet.
      impl: (origin: [AccountId, number] | null, _oc: AccountId, destination: [AccountId, number] | null, _dc: AccountId, amount: bigint) => {
        if (sameOriginDest(origin, destination)) return 0n;
        return swapFee((destination ?? origin)?.[1] ?? 0, amount);
      } },
    { name: 'get_coldkey_lock', inputs: [{ name: 'coldkey', type: AccountId32 }, { name: 'netuid', type: t.u16 }],
      output: t.option(LockState), impl: coldkeyLockStored },
    { name: 'get_hotkey_conviction', inputs: [{ name: 'hotkey', type: AccountId32 }, { name: 'netuid', type: t.u16 }],
      output: U64F64, impl: (hotkey: AccountId, netuid: number) => ({ bits: hotkeyConviction(hotkey, netuid) }) },
    { name: 'get_most_convicted_hotkey_on_subnet', inputs: [{ name: 'netuid', type: t.u16 }],
      output: t.option(AccountId32), impl: subnetKing },
  ],
});
