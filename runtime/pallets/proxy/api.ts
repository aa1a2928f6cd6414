// ProxyFilterRuntimeApi (subtensor_custom_rpc_runtime_api): the proxy types and, per type, the calls its filter
// allows or denies — generated from the same table as the on-chain filter (proxy_type.ts), with pallet and call
// indices looked up in the composed runtime as HEAD's call_info_by_name does.
import * as t from '../../codec/types.ts';
import { defineRuntimeApi } from '../../frame/runtime_api.ts';
import { composed } from '../../frame/construct.ts';
import { PROXY_TYPES, PROXY_FILTERS, FILTER_ORDER, DEPRECATED, type ProxyTypeName } from './proxy_type.ts';

const path = (name: string) => ['subtensor_runtime_common', name];
const ProxyTypeInfo = t.struct(path('ProxyTypeInfo'), { name: t.bytes, index: t.u8, deprecated: t.bool },
  { typeNames: { name: 'Vec<u8>', index: 'u8', deprecated: 'bool' } });
const FilterMode = t.enumOf(path('FilterMode'), { AllowAll: null, DenyAll: null, Allow: null, Deny: null });
const CallCondition = t.enumOf(path('CallCondition'), {
  ParamLessThan: { fields: { param_name: t.bytes, limit: t.u128 }, typeNames: { param_name: 'Vec<u8>', limit: 'u128' } },
  NestedCallMustBe: { fields: { pallet_name: t.bytes, call_name: t.bytes }, typeNames: { pallet_name: 'Vec<u8>', call_name: 'Vec<u8>' } },
});
const CallInfo = t.struct(path('CallInfo'), {
  pallet_name: t.bytes, pallet_index: t.u8, call_name: t.option(t.bytes), call_index: t.option(t.u8), condition: t.option(CallCondition),
}, { typeNames: { pallet_name: 'Vec<u8>', pallet_index: 'u8', call_name: 'Option<Vec<u8>>', call_index: 'Option<u8>', condition: 'Option<CallCondition>' } });
const ProxyFilterInfo = t.struct(path('ProxyFilterInfo'), {
  proxy_type: t.u8, name: t.bytes, deprecated: t.bool, filter_mode: FilterMode, calls: t.vec(CallInfo), exceptions: t.vec(CallInfo),
}, { typeNames: { proxy_type: 'u8', name: 'Vec<u8>', deprecated: 'bool', filter_mode: 'FilterMode', calls: 'Vec<CallInfo>', exceptions: 'Vec<CallInfo>' } });

const utf8 = (s: string) => new TextEncoder().encode(s);

/** CallInfo of `Pallet::call` / `Pallet::*`, with an optional condition. Calls this port does not have are left out. */
function callInfo(ref: string, condition: t.EnumValue | null = null): t.ValueOf<typeof CallInfo> | null {
  const [palletName, callName] = ref.split('::');
  const pallet = composed().pallet(palletName);
  if (callName === '*') return { pallet_name: utf8(palletName), pallet_index: pallet.index, call_name: null, call_index: null, condition: null };
  const c = pallet.getCall(callName);
  if (!c) return null;
  return { pallet_name: utf8(palletName), pallet_index: pallet.index, call_name: utf8(callName), call_index: c.index, condition };
}
const infos = (refs: (t.ValueOf<typeof CallInfo> | null)[]) => refs.filter(x => x !== null);

function filterInfo(pt: ProxyTypeName): t.ValueOf<typeof ProxyFilterInfo> {
  const rule = PROXY_FILTERS[pt];
  const base = { proxy_type: PROXY_TYPES.indexOf(pt), name: utf8(pt), deprecated: DEPRECATED.has(pt), calls: [] as any[], exceptions: [] as any[] };
  switch (rule.mode) {
    case 'AllowAll': case 'DenyAll': return { ...base, filter_mode: { type: rule.mode } };
    case 'Allow': return { ...base, filter_mode: { type: 'Allow' }, calls: infos(rule.calls.map(r => callInfo(r))), exceptions: infos((rule.except ?? []).map(r => callInfo(r))) };
    case 'Deny': return { ...base, filter_mode: { type: 'Deny' }, calls: infos(rule.calls.map(r => callInfo(r))) };
    case 'AllowConditional': return { ...base, filter_mode: { type: 'Allow' }, calls: infos(rule.calls.map(r =>
      callInfo(r.call, { type: 'ParamLessThan', value: { param_name: utf8(r.param), limit: r.limit } }))) };
    case 'AllowNested': return { ...base, filter_mode: { type: 'Allow' }, calls: infos(rule.calls.map(r => {
      const [pallet, name] = r.target.split('::');
      return callInfo(r.call, { type: 'NestedCallMustBe', value: { pallet_name: utf8(pallet), call_name: utf8(name) } });
    })) };
  }
}

export const ProxyFilterRuntimeApi = defineRuntimeApi({
  name: 'ProxyFilterRuntimeApi',
  version: 1,
  methods: [
    {
      name: 'get_proxy_types', inputs: [], output: t.vec(ProxyTypeInfo),
      impl: () => PROXY_TYPES.map((pt, index) => ({ name: utf8(pt), index, deprecated: DEPRECATED.has(pt) })),
    },
    {
      name: 'get_proxy_filter', inputs: [{ name: 'proxy_type', type: t.option(t.u8) }], output: t.vec(ProxyFilterInfo),
      impl: (proxyType: number | null) => FILTER_ORDER.map(filterInfo).filter(f => proxyType === null || f.proxy_type === proxyType),
    },
  ],
});
