// subtensor's ProxyType (subtensor_runtime_common) and its call filters, as HEAD's runtime declares them with
// `define_proxy_filters!` (runtime/src/lib.rs): one table drives both InstanceFilter::filter and the
// ProxyFilterRuntimeApi answer, so the two cannot disagree.
import * as t from '../../codec/types.ts';

export const PROXY_TYPES = [
  'Any', 'Owner', 'NonCritical', 'NonTransfer', 'Senate', 'NonFungible', 'Triumvirate', 'Governance', 'Staking',
  'Registration', 'Transfer', 'SmallTransfer', 'RootWeights', 'ChildKeys', 'SudoUncheckedSetCode', 'SwapHotkey',
  'SubnetLeaseBeneficiary', 'RootClaim',
] as const;
export type ProxyTypeName = typeof PROXY_TYPES[number];

export const ProxyType = t.enumOf(['subtensor_runtime_common', 'ProxyType'], Object.fromEntries(PROXY_TYPES.map((n, i) => [n, { index: i }])));

export const proxyTypeIndex = (pt: t.EnumValue): number => PROXY_TYPES.indexOf(pt.type as ProxyTypeName);

/** ProxyType::is_deprecated. */
export const DEPRECATED = new Set<ProxyTypeName>(['Triumvirate', 'Senate', 'Governance', 'RootWeights']);

/** SMALL_TRANSFER_LIMIT (0.5 TAO) and SMALL_ALPHA_TRANSFER_LIMIT (0.5 alpha), subtensor_runtime_common. */
export const SMALL_TRANSFER_LIMIT = 500_000_000n;
export const SMALL_ALPHA_TRANSFER_LIMIT = 500_000_000n;

/** `Pallet::call`, or `Pallet::*` for every call of the pallet. */
type CallRef = string;
interface Conditional { call: CallRef; param: string; limit: bigint }
interface Nested { call: CallRef; field: string; target: CallRef }

export type FilterRule =
  | { mode: 'AllowAll' }
  | { mode: 'DenyAll' }
  | { mode: 'Allow'; calls: CallRef[]; except?: CallRef[] }
  | { mode: 'Deny'; calls: CallRef[] }
  | { mode: 'AllowConditional'; calls: Conditional[] }
  | { mode: 'AllowNested'; calls: Nested[] };

const COLDKEY_SWAP_CALLS = [
  'SubtensorModule::announce_coldkey_swap', 'SubtensorModule::swap_coldkey_announced',
  'SubtensorModule::clear_coldkey_swap_announcement', 'SubtensorModule::dispute_coldkey_swap',
];

