// subtensor's custom RPC namespaces (pallets/subtensor/rpc): thin wrappers over the matching runtime API methods,
// returning the SCALE result as a Vec<u8> (a JSON array of byte values), each with an optional block hash `at`.
import { Writer } from '../../runtime/codec/scale.ts';
import { type RpcContext, accountArg, guarded, optHashArg, u32Arg } from './context.ts';
import { invalidParams } from './server.ts';

type ArgKind = 'u16' | 'u8' | 'account' | 'vecU16';

// [rpc name, runtime API method, argument kinds]
const METHODS: [string, string, ArgKind[]][] = [
  ['delegateInfo_getDelegates', 'DelegateInfoRuntimeApi_get_delegates', []],
  ['delegateInfo_getDelegate', 'DelegateInfoRuntimeApi_get_delegate', ['account']],
  ['delegateInfo_getDelegated', 'DelegateInfoRuntimeApi_get_delegated', ['account']],
  ['neuronInfo_getNeuronsLite', 'NeuronInfoRuntimeApi_get_neurons_lite', ['u16']],
  ['neuronInfo_getNeuronLite', 'NeuronInfoRuntimeApi_get_neuron_lite', ['u16', 'u16']],
  ['neuronInfo_getNeurons', 'NeuronInfoRuntimeApi_get_neurons', ['u16']],
  ['neuronInfo_getNeuron', 'NeuronInfoRuntimeApi_get_neuron', ['u16', 'u16']],
  ['subnetInfo_getSubnetInfo', 'SubnetInfoRuntimeApi_get_subnet_info', ['u16']],
  ['subnetInfo_getSubnetsInfo', 'SubnetInfoRuntimeApi_get_subnets_info', []],
  ['subnetInfo_getSubnetInfo_v2', 'SubnetInfoRuntimeApi_get_subnet_info_v2', ['u16']],
  ['subnetInfo_getSubnetsInfo_v2', 'SubnetInfoRuntimeApi_get_subnets_info_v2', []],
  ['subnetInfo_getSubnetHyperparams', 'SubnetInfoRuntimeApi_get_subnet_hyperparams', ['u16']],
  ['subnetInfo_getSubnetHyperparamsV2', 'SubnetInfoRuntimeApi_get_subnet_hyperparams_v2', ['u16']],
  ['subnetInfo_getAllDynamicInfo', 'SubnetInfoRuntimeApi_get_all_dynamic_info', []],
  ['subnetInfo_getDynamicInfo', 'SubnetInfoRuntimeApi_get_dynamic_info', ['u16']],
  ['subnetInfo_getAllMetagraphs', 'SubnetInfoRuntimeApi_get_all_metagraphs', []],
  ['subnetInfo_getMetagraph', 'SubnetInfoRuntimeApi_get_metagraph', ['u16']],
  ['subnetInfo_getAllMechagraphs', 'SubnetInfoRuntimeApi_get_all_mechagraphs', []],
  ['subnetInfo_getMechagraph', 'SubnetInfoRuntimeApi_get_mechagraph', ['u16', 'u8']],
  ['subnetInfo_getSubnetState', 'SubnetInfoRuntimeApi_get_subnet_state', ['u16']],
  ['subnetInfo_getLockCost', 'SubnetRegistrationRuntimeApi_get_network_registration_cost', []],
  ['subnetInfo_getSelectiveMetagraph', 'SubnetInfoRuntimeApi_get_selective_metagraph', ['u16', 'vecU16']],
  ['subnetInfo_getSelectiveMechagraph', 'SubnetInfoRuntimeApi_get_selective_mechagraph', ['u16', 'u8', 'vecU16']],
  ['subnetInfo_getColdkeyAutoStakeHotkey', 'SubnetInfoRuntimeApi_get_coldkey_auto_stake_hotkey', ['account', 'u16']],
  ['subnetInfo_getSubnetToPrune', 'SubnetInfoRuntimeApi_get_subnet_to_prune', []],
  ['subnetInfo_getSubnetAccountId', 'SubnetInfoRuntimeApi_get_subnet_account_id', ['u16']],
];

function encodeArgs(kinds: ArgKind[], params: unknown[]): Uint8Array {
  const w = new Writer();
  kinds.forEach((k, i) => {
    const v = params[i];
    switch (k) {
      case 'u16': { const n = u32Arg(v, `argument ${i}`); if (n > 0xffff) throw invalidParams(`argument ${i} exceeds u16`); w.u16(n); break; }
      case 'u8': { const n = u32Arg(v, `argument ${i}`); if (n > 0xff) throw invalidParams(`argument ${i} exceeds u8`); w.u8(n); break; }
      case 'account': w.raw(accountArg(v, `argument ${i}`)); break;
      case 'vecU16': {
        if (!Array.isArray(v)) throw invalidParams(`argument ${i} must be an array of u16`);
        w.compact(v.length);
        for (const x of v) { const n = u32Arg(x, `argument ${i}`); if (n > 0xffff) throw invalidParams(`argument ${i} exceeds u16`); w.u16(n); }
        break;
      }
    }
  });
  return w.finish();
}

export function registerSubtensor(ctx: RpcContext): void {
  for (const [name, api, kinds] of METHODS) {
    ctx.registry.method(name, params => {
      const args = encodeArgs(kinds, params);
      const at = optHashArg(params[kinds.length]);
      const out = guarded(() => ctx.chain.call(api, args, at));
      // getLockCost returns the balance itself (a number), the others the SCALE bytes.
      if (name === 'subnetInfo_getLockCost' && out.length === 8) return Number(new DataView(out.buffer, out.byteOffset, 8).getBigUint64(0, true));
      return Array.from(out);
    });
  }
}
