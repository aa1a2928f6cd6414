// pallet_subtensor_proxy (index 16): subtensor's fork of pallet_proxy. An account (the "real") lets delegates
// dispatch calls as itself, restricted by a ProxyType filter and optionally delayed behind an announcement; pure
// proxies are keyless accounts controlled only through their spawner's proxy. The fork adds `poke_deposit`,
// `set_real_pays_fee` (the real account pays the fee of `proxy` calls, see extrinsic/extensions.ts) and
// `LastCallResult`, cleared at the end of each block.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { map, doubleMap } from '../../frame/storage.ts';
import { DispatchError, addWeight, ensureSigned, type Origin, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { AccountId32, H256, MultiAddress, lookupAddress, type AccountId } from '../../primitives.ts';
import { bytesEqual, concatBytes } from '../../codec/scale.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { DispatchResult } from '../system/types.ts';
import { blockNumber, extrinsicIndex, DB_WEIGHT } from '../system/index.ts';
import { reserve, unreserve, storageDeposit } from '../balances/index.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';
import { ProxyType, isSuperset, proxyTypeFilter, proxyTypeIndex, type ProxyTypeName } from './proxy_type.ts';

export { ProxyType } from './proxy_type.ts';

const deposit = storageDeposit;
export const PROXY_DEPOSIT_BASE = deposit(1n, 40n);
export const PROXY_DEPOSIT_FACTOR = deposit(0n, 33n);
export const MAX_PROXIES = 20;
export const MAX_PENDING = 75;
export const ANNOUNCEMENT_DEPOSIT_BASE = deposit(1n, 16n);
export const ANNOUNCEMENT_DEPOSIT_FACTOR = deposit(0n, 68n);

const ProxyDefinition = t.struct(['pallet_subtensor_proxy', 'ProxyDefinition'], { delegate: AccountId32, proxy_type: ProxyType, delay: t.u32 }, {
  params: [{ name: 'AccountId', type: AccountId32 }, { name: 'ProxyType', type: ProxyType }, { name: 'BlockNumber', type: t.u32 }],
  typeNames: { delegate: 'AccountId', proxy_type: 'ProxyType', delay: 'BlockNumber' },
});
const Announcement = t.struct(['pallet_subtensor_proxy', 'Announcement'], { real: AccountId32, call_hash: H256, height: t.u32 }, {
  params: [{ name: 'AccountId', type: AccountId32 }, { name: 'Hash', type: H256 }, { name: 'BlockNumber', type: t.u32 }],
  typeNames: { real: 'AccountId', call_hash: 'Hash', height: 'BlockNumber' },
});
const DepositKind = t.enumOf(['pallet_subtensor_proxy', 'DepositKind'], { Proxies: null, Announcements: null });

export interface ProxyDef { delegate: AccountId; proxy_type: t.EnumValue; delay: number }
interface AnnouncementValue { real: AccountId; call_hash: Uint8Array; height: number }

// pallet_subtensor_proxy::weights::SubstrateWeight at p = MaxProxies, a = MaxPending (RocksDbWeight).
const rw = (r: bigint, w: bigint) => r * DB_WEIGHT.read + w * DB_WEIGHT.write;
const P = BigInt(MAX_PROXIES);
const A = BigInt(MAX_PENDING);
const W = {
  proxy: { refTime: 28_026_265n + 53_205n * P + rw(3n, 1n), proofSize: 4254n + 37n * P },
  proxyAnnounced: { refTime: 53_234_507n + 228_831n * A + 54_037n * P + rw(5n, 3n), proofSize: 8615n + 68n * A + 37n * P },
  removeAnnouncement: { refTime: 25_595_226n + 205_163n * A + 40_277n * P + rw(2n, 2n), proofSize: 8615n },
  rejectAnnouncement: { refTime: 26_388_332n + 199_703n * A + 17_846n * P + rw(2n, 2n), proofSize: 8615n },
  announce: { refTime: 34_286_251n + 194_092n * A + 53_615n * P + rw(3n, 2n), proofSize: 8615n },
  addProxy: { refTime: 25_770_804n + 80_892n * P + rw(1n, 1n), proofSize: 4254n },
  removeProxy: { refTime: 27_827_049n + 64_054n * P + rw(1n, 2n), proofSize: 4254n },
  removeProxies: { refTime: 27_407_028n + 55_808n * P + rw(1n, 1n), proofSize: 4254n },
  createPure: { refTime: 27_853_436n + 20_160n * P + rw(1n, 1n), proofSize: 4254n },
  killPure: { refTime: 26_529_087n + 48_014n * P + rw(1n, 1n), proofSize: 4254n },
  pokeDeposit: { refTime: 46_757_000n + rw(3n, 3n), proofSize: 8615n },
  setRealPaysFee: { refTime: 14_259_931n + 42_799n * P + rw(1n, 1n), proofSize: 4254n },
};
/** The AccountData of the inner call's origin, read and written (the `proxy` weights add it). */
const INNER_ACCOUNT: WeightValue = { refTime: rw(1n, 1n), proofSize: 0n };

const lookup = (addr: t.EnumValue): AccountId => {
  const a = lookupAddress(addr);
  if (!a) throw DispatchError.cannotLookup();
  return a;
};
const typeName = (pt: t.EnumValue) => pt.type as ProxyTypeName;
const sameType = (a: t.EnumValue, b: t.EnumValue) => a.type === b.type;

/** Ord of ProxyDefinition (delegate bytes, then ProxyType index, then delay): proxies are kept sorted by it. */
function compareDef(a: ProxyDef, b: ProxyDef): number {
  for (let i = 0; i < 32; i++) if (a.delegate[i] !== b.delegate[i]) return a.delegate[i] - b.delegate[i];
  const ai = proxyTypeIndex(a.proxy_type), bi = proxyTypeIndex(b.proxy_type);
  if (ai !== bi) return ai - bi;
  return a.delay - b.delay;
}

/** Proxy deposit for `n` proxies (0 for none). */
export function proxyDeposit(n: number): bigint {
  return n === 0 ? 0n : PROXY_DEPOSIT_BASE + PROXY_DEPOSIT_FACTOR * BigInt(n);
}

/** Re-reserves `who`'s deposit for `len` items; returns the new deposit (null when nothing is left). */
function rejigDeposit(who: AccountId, old: bigint, base: bigint, factor: bigint, len: number): bigint | null {
  const next = len === 0 ? 0n : base + factor * BigInt(len);
  if (next > old) reserve(who, next - old);
  else if (next < old) unreserve(who, old - next);
  return len === 0 ? null : next;
}

/** The first proxy of `real` held by `delegate` (of the forced type, if given), else NotProxy. */
export function findProxy(real: AccountId, delegate: AccountId, force: t.EnumValue | null): ProxyDef {
  const def = Proxy.storage.Proxies.get(real)[0].find(d => bytesEqual(d.delegate, delegate) && (force === null || sameType(d.proxy_type, force)));
  if (!def) throw Proxy.error('NotProxy');
  return def;
}

/** add_proxy_delegate: inserts the definition in order and reserves the deposit difference. */
export function addProxyDelegate(delegator: AccountId, delegatee: AccountId, proxyType: t.EnumValue, delay: number): void {
  if (bytesEqual(delegator, delegatee)) throw Proxy.error('NoSelfProxy');
  const [proxies, old] = Proxy.storage.Proxies.get(delegator);
  const def: ProxyDef = { delegate: delegatee, proxy_type: proxyType, delay };
  let i = 0;
  while (i < proxies.length && compareDef(proxies[i], def) < 0) i++;
  if (i < proxies.length && compareDef(proxies[i], def) === 0) throw Proxy.error('Duplicate');
  if (proxies.length >= MAX_PROXIES) throw Proxy.error('TooMany');
  proxies.splice(i, 0, def);
  const next = proxyDeposit(proxies.length);
  if (next > old) reserve(delegator, next - old);
  else if (next < old) unreserve(delegator, old - next);
  Proxy.storage.Proxies.set(delegator, [proxies, next]);
  Proxy.deposit('ProxyAdded', { delegator, delegatee, proxy_type: proxyType, delay });
}

/** remove_proxy_delegate: removes exactly that definition (NotFound otherwise) and its RealPaysFee flag. */
export function removeProxyDelegate(delegator: AccountId, delegatee: AccountId, proxyType: t.EnumValue, delay: number): void {
  if (!Proxy.storage.Proxies.contains(delegator)) throw Proxy.error('NotFound');
  const [proxies, old] = Proxy.storage.Proxies.get(delegator);
  const def: ProxyDef = { delegate: delegatee, proxy_type: proxyType, delay };
  const i = proxies.findIndex(d => compareDef(d, def) === 0);
  if (i < 0) throw Proxy.error('NotFound');
  proxies.splice(i, 1);
  const next = proxyDeposit(proxies.length);
  if (next > old) reserve(delegator, next - old);
  else if (next < old) unreserve(delegator, old - next);
  if (proxies.length > 0) Proxy.storage.Proxies.set(delegator, [proxies, next]);
  else Proxy.storage.Proxies.remove(delegator);
  Proxy.storage.RealPaysFee.remove(delegator, delegatee);
  Proxy.deposit('ProxyRemoved', { delegator, delegatee, proxy_type: proxyType, delay });
}

/** The keyless account create_pure makes: blake2_256(("modlpy/proxy____", who, height, ext_index, type, index)). */
export function pureAccount(who: AccountId, proxyType: t.EnumValue, index: number, when?: [number, number]): AccountId {
  const [height, extIndex] = when ?? [blockNumber(), extrinsicIndex() ?? 0];
  return blake2_256(concatBytes(
    new TextEncoder().encode('modlpy/proxy____'), who, t.encode(t.u32, height), t.encode(t.u32, extIndex),
    t.encode(ProxyType, proxyType), t.encode(t.u16, index),
  ));
}

/** edit_announcements: keeps the delegate's announcements `keep` accepts; NotFound if none was dropped. */
function editAnnouncements(delegate: AccountId, keep: (a: AnnouncementValue) => boolean): void {
  if (!Proxy.storage.Announcements.contains(delegate)) throw Proxy.error('NotFound');
  const [pending, old] = Proxy.storage.Announcements.get(delegate);
  const kept = pending.filter(keep);
  if (kept.length === pending.length) throw Proxy.error('NotFound');
  const next = rejigDeposit(delegate, old, ANNOUNCEMENT_DEPOSIT_BASE, ANNOUNCEMENT_DEPOSIT_FACTOR, kept.length);
  if (next === null) Proxy.storage.Announcements.remove(delegate);
  else Proxy.storage.Announcements.set(delegate, [kept, next]);
}

/** do_proxy: dispatches `inner` as `real` under the proxy's filter; the result is an event, never an error. */
function doProxy(def: ProxyDef, real: AccountId, inner: t.EnumValue): void {
  const pt = typeName(def.proxy_type);
  const filter = (c: t.EnumValue): boolean => {
    if (c.type === 'Proxy') {
      const pc = c.value as t.EnumValue;
      // A proxy may not add or remove proxies more powerful than itself, nor remove all or kill pure proxies
      // unless it is Any.
      if ((pc.type === 'add_proxy' || pc.type === 'remove_proxy') && !isSuperset(pt, typeName(pc.value.proxy_type))) return false;
      if ((pc.type === 'remove_proxies' || pc.type === 'kill_pure') && pt !== 'Any') return false;
    }
    return proxyTypeFilter(pt, c);
  };
  const origin: Origin = { kind: 'Signed', who: real, filter };
  const { error } = dispatchCall(origin, inner);
  const result: { ok: [] } | { err: t.EnumValue } = error ? { err: error } : { ok: [] };
  Proxy.storage.LastCallResult.set(real, result);
  Proxy.deposit('ProxyExecuted', { result });
}

/** Whether `real` pays the fees of `delegate`'s `proxy` calls (set_real_pays_fee). */
export function isRealPaysFee(real: AccountId, delegate: AccountId): boolean {
  return Proxy.storage.RealPaysFee.contains(real, delegate);
}

const lookupName = 'AccountIdLookupOf<T>';
const boxedCall = 'Box<<T as Config>::RuntimeCall>';

export const Proxy = definePallet({
  name: 'Proxy',
  index: 16,
  crate: 'pallet_subtensor_proxy',
  storage: {
    Proxies: map('Twox64Concat', AccountId32, t.tuple<[ProxyDef[], bigint]>(t.vec(ProxyDefinition) as any, t.u64), {
      default: [[], 0n], docs: [' The set of account proxies. Maps the account which has delegated to the accounts', ' which are being delegated to, together with the amount held on deposit.'],
    }),
    Announcements: map('Twox64Concat', AccountId32, t.tuple<[AnnouncementValue[], bigint]>(t.vec(Announcement) as any, t.u64), {
      default: [[], 0n], docs: [' The announcements made by the proxy (key).'],
    }),
    LastCallResult: map('Twox64Concat', AccountId32, DispatchResult, { docs: [' The result of the last call made by the proxy (key).'] }),
    RealPaysFee: doubleMap('Twox64Concat', AccountId32, 'Twox64Concat', AccountId32, t.unit, {
      docs: [' Tracks which (real, delegate) pairs have opted in to the real account paying transaction fees', ' for proxy calls made by the delegate.'],
    }),
  },
  calls: {
    proxy: call<{ real: t.EnumValue; force_proxy_type: t.EnumValue | null; call: t.EnumValue }>({
      index: 0, args: { real: MultiAddress, force_proxy_type: t.option(ProxyType), call: RuntimeCall },
      typeNames: { real: lookupName, force_proxy_type: 'Option<T::ProxyType>', call: boxedCall },
      weight: a => addWeight(addWeight(W.proxy, INNER_ACCOUNT), callInfo(a.call).weight),
      docs: [' Dispatch the given `call` from an account that the sender is authorised for through', ' `add_proxy`.'],
      fn(origin, { real, force_proxy_type, call: inner }) {
        const who = ensureSigned(origin);
        const realId = lookup(real);
        const def = findProxy(realId, who, force_proxy_type);
        if (def.delay !== 0) throw Proxy.error('Unannounced');
        doProxy(def, realId, inner);
      },
    }),
    add_proxy: call<{ delegate: t.EnumValue; proxy_type: t.EnumValue; delay: number }>({
      index: 1, args: { delegate: MultiAddress, proxy_type: ProxyType, delay: t.u32 },
      typeNames: { delegate: lookupName, proxy_type: 'T::ProxyType', delay: 'BlockNumberFor<T>' },
      weight: W.addProxy,
      docs: [' Register a proxy account for the sender that is able to make calls on its behalf.'],
      fn(origin, { delegate, proxy_type, delay }) {
        addProxyDelegate(ensureSigned(origin), lookup(delegate), proxy_type, delay);
      },
    }),
    remove_proxy: call<{ delegate: t.EnumValue; proxy_type: t.EnumValue; delay: number }>({
      index: 2, args: { delegate: MultiAddress, proxy_type: ProxyType, delay: t.u32 },
      typeNames: { delegate: lookupName, proxy_type: 'T::ProxyType', delay: 'BlockNumberFor<T>' },
      weight: W.removeProxy,
      docs: [' Unregister a proxy account for the sender.'],
      fn(origin, { delegate, proxy_type, delay }) {
        removeProxyDelegate(ensureSigned(origin), lookup(delegate), proxy_type, delay);
      },
    }),
    remove_proxies: call<Record<string, never>>({
      index: 3, args: {}, weight: W.removeProxies,
      docs: [' Unregister all proxy accounts for the sender.'],
      fn(origin) {
        const who = ensureSigned(origin);
        const [, old] = Proxy.storage.Proxies.take(who);
        unreserve(who, old);
        Proxy.storage.RealPaysFee.removePrefix(who);
      },
    }),
    create_pure: call<{ proxy_type: t.EnumValue; delay: number; index: number }>({
      index: 4, args: { proxy_type: ProxyType, delay: t.u32, index: t.u16 },
      typeNames: { proxy_type: 'T::ProxyType', delay: 'BlockNumberFor<T>', index: 'u16' },
      weight: W.createPure,
      docs: [' Spawn a fresh new account that is guaranteed to be otherwise inaccessible, and', ' initialize it with a proxy of `proxy_type` for `origin` sender.'],
      fn(origin, { proxy_type, delay, index }) {
        const who = ensureSigned(origin);
        const pure = pureAccount(who, proxy_type, index);
        if (Proxy.storage.Proxies.contains(pure)) throw Proxy.error('Duplicate');
        const dep = PROXY_DEPOSIT_BASE + PROXY_DEPOSIT_FACTOR;
        reserve(who, dep);
        Proxy.storage.Proxies.set(pure, [[{ delegate: who, proxy_type, delay }], dep]);
        Proxy.deposit('PureCreated', { pure, who, proxy_type, disambiguation_index: index });
      },
    }),
    kill_pure: call<{ spawner: t.EnumValue; proxy_type: t.EnumValue; index: number; height: number; ext_index: number }>({
      index: 5, args: { spawner: MultiAddress, proxy_type: ProxyType, index: t.u16, height: t.compact(t.u32), ext_index: t.compact(t.u32) },
      typeNames: { spawner: lookupName, proxy_type: 'T::ProxyType', index: 'u16', height: 'BlockNumberFor<T>', ext_index: 'u32' },
      weight: W.killPure,
      docs: [' Removes a previously spawned pure proxy.'],
      fn(origin, { spawner, proxy_type, index, height, ext_index }) {
        const who = ensureSigned(origin);
        const spawnerId = lookup(spawner);
        if (!bytesEqual(pureAccount(spawnerId, proxy_type, index, [height, ext_index]), who)) throw Proxy.error('NoPermission');
        const [, dep] = Proxy.storage.Proxies.take(who);
        unreserve(spawnerId, dep);
        Proxy.deposit('PureKilled', { pure: who, spawner: spawnerId, proxy_type, disambiguation_index: index });
      },
    }),
    announce: call<{ real: t.EnumValue; call_hash: Uint8Array }>({
      index: 6, args: { real: MultiAddress, call_hash: H256 }, typeNames: { real: lookupName, call_hash: 'CallHashOf<T>' },
      weight: W.announce,
      docs: [' Publish the hash of a proxy-call that will be made in the future.'],
      fn(origin, { real, call_hash }) {
        const who = ensureSigned(origin);
        const realId = lookup(real);
        if (!Proxy.storage.Proxies.get(realId)[0].some(d => bytesEqual(d.delegate, who))) throw Proxy.error('NotProxy');
        const [pending, old] = Proxy.storage.Announcements.get(who);
        if (pending.length >= MAX_PENDING) throw Proxy.error('TooMany');
        pending.push({ real: realId, call_hash, height: blockNumber() });
        const next = rejigDeposit(who, old, ANNOUNCEMENT_DEPOSIT_BASE, ANNOUNCEMENT_DEPOSIT_FACTOR, pending.length);
        if (next === null) throw Proxy.error('AnnouncementDepositInvariantViolated');
        Proxy.storage.Announcements.set(who, [pending, next]);
        Proxy.deposit('Announced', { real: realId, proxy: who, call_hash });
      },
    }),
    remove_announcement: call<{ real: t.EnumValue; call_hash: Uint8Array }>({
      index: 7, args: { real: MultiAddress, call_hash: H256 }, typeNames: { real: lookupName, call_hash: 'CallHashOf<T>' },
      weight: W.removeAnnouncement,
      docs: [' Remove a given announcement.'],
      fn(origin, { real, call_hash }) {
        const who = ensureSigned(origin);
        const realId = lookup(real);
        editAnnouncements(who, a => !bytesEqual(a.real, realId) || !bytesEqual(a.call_hash, call_hash));
      },
    }),
    reject_announcement: call<{ delegate: t.EnumValue; call_hash: Uint8Array }>({
      index: 8, args: { delegate: MultiAddress, call_hash: H256 }, typeNames: { delegate: lookupName, call_hash: 'CallHashOf<T>' },
      weight: W.rejectAnnouncement,
      docs: [' Remove the given announcement of a delegate.'],
      fn(origin, { delegate, call_hash }) {
        const who = ensureSigned(origin);
        const delegateId = lookup(delegate);
        editAnnouncements(delegateId, a => !bytesEqual(a.real, who) || !bytesEqual(a.call_hash, call_hash));
      },
    }),
    proxy_announced: call<{ delegate: t.EnumValue; real: t.EnumValue; force_proxy_type: t.EnumValue | null; call: t.EnumValue }>({
      index: 9, args: { delegate: MultiAddress, real: MultiAddress, force_proxy_type: t.option(ProxyType), call: RuntimeCall },
      typeNames: { delegate: lookupName, real: lookupName, force_proxy_type: 'Option<T::ProxyType>', call: boxedCall },
      weight: a => addWeight(addWeight(W.proxyAnnounced, INNER_ACCOUNT), callInfo(a.call).weight),
      docs: [' Dispatch the given `call` from an account that the sender is authorized for through', ' `add_proxy`.', '', ' Removes any corresponding announcement(s).'],
      fn(origin, { delegate, real, force_proxy_type, call: inner }) {
        ensureSigned(origin);
        const delegateId = lookup(delegate);
        const realId = lookup(real);
        const def = findProxy(realId, delegateId, force_proxy_type);
        const hash = blake2_256(t.encode(RuntimeCall, inner));
        const now = blockNumber();
        try {
          editAnnouncements(delegateId, a => !bytesEqual(a.real, realId) || !bytesEqual(a.call_hash, hash) || Math.max(0, now - a.height) < def.delay);
        } catch (e) {
          if (e instanceof DispatchError) throw Proxy.error('Unannounced');
          throw e;
        }
        doProxy(def, realId, inner);
      },
    }),
    poke_deposit: call<Record<string, never>>({
      index: 10, args: {}, weight: W.pokeDeposit,
      docs: [' Poke / Adjust deposits made for proxies and announcements based on current values.'],
      fn(origin) {
        const who = ensureSigned(origin);
        let updated = false;
        const poke = (kind: 'Proxies' | 'Announcements', base: bigint, factor: bigint) => {
          const item = Proxy.storage[kind];
          const [list, old] = item.get(who) as [unknown[], bigint];
          const next = rejigDeposit(who, old, base, factor, list.length);
          if (next === null) {
            item.remove(who);
            if (old !== 0n) { updated = true; Proxy.deposit('DepositPoked', { who, kind: { type: kind }, old_deposit: old, new_deposit: 0n }); }
          } else if (next !== old) {
            item.set(who, [list, next] as any);
            updated = true;
            Proxy.deposit('DepositPoked', { who, kind: { type: kind }, old_deposit: old, new_deposit: next });
          }
        };
        poke('Proxies', PROXY_DEPOSIT_BASE, PROXY_DEPOSIT_FACTOR);
        poke('Announcements', ANNOUNCEMENT_DEPOSIT_BASE, ANNOUNCEMENT_DEPOSIT_FACTOR);
        return { paysFee: updated ? 'No' : 'Yes' };
      },
    }),
    set_real_pays_fee: call<{ delegate: t.EnumValue; pays_fee: boolean }>({
      index: 11, args: { delegate: MultiAddress, pays_fee: t.bool }, typeNames: { delegate: lookupName, pays_fee: 'bool' },
      weight: W.setRealPaysFee,
      docs: [' Set whether the real account pays transaction fees for proxy calls made by a', ' specific delegate.'],
      fn(origin, { delegate, pays_fee }) {
        const real = ensureSigned(origin);
        const delegateId = lookup(delegate);
        findProxy(real, delegateId, null);
        if (pays_fee) Proxy.storage.RealPaysFee.set(real, delegateId, []);
        else Proxy.storage.RealPaysFee.remove(real, delegateId);
        Proxy.deposit('RealPaysFeeSet', { real, delegate: delegateId, pays_fee });
      },
    }),
  },
  events: {
    ProxyExecuted: { fields: { result: DispatchResult }, typeNames: { result: 'DispatchResult' }, docs: [' A proxy was executed correctly, with the given.'] },
    PureCreated: {
      fields: { pure: AccountId32, who: AccountId32, proxy_type: ProxyType, disambiguation_index: t.u16 },
      typeNames: { pure: 'T::AccountId', who: 'T::AccountId', proxy_type: 'T::ProxyType', disambiguation_index: 'u16' },
      docs: [' A pure account has been created by new proxy with given', ' disambiguation index and proxy type.'],
    },
    PureKilled: {
      fields: { pure: AccountId32, spawner: AccountId32, proxy_type: ProxyType, disambiguation_index: t.u16 },
      typeNames: { pure: 'T::AccountId', spawner: 'T::AccountId', proxy_type: 'T::ProxyType', disambiguation_index: 'u16' },
      docs: [' A pure proxy was killed by its spawner.'],
    },
    Announced: {
      fields: { real: AccountId32, proxy: AccountId32, call_hash: H256 },
      typeNames: { real: 'T::AccountId', proxy: 'T::AccountId', call_hash: 'CallHashOf<T>' },
      docs: [' An announcement was placed to make a call in the future.'],
    },
    ProxyAdded: {
      fields: { delegator: AccountId32, delegatee: AccountId32, proxy_type: ProxyType, delay: t.u32 },
      typeNames: { delegator: 'T::AccountId', delegatee: 'T::AccountId', proxy_type: 'T::ProxyType', delay: 'BlockNumberFor<T>' },
      docs: [' A proxy was added.'],
    },
    ProxyRemoved: {
      fields: { delegator: AccountId32, delegatee: AccountId32, proxy_type: ProxyType, delay: t.u32 },
      typeNames: { delegator: 'T::AccountId', delegatee: 'T::AccountId', proxy_type: 'T::ProxyType', delay: 'BlockNumberFor<T>' },
      docs: [' A proxy was removed.'],
    },
    DepositPoked: {
      fields: { who: AccountId32, kind: DepositKind, old_deposit: t.u64, new_deposit: t.u64 },
      typeNames: { who: 'T::AccountId', kind: 'DepositKind', old_deposit: 'BalanceOf<T>', new_deposit: 'BalanceOf<T>' },
      docs: [' A deposit stored for proxies or announcements was poked / updated.'],
    },
    RealPaysFeeSet: {
      fields: { real: AccountId32, delegate: AccountId32, pays_fee: t.bool },
      typeNames: { real: 'T::AccountId', delegate: 'T::AccountId', pays_fee: 'bool' },
      docs: [' The real-pays-fee setting was updated for a proxy relationship.'],
    },
  },
  errors: {
    TooMany: ' There are too many proxies registered or too many announcements pending.',
    NotFound: ' Proxy registration not found.',
    NotProxy: ' Sender is not a proxy of the account to be proxied.',
    Unproxyable: ' A call which is incompatible with the proxy type\'s filter was attempted.',
    Duplicate: ' Account is already a proxy.',
    NoPermission: ' Call may not be made by proxy because it may escalate its privileges.',
    Unannounced: ' Announcement, if made at all, was made too recently.',
    NoSelfProxy: ' Cannot add self as proxy.',
    AnnouncementDepositInvariantViolated: ' Invariant violated: deposit recomputation returned None after updating announcements.',
    InvalidDerivedAccountId: ' Failed to derive a valid account id from the provided entropy.',
  },
  constants: {
    ProxyDepositBase: { type: t.u64, value: PROXY_DEPOSIT_BASE, docs: [' The base amount of currency needed to reserve for creating a proxy.'] },
    ProxyDepositFactor: { type: t.u64, value: PROXY_DEPOSIT_FACTOR, docs: [' The amount of currency needed per proxy added.'] },
    MaxProxies: { type: t.u32, value: MAX_PROXIES, docs: [' The maximum amount of proxies allowed for a single account.'] },
    MaxPending: { type: t.u32, value: MAX_PENDING, docs: [' The maximum amount of time-delayed announcements that are allowed to be pending.'] },
    AnnouncementDepositBase: { type: t.u64, value: ANNOUNCEMENT_DEPOSIT_BASE, docs: [' The base amount of currency needed to reserve for creating an announcement.'] },
    AnnouncementDepositFactor: { type: t.u64, value: ANNOUNCEMENT_DEPOSIT_FACTOR, docs: [' The amount of currency needed per announcement made.'] },
  },
  hooks: {
    onFinalize() { Proxy.storage.LastCallResult.clear(); },
  },
});

// ---------------------------------------------------------------------------------------------------------------
// ChargeTransactionPaymentWrapper's fee payer (runtime/src/transaction_payment_wrapper.rs).

const BATCHES = new Set(['batch', 'batch_all', 'force_batch']);

/** (real, inner call) of a `Proxy::proxy` call, or null for any other call or an unresolvable address. */
function proxyParts(c: t.EnumValue): [AccountId, t.EnumValue] | null {
  if (c.type !== 'Proxy' || (c.value as t.EnumValue).type !== 'proxy') return null;
  const args = (c.value as t.EnumValue).value;
  const real = lookupAddress(args.real);
  return real ? [real, args.call] : null;
}

/**
 * Who pays the fee of `call` signed by `signer`: for `proxy(real, inner)` where `real` opted in with
 * set_real_pays_fee, the real account — or one level further: the real of an inner `proxy` that opted in too, or
 * the common real of a batch made only of `proxy` calls (the first of which opted in). Otherwise the signer.
 */
export function transactionFeePayer(signer: AccountId, call: t.EnumValue): AccountId {
  const outer = proxyParts(call);
  if (!outer || !isRealPaysFee(outer[0], signer)) return signer;
  const [outerReal, inner] = outer;
  const nested = proxyParts(inner);
  if (nested && isRealPaysFee(nested[0], outerReal)) return nested[0];
  if (inner.type === 'Utility' && BATCHES.has((inner.value as t.EnumValue).type)) {
    const calls: t.EnumValue[] = (inner.value as t.EnumValue).value.calls;
    let common: AccountId | null = null;
    for (const c of calls) {
      const parts = proxyParts(c);
      if (!parts) { common = null; break; }
      if (common === null) {
        if (!isRealPaysFee(parts[0], outerReal)) break;
        common = parts[0];
      } else if (!bytesEqual(common, parts[0])) { common = null; break; }
    }
    if (common) return common;
  }
  return outerReal;
}
