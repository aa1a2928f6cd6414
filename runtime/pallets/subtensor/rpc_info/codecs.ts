// SCALE shapes of subtensor's runtime-API return types, with the exact type paths, field names, field order and
// Rust type names of the V15 `apis` section clients decode with (spec-343 metadata blob; HEAD where it changed).
import * as t from '../../../codec/types.ts';
import { AccountId32, I32F32, I96F32, U64F64 } from '../../../primitives.ts';
import { AxonInfo, PrometheusInfo, ChainIdentityV2, SubnetIdentityV3 } from '../subnets/storage.ts';

type F = [name: string, codec: t.Codec<any>, typeName: string];
/** A struct from [field, codec, Rust type name] triples, in SCALE order. */
export function shape(path: string[], fields: F[], params?: t.TypeParam[]): t.Codec<any> {
  return t.struct(path, Object.fromEntries(fields.map(([n, c]) => [n, c])),
    { typeNames: Object.fromEntries(fields.map(([n, , tn]) => [n, tn])), params });
}

export const C16 = t.compact(t.u16);
export const C64 = t.compact(t.u64);
export const C128 = t.compact(t.u128);
export const C8 = t.compact(t.u8);
const ACC = 'AccountId';
const accParam = [{ name: 'AccountId', type: AccountId32 }];
const rpc = (mod: string, name: string) => ['pallet_subtensor', 'rpc_info', mod, name];
const opt = t.option;

export { AxonInfo, PrometheusInfo, ChainIdentityV2, SubnetIdentityV3 };
/** What the info APIs report for a hotkey that never served an axon / prometheus endpoint (HEAD's defaults). */
export const ZERO_AXON = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0, protocol: 0, placeholder1: 0, placeholder2: 0 };
export const ZERO_PROM = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 };

const neuronHead: F[] = [
  ['hotkey', AccountId32, ACC], ['coldkey', AccountId32, ACC], ['uid', C16, 'Compact<u16>'], ['netuid', C16, 'Compact<NetUid>'],
  ['active', t.bool, 'bool'], ['axon_info', AxonInfo, 'AxonInfo'], ['prometheus_info', PrometheusInfo, 'PrometheusInfo'],
  ['stake', t.vec(t.tuple(AccountId32, C64)), 'Vec<(AccountId, Compact<AlphaBalance>)>'],
  ['rank', C16, 'Compact<u16>'], ['emission', C64, 'Compact<AlphaBalance>'], ['incentive', C16, 'Compact<u16>'],
  ['consensus', C16, 'Compact<u16>'], ['trust', C16, 'Compact<u16>'], ['validator_trust', C16, 'Compact<u16>'],
  ['dividends', C16, 'Compact<u16>'], ['last_update', C64, 'Compact<u64>'], ['validator_permit', t.bool, 'bool'],
];
const sparse = t.vec(t.tuple(C16, C16));
export const NeuronInfo = shape(rpc('neuron_info', 'NeuronInfo'), [...neuronHead,
  ['weights', sparse, 'Vec<(Compact<u16>, Compact<u16>)>'], ['bonds', sparse, 'Vec<(Compact<u16>, Compact<u16>)>'],
  ['pruning_score', C16, 'Compact<u16>']], accParam);
export const NeuronInfoLite = shape(rpc('neuron_info', 'NeuronInfoLite'), [...neuronHead,
  ['pruning_score', C16, 'Compact<u16>']], accParam);

