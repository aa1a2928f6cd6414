// Everything the Python SDK 10.2 / btcli 9.21 name by string (clients.md §2.3–2.4), looked up in our metadata V15
// the way they look it up: calls by pallet + name with their index and argument names (compose_call encodes by
// name), storage items by name (unknown names raise "storage function not found"), constants, and runtime-API
// methods by name in V15 `apis` (_runtime_method_exists).
import { beforeAll, describe, expect, it } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import * as t from '../../runtime/codec/types.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';

let registry: TypeRegistry;
let v15: any;

beforeAll(() => {
  const runtime = createRuntime();
  const bytes = t.decode(t.option(t.bytes), runtime.call('Metadata_metadata_at_version', t.encode(t.u32, 15), new OverlayState(new MemoryState())));
  registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes!);
  registry.setMetadata(metadata);
  v15 = metadata.asV15;
});

const pallet = (name: string) => v15.pallets.find((p: any) => p.name.toString() === name);
function callsOf(name: string): Map<string, { index: number; args: string[] }> {
  const variants = registry.lookup.getSiType(pallet(name).calls.unwrap().type).def.asVariant.variants;
  return new Map(variants.map((v: any) => [v.name.toString(), { index: v.index.toNumber(), args: v.fields.map((f: any) => f.name.unwrap().toString()) }]));
}

// [pallet, call, index, argument names] — clients.md §2.4 (spec 343 = HEAD indices) and §2.3.
const CALLS: [string, string, number, string[]][] = [
  ['SubtensorModule', 'set_weights', 0, ['netuid', 'dests', 'weights', 'version_key']],
  ['SubtensorModule', 'add_stake', 2, ['hotkey', 'netuid', 'amount_staked']],
  ['SubtensorModule', 'remove_stake', 3, ['hotkey', 'netuid', 'amount_unstaked']],
  ['SubtensorModule', 'serve_axon', 4, ['netuid', 'version', 'ip', 'port', 'ip_type', 'protocol', 'placeholder1', 'placeholder2']],
  ['SubtensorModule', 'register', 6, ['netuid', 'block_number', 'nonce', 'work', 'hotkey', 'coldkey']],
  ['SubtensorModule', 'burned_register', 7, ['netuid', 'hotkey']],
  ['SubtensorModule', 'register_network', 59, ['hotkey']],
  ['SubtensorModule', 'root_register', 62, ['hotkey']],
  ['SubtensorModule', 'register_network_with_identity', 79, ['hotkey', 'identity']],
  ['SubtensorModule', 'move_stake', 85, ['origin_hotkey', 'destination_hotkey', 'origin_netuid', 'destination_netuid', 'alpha_amount']],
  ['SubtensorModule', 'transfer_stake', 86, ['destination_coldkey', 'hotkey', 'origin_netuid', 'destination_netuid', 'alpha_amount']],
  ['SubtensorModule', 'swap_stake', 87, ['hotkey', 'origin_netuid', 'destination_netuid', 'alpha_amount']],
  ['SubtensorModule', 'add_stake_limit', 88, ['hotkey', 'netuid', 'amount_staked', 'limit_price', 'allow_partial']],
  ['SubtensorModule', 'remove_stake_limit', 89, ['hotkey', 'netuid', 'amount_unstaked', 'limit_price', 'allow_partial']],
  ['SubtensorModule', 'start_call', 92, ['netuid']],
  ['SubtensorModule', 'commit_weights', 96, ['netuid', 'commit_hash']],
  ['SubtensorModule', 'reveal_weights', 97, ['netuid', 'uids', 'values', 'salt', 'version_key']],
  ['SubtensorModule', 'commit_timelocked_weights', 113, ['netuid', 'commit', 'reveal_round', 'commit_reveal_version']],
  ['SubtensorModule', 'commit_mechanism_weights', 115, ['netuid', 'mecid', 'commit_hash']],
  ['SubtensorModule', 'reveal_mechanism_weights', 116, ['netuid', 'mecid', 'uids', 'values', 'salt', 'version_key']],
  ['SubtensorModule', 'commit_timelocked_mechanism_weights', 118, ['netuid', 'mecid', 'commit', 'reveal_round', 'commit_reveal_version']],
  ['SubtensorModule', 'set_mechanism_weights', 119, ['netuid', 'mecid', 'dests', 'weights', 'version_key']],
  ['SubtensorModule', 'register_limit', 134, ['netuid', 'hotkey', 'limit_price']],
  ['Balances', 'transfer_allow_death', 0, ['dest', 'value']],
  ['Balances', 'transfer_keep_alive', 3, ['dest', 'value']],
  ['Balances', 'transfer_all', 4, ['dest', 'keep_alive']],
  ['Utility', 'batch', 0, ['calls']],
  ['Utility', 'batch_all', 2, ['calls']],
  ['Utility', 'force_batch', 4, ['calls']],
  ['Sudo', 'sudo', 0, ['call']],
  ['AdminUtils', 'sudo_set_weights_set_rate_limit', 7, ['netuid', 'weights_set_rate_limit']],
  ['AdminUtils', 'sudo_set_tempo', 30, ['netuid', 'tempo']],
  ['AdminUtils', 'sudo_set_commit_reveal_weights_enabled', 49, ['netuid', 'enabled']],
  ['AdminUtils', 'sudo_set_yuma3_enabled', 69, ['netuid', 'enabled']],
  ['AdminUtils', 'sudo_set_admin_freeze_window', 74, ['window']],
  ['Commitments', 'set_commitment', 0, ['netuid', 'info']],
];

