// DelegateInfoRuntimeApi (HEAD rpc_info/delegate_info.rs): every hotkey with a Delegates entry, its nominators'
// stake per subnet, registrations and validator permits. return_per_1000 / total_daily_return are estimates HEAD
// derives from last-epoch dividends; here total_daily_return = Σ AlphaDividendsPerSubnet scaled to 7200 blocks/tempo.
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import { AccountId32, type AccountId } from '../../../primitives.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { stakeOf } from '../staking/shares.ts';
import { allNetuids } from '../subnets/helpers.ts';
import { DelegateInfo, C16, C64 } from './codecs.ts';

const hex = (a: Uint8Array) => Buffer.from(a).toString('hex');

function delegateInfo(hotkey: AccountId): any {
  const netuids = allNetuids();
  // Nominators: every (coldkey) holding Alpha shares of this hotkey, with per-subnet stake.
  const perCold = new Map<string, { cold: AccountId; stakes: [number, bigint][] }>();
  for (const [[, cold, netuid]] of S.Alpha.iterPrefix(hotkey)) {
    const v = stakeOf(hotkey, cold, netuid);
    if (v === 0n) continue;
    const k = hex(cold);
    if (!perCold.has(k)) perCold.set(k, { cold, stakes: [] });
    perCold.get(k)!.stakes.push([netuid, v]);
  }
  const nominators = [...perCold.keys()].sort().map(k => {
    const e = perCold.get(k)!;
    return [e.cold, e.stakes.sort((a, b) => a[0] - b[0])];
  });
  const registrations = netuids.filter(n => N.Uids.contains(n, hotkey));
  const validatorPermits = registrations.filter(n => {
    const uid = N.Uids.get(n, hotkey)!;
    const p = N.ValidatorPermit.get(n);
    return uid < p.length && p[uid];
  });
  const totalStake = netuids.reduce((a, n) => a + S.TotalHotkeyAlpha.get(hotkey, n), 0n);
  let dailyReturn = 0n;
  for (const n of registrations) {
    const tempo = BigInt(N.Tempo.get(n));
    if (tempo > 0n) dailyReturn += (S.AlphaDividendsPerSubnet.get(n, hotkey) * 7200n) / tempo;
  }
  return {
    delegate_ss58: hotkey, take: S.Delegates.get(hotkey), nominators, owner_ss58: N.Owner.get(hotkey),
    registrations, validator_permits: validatorPermits,
    return_per_1000: totalStake === 0n ? 0n : (dailyReturn * 1000n) / totalStake,
    total_daily_return: dailyReturn,
  };
}

export const DelegateInfoRuntimeApi = defineRuntimeApi({
  name: 'DelegateInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_delegates', inputs: [], output: t.vec(DelegateInfo),
      impl: () => S.Delegates.keys().sort((a, b) => (hex(a) < hex(b) ? -1 : 1)).map(delegateInfo) },
    { name: 'get_delegate', inputs: [{ name: 'delegate_account', type: AccountId32 }], output: t.option(DelegateInfo),
      impl: (hk: AccountId) => (S.Delegates.contains(hk) ? delegateInfo(hk) : null) },
    { name: 'get_delegated', inputs: [{ name: 'delegatee_account', type: AccountId32 }],
      output: t.vec(t.tuple(DelegateInfo, t.tuple(C16, C64))),
      impl: (coldkey: AccountId) => {
        const out: any[] = [];
        const netuids = allNetuids();
        for (const hk of S.Delegates.keys().sort((a, b) => (hex(a) < hex(b) ? -1 : 1))) {
          let info: any = null; // built once per delegate, only if the coldkey stakes to it
          for (const n of netuids) {
            const v = stakeOf(hk, coldkey, n);
            if (v !== 0n) out.push([(info ??= delegateInfo(hk)), [n, v]]);
          }
        }
        return out;
      } },
  ],
});