const subnetInfoFields = (emissionName: string): F[] => [
  ['netuid', C16, 'Compact<NetUid>'], ['rho', C16, 'Compact<u16>'], ['kappa', C16, 'Compact<u16>'], ['difficulty', C64, 'Compact<u64>'],
  ['immunity_period', C16, 'Compact<u16>'], ['max_allowed_validators', C16, 'Compact<u16>'], ['min_allowed_weights', C16, 'Compact<u16>'],
  ['max_weights_limit', C16, 'Compact<u16>'], ['scaling_law_power', C16, 'Compact<u16>'], ['subnetwork_n', C16, 'Compact<u16>'],
  ['max_allowed_uids', C16, 'Compact<u16>'], ['blocks_since_last_step', C64, 'Compact<u64>'], ['tempo', C16, 'Compact<u16>'],
  ['network_modality', C16, 'Compact<u16>'], ['network_connect', t.vec(t.array(t.u16, 2)), 'Vec<[u16; 2]>'],
  [emissionName, C64, 'Compact<u64>'], ['burn', C64, 'Compact<TaoBalance>'], ['owner', AccountId32, ACC],
];
export const SubnetInfo = shape(rpc('subnet_info', 'SubnetInfo'), subnetInfoFields('emission_values'), accParam);
export const SubnetInfov2 = shape(rpc('subnet_info', 'SubnetInfov2'), [...subnetInfoFields('emission_value'),
  ['identity', opt(SubnetIdentityV3), 'Option<SubnetIdentityV3>']], accParam);

const hyperFields: F[] = [
  ['rho', C16, 'Compact<u16>'], ['kappa', C16, 'Compact<u16>'], ['immunity_period', C16, 'Compact<u16>'],
  ['min_allowed_weights', C16, 'Compact<u16>'], ['max_weights_limit', C16, 'Compact<u16>'], ['tempo', C16, 'Compact<u16>'],
  ['min_difficulty', C64, 'Compact<u64>'], ['max_difficulty', C64, 'Compact<u64>'], ['weights_version', C64, 'Compact<u64>'],
  ['weights_rate_limit', C64, 'Compact<u64>'], ['adjustment_interval', C16, 'Compact<u16>'], ['activity_cutoff', C16, 'Compact<u16>'],
  ['registration_allowed', t.bool, 'bool'], ['target_regs_per_interval', C16, 'Compact<u16>'], ['min_burn', C64, 'Compact<TaoBalance>'],
  ['max_burn', C64, 'Compact<TaoBalance>'], ['bonds_moving_avg', C64, 'Compact<u64>'], ['max_regs_per_block', C16, 'Compact<u16>'],
  ['serving_rate_limit', C64, 'Compact<u64>'], ['max_validators', C16, 'Compact<u16>'], ['adjustment_alpha', C64, 'Compact<u64>'],
  ['difficulty', C64, 'Compact<u64>'], ['commit_reveal_period', C64, 'Compact<u64>'], ['commit_reveal_weights_enabled', t.bool, 'bool'],
  ['alpha_high', C16, 'Compact<u16>'], ['alpha_low', C16, 'Compact<u16>'], ['liquid_alpha_enabled', t.bool, 'bool'],
];
export const SubnetHyperparams = shape(rpc('subnet_info', 'SubnetHyperparams'), hyperFields);
export const SubnetHyperparamsV2 = shape(rpc('subnet_info', 'SubnetHyperparamsV2'), [...hyperFields,
  ['alpha_sigmoid_steepness', I32F32, 'I32F32'], ['yuma_version', C16, 'Compact<u16>'], ['subnet_is_active', t.bool, 'bool'],
  ['transfers_enabled', t.bool, 'bool'], ['bonds_reset_enabled', t.bool, 'bool'], ['user_liquidity_enabled', t.bool, 'bool']]);

/** HEAD's SubnetHyperparamsV3 (api_version 2): a list of (name, tagged value) entries. */
export const HyperparamValue = t.enumOf(rpc('subnet_info', 'HyperparamValue'), {
  Bool: { fields: t.bool, typeNames: ['bool'] }, U16: { fields: C16, typeNames: ['Compact<u16>'] },
  U32: { fields: t.compact(t.u32), typeNames: ['Compact<u32>'] }, U64: { fields: C64, typeNames: ['Compact<u64>'] },
  U128: { fields: C128, typeNames: ['Compact<u128>'] }, TaoBalance: { fields: C64, typeNames: ['Compact<TaoBalance>'] },
  I32F32: { fields: I32F32, typeNames: ['I32F32'] }, U64F64: { fields: U64F64, typeNames: ['U64F64'] },
}, { docs: [' Tagged value for a single hyperparameter in [`SubnetHyperparamsV3`].'] });
export const HyperparamEntry = shape(rpc('subnet_info', 'HyperparamEntry'), [['name', t.bytes, 'Vec<u8>'], ['value', HyperparamValue, 'HyperparamValue']]);
export const SubnetHyperparamsV3 = t.vec(HyperparamEntry);

