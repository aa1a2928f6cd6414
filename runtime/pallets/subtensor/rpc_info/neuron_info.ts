// NeuronInfoRuntimeApi: per-uid neuron records (HEAD rpc_info/neuron_info.rs). Rank, trust and pruning score are
// no longer computed at HEAD (0, 0, u16::MAX); stake is [(owner coldkey, hotkey's alpha on the subnet)].
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import type { AccountId } from '../../../primitives.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { subnetExists } from '../subnets/helpers.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { NeuronInfo, NeuronInfoLite, ZERO_AXON, ZERO_PROM } from './codecs.ts';


/** The subnet's per-uid vectors, read once per API call rather than once per neuron. */
function subnetVectors(netuid: number) {
  return {
    active: N.Active.get(netuid), emission: N.Emission.get(netuid), incentive: N.Incentive.get(netuid),
    consensus: N.Consensus.get(netuid), validatorTrust: N.ValidatorTrust.get(netuid), dividends: N.Dividends.get(netuid),
    lastUpdate: N.LastUpdate.get(netuid), validatorPermit: N.ValidatorPermit.get(netuid),
  };
}
type SubnetVectors = ReturnType<typeof subnetVectors>;

function neuronLite(netuid: number, uid: number, v: SubnetVectors = subnetVectors(netuid)): any | null {
  if (!subnetExists(netuid) || uid >= N.SubnetworkN.get(netuid) || !N.Keys.contains(netuid, uid)) return null;
  const hotkey: AccountId = N.Keys.get(netuid, uid);
  const coldkey = N.Owner.get(hotkey);
  const at = <T>(vec: T[], d: T): T => (uid < vec.length ? vec[uid] : d);
  return {
    hotkey, coldkey, uid, netuid,
    active: at(v.active, false),
    axon_info: N.Axons.get(netuid, hotkey) ?? ZERO_AXON,
    prometheus_info: N.Prometheus.get(netuid, hotkey) ?? ZERO_PROM,
    stake: [[coldkey, S.TotalHotkeyAlpha.get(hotkey, netuid)]],
    rank: 0,
    emission: at(v.emission, 0n),
    incentive: at(v.incentive, 0),
    consensus: at(v.consensus, 0),
    trust: 0,
    validator_trust: at(v.validatorTrust, 0),
    dividends: at(v.dividends, 0),
    last_update: at(v.lastUpdate, 0n),
    validator_permit: at(v.validatorPermit, false),
    pruning_score: 65535,
  };
}

function neuron(netuid: number, uid: number, v?: SubnetVectors): any | null {
  const lite = neuronLite(netuid, uid, v);
  if (!lite) return null;
  return { ...lite, weights: N.Weights.get(netuid, uid), bonds: N.Bonds.get(netuid, uid) };
}

const uids = (netuid: number) => (subnetExists(netuid) ? Array.from({ length: N.SubnetworkN.get(netuid) }, (_, i) => i) : []);

export const NeuronInfoRuntimeApi = defineRuntimeApi({
  name: 'NeuronInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_neurons', inputs: [{ name: 'netuid', type: t.u16 }], output: t.vec(NeuronInfo),
      impl: (netuid: number) => { const v = subnetVectors(netuid); return uids(netuid).map(u => neuron(netuid, u, v)).filter(x => x !== null); } },
    { name: 'get_neuron', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'uid', type: t.u16 }], output: t.option(NeuronInfo),
      impl: (netuid: number, uid: number) => neuron(netuid, uid) },
    { name: 'get_neurons_lite', inputs: [{ name: 'netuid', type: t.u16 }], output: t.vec(NeuronInfoLite),
      impl: (netuid: number) => { const v = subnetVectors(netuid); return uids(netuid).map(u => neuronLite(netuid, u, v)).filter(x => x !== null); } },
    { name: 'get_neuron_lite', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'uid', type: t.u16 }], output: t.option(NeuronInfoLite),
      impl: (netuid: number, uid: number) => neuronLite(netuid, uid) },
  ],
});