// Storage read by name (SDK subtensor methods, btcli commands; clients.md §2.2–2.3).
const STORAGE: [string, string][] = [
  ['System', 'Account'], ['Swap', 'AlphaSqrtPrice'],
  ...['NetworksAdded', 'Burn', 'Uids', 'Keys', 'Tempo', 'BlocksSinceLastStep', 'IsNetworkMember', 'FirstEmissionBlockNumber',
    'NetworkRegistrationAllowed', 'TargetRegistrationsPerInterval', 'RegistrationsThisInterval', 'LastAdjustmentBlock',
    'AdjustmentInterval', 'Owner', 'TotalNetworks', 'MechanismCountCurrent', 'MechanismEmissionSplit', 'SubnetEmaTaoFlow',
    'CommitRevealWeightsEnabled', 'LastUpdate', 'WeightsSetRateLimit', 'Weights', 'Bonds', 'ChildKeys', 'OwnedHotkeys',
    'Delegates', 'IdentitiesV2', 'TotalHotkeyAlpha', 'Alpha', 'StartCallDelay', 'SubnetTAO', 'SubnetAlphaIn',
    'SubnetOwner', 'SubnetOwnerHotkey', 'SubnetIdentitiesV3'].map(n => ['SubtensorModule', n] as [string, string]),
];

const API_METHODS: [string, string[]][] = [
  ['NeuronInfoRuntimeApi', ['get_neurons', 'get_neuron', 'get_neurons_lite', 'get_neuron_lite']],
  ['SubnetInfoRuntimeApi', ['get_subnet_info_v2', 'get_subnets_info_v2', 'get_subnet_hyperparams_v2', 'get_dynamic_info',
    'get_all_dynamic_info', 'get_metagraph', 'get_selective_mechagraph', 'get_mechagraph', 'get_subnet_state',
    'get_next_epoch_start_block']],
  ['StakeInfoRuntimeApi', ['get_stake_info_for_coldkey', 'get_stake_info_for_coldkeys', 'get_stake_info_for_hotkey_coldkey_netuid', 'get_stake_fee']],
  ['DelegateInfoRuntimeApi', ['get_delegates', 'get_delegate', 'get_delegated']],
  ['SubnetRegistrationRuntimeApi', ['get_network_registration_cost']],
  ['SwapRuntimeApi', ['current_alpha_price', 'current_alpha_price_all', 'sim_swap_tao_for_alpha', 'sim_swap_alpha_for_tao']],
  ['AccountNonceApi', ['account_nonce']],
  ['TransactionPaymentApi', ['query_info', 'query_fee_details']],
  ['Metadata', ['metadata_at_version', 'metadata_versions']],
];

describe('what the SDK and btcli name, present in metadata V15', () => {
  it('calls: index and argument names', () => {
    const wrong: string[] = [];
    for (const [p, name, index, args] of CALLS) {
      const c = callsOf(p).get(name);
      if (!c) wrong.push(`${p}.${name} missing`);
      else if (c.index !== index || c.args.join(',') !== args.join(',')) wrong.push(`${p}.${name}: ${c.index}(${c.args}) ≠ ${index}(${args})`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('storage items', () => {
    const missing = STORAGE.filter(([p, item]) => !pallet(p)?.storage.unwrap().items.some((i: any) => i.name.toString() === item));
    expect(missing).toEqual([]);
  });

  it('constants: SS58Prefix 42, ExistentialDeposit 500, Aura.SlotDuration (fast runtime 250)', () => {
    const constant = (p: string, n: string) => {
      const c = pallet(p).constants.find((x: any) => x.name.toString() === n);
      return registry.createType(registry.lookup.getTypeDef(c.type).type, c.value.toU8a(true)).toString();
    };
    expect(constant('System', 'SS58Prefix')).toBe('42');
    expect(constant('Balances', 'ExistentialDeposit')).toBe('500');
    expect(constant('Aura', 'SlotDuration')).toBe('250');
  });

  it('runtime-API methods by name', () => {
    const apis = new Map<string, string[]>(v15.apis.map((a: any) => [a.name.toString(), a.methods.map((m: any) => m.name.toString())]));
    const missing = API_METHODS.flatMap(([api, methods]) => methods.filter(m => !apis.get(api)?.includes(m)).map(m => `${api}.${m}`));
    expect(missing).toEqual([]);
  });

  it('transaction extensions in subtensor\'s order (signing payload layout)', () => {
    expect(v15.extrinsic.signedExtensions.map((e: any) => e.identifier.toString())).toEqual([
      'CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce', 'CheckWeight',
      'ChargeTransactionPayment', 'SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension',
      'DrandPriority', 'CheckMetadataHash',
    ]);
  });
});