const NAME = t.vec(C8);
export const DynamicInfo = shape(rpc('dynamic_info', 'DynamicInfo'), [
  ['netuid', C16, 'Compact<NetUid>'], ['owner_hotkey', AccountId32, ACC], ['owner_coldkey', AccountId32, ACC],
  ['subnet_name', NAME, 'Vec<Compact<u8>>'], ['token_symbol', NAME, 'Vec<Compact<u8>>'], ['tempo', C16, 'Compact<u16>'],
  ['last_step', C64, 'Compact<u64>'], ['blocks_since_last_step', C64, 'Compact<u64>'], ['emission', C64, 'Compact<u64>'],
  ['alpha_in', C64, 'Compact<AlphaBalance>'], ['alpha_out', C64, 'Compact<AlphaBalance>'], ['tao_in', C64, 'Compact<TaoBalance>'],
  ['alpha_out_emission', C64, 'Compact<AlphaBalance>'], ['alpha_in_emission', C64, 'Compact<AlphaBalance>'],
  ['tao_in_emission', C64, 'Compact<TaoBalance>'], ['pending_alpha_emission', C64, 'Compact<AlphaBalance>'],
  ['pending_root_emission', C64, 'Compact<TaoBalance>'], ['subnet_volume', C128, 'Compact<u128>'],
  ['network_registered_at', C64, 'Compact<u64>'], ['subnet_identity', opt(SubnetIdentityV3), 'Option<SubnetIdentityV3>'],
  ['moving_price', I96F32, 'I96F32'],
], accParam);