/** HEAD's rules, in declaration order. */
export const PROXY_FILTERS: Record<ProxyTypeName, FilterRule> = {
  Any: { mode: 'AllowAll' },
  NonTransfer: { mode: 'Deny', calls: [
    'Balances::*', 'SubtensorModule::transfer_stake', 'SubtensorModule::schedule_swap_coldkey', 'SubtensorModule::swap_coldkey',
    ...COLDKEY_SWAP_CALLS,
  ] },
  NonFungible: { mode: 'Deny', calls: [
    'Balances::*', 'SubtensorModule::add_stake', 'SubtensorModule::add_stake_limit', 'SubtensorModule::remove_stake',
    'SubtensorModule::remove_stake_limit', 'SubtensorModule::remove_stake_full_limit', 'SubtensorModule::unstake_all',
    'SubtensorModule::unstake_all_alpha', 'SubtensorModule::swap_stake', 'SubtensorModule::swap_stake_limit',
    'SubtensorModule::move_stake', 'SubtensorModule::transfer_stake', 'SubtensorModule::burned_register',
    'SubtensorModule::root_register', 'SubtensorModule::schedule_swap_coldkey', 'SubtensorModule::swap_coldkey',
    ...COLDKEY_SWAP_CALLS, 'SubtensorModule::swap_hotkey', 'SubtensorModule::swap_hotkey_v2',
  ] },
  Transfer: { mode: 'Allow', calls: [
    'Balances::transfer_keep_alive', 'Balances::transfer_allow_death', 'Balances::transfer_all', 'SubtensorModule::transfer_stake',
  ] },
  SmallTransfer: { mode: 'AllowConditional', calls: [
    { call: 'Balances::transfer_keep_alive', param: 'value', limit: SMALL_TRANSFER_LIMIT },
    { call: 'Balances::transfer_allow_death', param: 'value', limit: SMALL_TRANSFER_LIMIT },
    { call: 'SubtensorModule::transfer_stake', param: 'alpha_amount', limit: SMALL_ALPHA_TRANSFER_LIMIT },
  ] },
  Owner: { mode: 'Allow', calls: ['AdminUtils::*', 'SubtensorModule::set_subnet_identity', 'SubtensorModule::update_symbol'],
    except: ['AdminUtils::sudo_set_sn_owner_hotkey', 'AdminUtils::sudo_set_subnet_owner_hotkey'] },
  NonCritical: { mode: 'Deny', calls: [
    'SubtensorModule::dissolve_network', 'SubtensorModule::root_register', 'SubtensorModule::burned_register', 'Sudo::*',
    ...COLDKEY_SWAP_CALLS,
  ] },
  Triumvirate: { mode: 'DenyAll' },
  Senate: { mode: 'DenyAll' },
  Governance: { mode: 'DenyAll' },
  Staking: { mode: 'Allow', calls: [
    'SubtensorModule::add_stake', 'SubtensorModule::remove_stake', 'SubtensorModule::unstake_all', 'SubtensorModule::unstake_all_alpha',
    'SubtensorModule::swap_stake', 'SubtensorModule::swap_stake_limit', 'SubtensorModule::move_stake', 'SubtensorModule::add_stake_limit',
    'SubtensorModule::remove_stake_limit', 'SubtensorModule::remove_stake_full_limit', 'SubtensorModule::set_root_claim_type',
  ] },
  Registration: { mode: 'Allow', calls: ['SubtensorModule::burned_register', 'SubtensorModule::register', 'SubtensorModule::register_limit'] },
  RootWeights: { mode: 'DenyAll' },
  ChildKeys: { mode: 'Allow', calls: ['SubtensorModule::set_children', 'SubtensorModule::set_childkey_take'] },
  SudoUncheckedSetCode: { mode: 'AllowNested', calls: [{ call: 'Sudo::sudo_unchecked_weight', field: 'call', target: 'System::set_code' }] },
  SwapHotkey: { mode: 'Allow', calls: ['SubtensorModule::swap_hotkey', 'SubtensorModule::swap_hotkey_v2'] },
  SubnetLeaseBeneficiary: { mode: 'Allow', calls: [
    'SubtensorModule::start_call', ...[
      'serving_rate_limit', 'min_difficulty', 'max_difficulty', 'weights_version_key', 'adjustment_alpha', 'immunity_period',
      'min_allowed_weights', 'kappa', 'rho', 'activity_cutoff', 'network_registration_allowed', 'network_pow_registration_allowed',
      'max_burn', 'bonds_moving_average', 'bonds_penalty', 'commit_reveal_weights_enabled', 'liquid_alpha_enabled', 'alpha_values',
      'commit_reveal_weights_interval', 'toggle_transfer', 'subnet_emission_enabled', 'min_childkey_take_per_subnet',
    ].map(s => `AdminUtils::sudo_set_${s}`),
  ] },
  RootClaim: { mode: 'Allow', calls: ['SubtensorModule::claim_root'] },
};

/** The order HEAD's macro emits the rules (get_proxy_filter's list order). */
export const FILTER_ORDER: ProxyTypeName[] = Object.keys(PROXY_FILTERS) as ProxyTypeName[];

const split = (ref: CallRef): [string, string] => ref.split('::') as [string, string];

function matches(ref: CallRef, call: t.EnumValue): boolean {
  const [pallet, name] = split(ref);
  return call.type === pallet && (name === '*' || (call.value as t.EnumValue).type === name);
}

const matchesAny = (refs: CallRef[], call: t.EnumValue) => refs.some(r => matches(r, call));

/** InstanceFilter::filter: may a proxy of this type dispatch `call` (a RuntimeCall value)? */
export function proxyTypeFilter(pt: ProxyTypeName, call: t.EnumValue): boolean {
  const rule = PROXY_FILTERS[pt];
  switch (rule.mode) {
    case 'AllowAll': return true;
    case 'DenyAll': return false;
    case 'Allow': return matchesAny(rule.calls, call) && !matchesAny(rule.except ?? [], call);
    case 'Deny': return !matchesAny(rule.calls, call);
    case 'AllowConditional': {
      const c = rule.calls.find(r => matches(r.call, call));
      return c !== undefined && BigInt((call.value as t.EnumValue).value[c.param]) < c.limit;
    }
    case 'AllowNested': {
      const c = rule.calls.find(r => matches(r.call, call));
      return c !== undefined && matches(c.target, (call.value as t.EnumValue).value[c.field]);
    }
  }
}

/** InstanceFilter::is_superset as HEAD's runtime defines it. */
export function isSuperset(a: ProxyTypeName, b: ProxyTypeName): boolean {
  if (a === b || a === 'Any') return true;
  if (b === 'Any') return false;
  if (a === 'NonTransfer') return b !== 'Transfer' && b !== 'SmallTransfer';
  return a === 'Transfer' && b === 'SmallTransfer';
}
