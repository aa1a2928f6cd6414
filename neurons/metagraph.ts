// The metagraph of a subnet as the SDK reads it: SubnetInfoRuntimeApi.get_metagraph(netuid) (one runtime call), with
// every neuron's axon from its serve_axon data. Incentive, dividends, consensus are u16 fractions; emission and
// stake in rao.
import type { ApiPromise } from '@polkadot/api';
import { intToIp } from './chain.ts';
import type { AxonInfo } from './axon/index.ts';

export interface NeuronAxon extends AxonInfo { served: boolean }

export class Metagraph {
  constructor(
    readonly netuid: number, readonly block: number, readonly hotkeys: string[], readonly coldkeys: string[],
    readonly axons: NeuronAxon[], readonly incentive: number[], readonly dividends: number[], readonly consensus: number[],
    readonly emission: bigint[], readonly stake: bigint[], readonly validatorPermit: boolean[], readonly lastUpdate: number[],
    readonly tempo: number, readonly commitRevealEnabled: boolean,
  ) {}

  get n(): number { return this.hotkeys.length; }

  static async sync(api: ApiPromise, netuid: number, at?: string): Promise<Metagraph> {
    const call = (api.call as any).subnetInfoRuntimeApi.getMetagraph;
    const res = at ? await (await api.at(at)).call.subnetInfoRuntimeApi.getMetagraph(netuid) : await call(netuid);
    if ((res as any).isNone) throw new Error(`subnet ${netuid} does not exist`);
    const m = (res as any).unwrap();
    const num = (v: any) => Number(v.toString());
    const big = (v: any) => BigInt(v.toString());
    const u16 = (v: any) => num(v) / 65535;
    const hotkeys: string[] = m.hotkeys.map((h: any) => h.toString());
    return new Metagraph(
      netuid, num(m.block), hotkeys, m.coldkeys.map((c: any) => c.toString()),
      m.axons.map((a: any, uid: number) => {
        const ip = big(a.ip), port = num(a.port);
        return { ip: intToIp(ip, num(a.ipType)), port, hotkey: hotkeys[uid], version: num(a.version), protocol: num(a.protocol), served: ip !== 0n && port !== 0 };
      }),
      m.incentives.map((x: any) => u16(x)), m.dividends.map((x: any) => u16(x)), m.consensus.map((x: any) => u16(x)),
      m.emission.map((x: any) => big(x)), m.totalStake.map((x: any) => big(x)), m.validatorPermit.map((x: any) => x.isTrue),
      m.lastUpdate.map((x: any) => num(x)), num(m.tempo), m.commitRevealWeightsEnabled.isTrue,
    );
  }

  uidOf(hotkey: string): number { return this.hotkeys.indexOf(hotkey); }

  /** The served neuron with the highest incentive (ties: lower uid), or null if none is served. */
  topMiner(): number | null {
    let best: number | null = null;
    for (let uid = 0; uid < this.n; uid++) {
      if (!this.axons[uid].served) continue;
      if (best === null || this.incentive[uid] > this.incentive[best]) best = uid;
    }
    return best;
  }
}