/** Metagraph fields in order; SelectiveMetagraph wraps each in Option and appends validators and commitments. */
export const METAGRAPH_FIELDS: F[] = [
  ['netuid', C16, 'Compact<NetUid>'], ['name', NAME, 'Vec<Compact<u8>>'], ['symbol', NAME, 'Vec<Compact<u8>>'],
  ['identity', opt(SubnetIdentityV3), 'Option<SubnetIdentityV3>'], ['network_registered_at', C64, 'Compact<u64>'],
  ['owner_hotkey', AccountId32, ACC], ['owner_coldkey', AccountId32, ACC], ['block', C64, 'Compact<u64>'],
  ['tempo', C16, 'Compact<u16>'], ['last_step', C64, 'Compact<u64>'], ['blocks_since_last_step', C64, 'Compact<u64>'],
  ['subnet_emission', C64, 'Compact<u64>'], ['alpha_in', C64, 'Compact<AlphaBalance>'], ['alpha_out', C64, 'Compact<AlphaBalance>'],
  ['tao_in', C64, 'Compact<TaoBalance>'], ['alpha_out_emission', C64, 'Compact<AlphaBalance>'], ['alpha_in_emission', C64, 'Compact<AlphaBalance>'],
  ['tao_in_emission', C64, 'Compact<TaoBalance>'], ['pending_alpha_emission', C64, 'Compact<AlphaBalance>'],
  ['pending_root_emission', C64, 'Compact<TaoBalance>'], ['subnet_volume', C128, 'Compact<u128>'], ['moving_price', I96F32, 'I96F32'],
  ['rho', C16, 'Compact<u16>'], ['kappa', C16, 'Compact<u16>'], ['min_allowed_weights', C16, 'Compact<u16>'],
  ['max_weights_limit', C16, 'Compact<u16>'], ['weights_version', C64, 'Compact<u64>'], ['weights_rate_limit', C64, 'Compact<u64>'],
  ['activity_cutoff', C16, 'Compact<u16>'], ['max_validators', C16, 'Compact<u16>'], ['num_uids', C16, 'Compact<u16>'],
  ['max_uids', C16, 'Compact<u16>'], ['burn', C64, 'Compact<TaoBalance>'], ['difficulty', C64, 'Compact<u64>'],
  ['registration_allowed', t.bool, 'bool'], ['pow_registration_allowed', t.bool, 'bool'], ['immunity_period', C16, 'Compact<u16>'],
  ['min_difficulty', C64, 'Compact<u64>'], ['max_difficulty', C64, 'Compact<u64>'], ['min_burn', C64, 'Compact<TaoBalance>'],
  ['max_burn', C64, 'Compact<TaoBalance>'], ['adjustment_alpha', C64, 'Compact<u64>'], ['adjustment_interval', C16, 'Compact<u16>'],
  ['target_regs_per_interval', C16, 'Compact<u16>'], ['max_regs_per_block', C16, 'Compact<u16>'], ['serving_rate_limit', C64, 'Compact<u64>'],
  ['commit_reveal_weights_enabled', t.bool, 'bool'], ['commit_reveal_period', C64, 'Compact<u64>'], ['liquid_alpha_enabled', t.bool, 'bool'],
  ['alpha_high', C16, 'Compact<u16>'], ['alpha_low', C16, 'Compact<u16>'], ['bonds_moving_avg', C64, 'Compact<u64>'],
  ['hotkeys', t.vec(AccountId32), 'Vec<AccountId>'], ['coldkeys', t.vec(AccountId32), 'Vec<AccountId>'],
  ['identities', t.vec(opt(ChainIdentityV2)), 'Vec<Option<ChainIdentityOfV2>>'], ['axons', t.vec(AxonInfo), 'Vec<AxonInfo>'],
  ['active', t.vec(t.bool), 'Vec<bool>'], ['validator_permit', t.vec(t.bool), 'Vec<bool>'], ['pruning_score', t.vec(C16), 'Vec<Compact<u16>>'],
  ['last_update', t.vec(C64), 'Vec<Compact<u64>>'], ['emission', t.vec(C64), 'Vec<Compact<AlphaBalance>>'],
  ['dividends', t.vec(C16), 'Vec<Compact<u16>>'], ['incentives', t.vec(C16), 'Vec<Compact<u16>>'], ['consensus', t.vec(C16), 'Vec<Compact<u16>>'],
  ['trust', t.vec(C16), 'Vec<Compact<u16>>'], ['rank', t.vec(C16), 'Vec<Compact<u16>>'], ['block_at_registration', t.vec(C64), 'Vec<Compact<u64>>'],
  ['alpha_stake', t.vec(C64), 'Vec<Compact<AlphaBalance>>'], ['tao_stake', t.vec(C64), 'Vec<Compact<TaoBalance>>'],
  ['total_stake', t.vec(C64), 'Vec<Compact<TaoBalance>>'],
  ['tao_dividends_per_hotkey', t.vec(t.tuple(AccountId32, C64)), 'Vec<(AccountId, Compact<TaoBalance>)>'],
  ['alpha_dividends_per_hotkey', t.vec(t.tuple(AccountId32, C64)), 'Vec<(AccountId, Compact<AlphaBalance>)>'],
];
export const Metagraph = shape(rpc('metagraph', 'Metagraph'), METAGRAPH_FIELDS, accParam);
export const SELECTIVE_FIELDS: F[] = [
  METAGRAPH_FIELDS[0],
  ...METAGRAPH_FIELDS.slice(1).map(([n, c, tn]): F => [n, opt(c), `Option<${tn}>`]),
  ['validators', opt(t.vec(C16)), 'Option<Vec<Compact<u16>>>'],
  ['commitments', opt(t.vec(t.tuple(AccountId32, t.vec(C8)))), 'Option<Vec<(AccountId, Vec<Compact<u8>>)>>'],
];
export const SelectiveMetagraph = shape(rpc('metagraph', 'SelectiveMetagraph'), SELECTIVE_FIELDS, accParam);

