// NeuronInfoRuntimeApi: per-uid neuron records (HEAD rpc_info/neuron_info.rs). Rank, trust and pruning score are
// no longer computed at HEAD (0, 0, u16::MAX); stake is [(owner coldkey, hotkey's alpha on the subnet)].
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import type { AccountId } from '../../../primitives.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { NeuronInfo, NeuronInfoLite } from './codecs.ts';

const ZERO_AXON = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0, protocol: 0, placeholder1: 0, placeholder2: 0 };
const ZERO_PROM = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 };

export const subnetExists = (netuid: number): boolean => N.NetworksAdded.get(netuid);

function neuronLite(netuid: number, uid: number): any | null {
  if (!subnetExists(netuid) || uid >= N.SubnetworkN.get(netuid) || !N.Keys.contains(netuid, uid)) return null;
  const hotkey: AccountId = N.Keys.get(netuid, uid);
  const coldkey = N.Owner.get(hotkey);
  const at = <T>(v: T[], d: T): T => (uid < v.length ? v[uid] : d);
  return {
    hotkey, coldkey, uid, netuid,
    active: at(N.Active.get(netuid), false),
    axon_info: N.Axons.get(netuid, hotkey) ?? ZERO_AXON,
    prometheus_info: N.Prometheus.get(netuid, hotkey) ?? ZERO_PROM,
    stake: [[coldkey, S.TotalHotkeyAlpha.get(hotkey, netuid)]],
    rank: 0,
    emission: at(N.Emission.get(netuid), 0n),
    incentive: at(N.Incentive.get(netuid), 0),
    consensus: at(N.Consensus.get(netuid), 0),
    trust: 0,
    validator_trust: at(N.ValidatorTrust.get(netuid), 0),
    dividends: at(N.Dividends.get(netuid), 0),
    last_update: at(N.LastUpdate.get(netuid), 0n),
    validator_permit: at(N.ValidatorPermit.get(netuid), false),
    pruning_score: 65535,
  };
}

function neuron(netuid: number, uid: number): any | null {
  const lite = neuronLite(netuid, uid);
  if (!lite) return null;
  return { ...lite, weights: N.Weights.get(netuid, uid), bonds: N.Bonds.get(netuid, uid) };
}

const uids = (netuid: number) => (subnetExists(netuid) ? Array.from({ length: N.SubnetworkN.get(netuid) }, (_, i) => i) : []);

export const NeuronInfoRuntimeApi = defineRuntimeApi({
  name: 'NeuronInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_neurons', inputs: [{ name: 'netuid', type: t.u16 }], output: t.vec(NeuronInfo),
      impl: (netuid: number) => uids(netuid).map(u => neuron(netuid, u)).filter(x => x !== null) },
    { name: 'get_neuron', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'uid', type: t.u16 }], output: t.option(NeuronInfo),
      impl: (netuid: number, uid: number) => neuron(netuid, uid) },
    { name: 'get_neurons_lite', inputs: [{ name: 'netuid', type: t.u16 }], output: t.vec(NeuronInfoLite),
      impl: (netuid: number) => uids(netuid).map(u => neuronLite(netuid, u)).filter(x => x !== null) },
    { name: 'get_neuron_lite', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'uid', type: t.u16 }], output: t.option(NeuronInfoLite),
      impl: (netuid: number, uid: number) => neuronLite(netuid, uid) },
  ],
});