export const SubnetState = shape(rpc('show_subnet', 'SubnetState'), [
  ['netuid', C16, 'Compact<NetUid>'], ['hotkeys', t.vec(AccountId32), 'Vec<AccountId>'], ['coldkeys', t.vec(AccountId32), 'Vec<AccountId>'],
  ['active', t.vec(t.bool), 'Vec<bool>'], ['validator_permit', t.vec(t.bool), 'Vec<bool>'], ['pruning_score', t.vec(C16), 'Vec<Compact<u16>>'],
  ['last_update', t.vec(C64), 'Vec<Compact<u64>>'], ['emission', t.vec(C64), 'Vec<Compact<AlphaBalance>>'],
  ['dividends', t.vec(C16), 'Vec<Compact<u16>>'], ['incentives', t.vec(C16), 'Vec<Compact<u16>>'], ['consensus', t.vec(C16), 'Vec<Compact<u16>>'],
  ['trust', t.vec(C16), 'Vec<Compact<u16>>'], ['rank', t.vec(C16), 'Vec<Compact<u16>>'], ['block_at_registration', t.vec(C64), 'Vec<Compact<u64>>'],
  ['alpha_stake', t.vec(C64), 'Vec<Compact<AlphaBalance>>'], ['tao_stake', t.vec(C64), 'Vec<Compact<TaoBalance>>'],
  ['total_stake', t.vec(C64), 'Vec<Compact<TaoBalance>>'], ['emission_history', t.vec(t.vec(C64)), 'Vec<Vec<Compact<AlphaBalance>>>'],
], accParam);

export const StakeInfo = shape(rpc('stake_info', 'StakeInfo'), [
  ['hotkey', AccountId32, ACC], ['coldkey', AccountId32, ACC], ['netuid', C16, 'Compact<NetUid>'], ['stake', C64, 'Compact<AlphaBalance>'],
  ['locked', C64, 'Compact<u64>'], ['emission', C64, 'Compact<AlphaBalance>'], ['tao_emission', C64, 'Compact<TaoBalance>'],
  ['drain', C64, 'Compact<u64>'], ['is_registered', t.bool, 'bool'],
], accParam);
export const StakeAvailability = shape(rpc('stake_info', 'StakeAvailability'), [
  ['total', C64, 'Compact<AlphaBalance>'], ['locked', C64, 'Compact<AlphaBalance>'], ['available', C64, 'Compact<AlphaBalance>'],
]);
/** alloc::collections::BTreeMap<K, V> as scale-info describes it; the value is given as entries sorted by key. */
export const btreeMap = <K, V>(k: t.Codec<K>, v: t.Codec<V>) =>
  t.newtype(['BTreeMap'], t.vec(t.tuple<[K, V]>(k, v)), undefined, [{ name: 'K', type: k }, { name: 'V', type: v }]);

export const DelegateInfo = shape(rpc('delegate_info', 'DelegateInfo'), [
  ['delegate_ss58', AccountId32, ACC], ['take', C16, 'Compact<u16>'],
  ['nominators', t.vec(t.tuple(AccountId32, t.vec(t.tuple(C16, C64)))), 'Vec<(AccountId, Vec<(Compact<NetUid>, Compact<u64>)>)>'],
  ['owner_ss58', AccountId32, ACC], ['registrations', t.vec(C16), 'Vec<Compact<NetUid>>'],
  ['validator_permits', t.vec(C16), 'Vec<Compact<NetUid>>'], ['return_per_1000', C64, 'Compact<u64>'],
  ['total_daily_return', C64, 'Compact<u64>'],
], accParam);

export const SimSwapResult = shape(['pallet_subtensor_swap_runtime_api', 'SimSwapResult'], [
  ['tao_amount', t.u64, 'TaoBalance'], ['alpha_amount', t.u64, 'AlphaBalance'], ['tao_fee', t.u64, 'TaoBalance'], ['alpha_fee', t.u64, 'AlphaBalance'],
  ['tao_slippage', t.u64, 'TaoBalance'], ['alpha_slippage', t.u64, 'AlphaBalance'],
]);
