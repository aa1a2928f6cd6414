// Reads through the runtime APIs every subtensor serves (the same calls btcli and the SDK make), as plain values.
import type { ApiPromise } from '@polkadot/api';
import { ClientError as UsageError } from './connect.ts';

const big = (x: any): bigint => BigInt(x.toString());
const num = (x: any): number => Number(x.toString());
const text = (x: any): string => Buffer.from((x as any[]).map(num)).toString('utf8');
/** I96F32 / I64F64-style fixed point codec → number (display only). */
const fixed = (x: any, frac: number): number => Number(BigInt(x.bits?.toString() ?? x.toString())) / 2 ** frac;

export interface SubnetRow {
  netuid: number; name: string; symbol: string; ownerColdkey: string; ownerHotkey: string; tempo: number;
  blocksSinceLastStep: bigint; lastStep: bigint; emission: bigint; taoIn: bigint; alphaIn: bigint; alphaOut: bigint;
  taoInEmission: bigint; alphaOutEmission: bigint; alphaInEmission: bigint; pendingAlphaEmission: bigint;
  pendingRootEmission: bigint; networkRegisteredAt: bigint; movingPrice: number;
  /** τ_in / α_in as btcli shows it (1 for root and empty pools), in rao per alpha unit scaled 1e9. */
  price: number;
}

function dynamicRow(d: any): SubnetRow {
  const netuid = num(d.netuid), taoIn = big(d.taoIn), alphaIn = big(d.alphaIn);
  return {
    netuid, name: text(d.subnetName), symbol: text(d.tokenSymbol), ownerColdkey: d.ownerColdkey.toString(), ownerHotkey: d.ownerHotkey.toString(),
    tempo: num(d.tempo), blocksSinceLastStep: big(d.blocksSinceLastStep), lastStep: big(d.lastStep), emission: big(d.emission),
    taoIn, alphaIn, alphaOut: big(d.alphaOut), taoInEmission: big(d.taoInEmission), alphaOutEmission: big(d.alphaOutEmission),
    alphaInEmission: big(d.alphaInEmission), pendingAlphaEmission: big(d.pendingAlphaEmission), pendingRootEmission: big(d.pendingRootEmission),
    networkRegisteredAt: big(d.networkRegisteredAt), movingPrice: fixed(d.movingPrice, 32),
    price: netuid === 0 || alphaIn === 0n ? 1 : Number(taoIn) / Number(alphaIn),
  };
}

/** Every subnet (get_all_dynamic_info) with its neuron count (SubnetworkN). */
export async function allSubnets(api: ApiPromise): Promise<(SubnetRow & { neurons: number })[]> {
  const all = await (api.call as any).subnetInfoRuntimeApi.getAllDynamicInfo();
  const rows: SubnetRow[] = all.filter((o: any) => o.isSome).map((o: any) => dynamicRow(o.unwrap()));
  const counts = await (api.query.subtensorModule as any).subnetworkN.multi(rows.map(r => r.netuid));
  return rows.map((r, i) => ({ ...r, neurons: num(counts[i]) }));
}

/** The API decorated at a block (for history), or the API itself at the head. */
const atBlock = async (api: ApiPromise, at?: string): Promise<any> => (at ? api.at(at) : api);

export async function subnet(api: ApiPromise, netuid: number, at?: string): Promise<SubnetRow> {
  const o = await (await atBlock(api, at)).call.subnetInfoRuntimeApi.getDynamicInfo(netuid);
  if (o.isNone) throw new UsageError(`subnet ${netuid} does not exist: list subnets with \`subtensor-ts subnets list\``);
  return dynamicRow(o.unwrap());
}

export interface NeuronRow {
  uid: number; hotkey: string; coldkey: string; active: boolean; validatorPermit: boolean; stake: bigint;
  alphaStake: bigint; taoStake: bigint; totalStake: bigint;
  incentive: number; dividends: number; consensus: number; validatorTrust: number; emission: bigint;
  lastUpdate: bigint; registeredAt: bigint;
}

/** The metagraph (get_metagraph) with validator trust from get_neurons_lite (the metagraph has no such column). */
export async function metagraph(api: ApiPromise, netuid: number, at?: string): Promise<{ block: bigint; neurons: NeuronRow[] }> {
  const a = await atBlock(api, at);
  const [o, lite] = await Promise.all([a.call.subnetInfoRuntimeApi.getMetagraph(netuid), a.call.neuronInfoRuntimeApi.getNeuronsLite(netuid)]);
  if (o.isNone) throw new UsageError(`subnet ${netuid} does not exist: list subnets with \`subtensor-ts subnets list\``);
  const m = o.unwrap();
  const vt = new Map<number, number>(lite.map((n: any) => [num(n.uid), num(n.validatorTrust)]));
  const neurons = m.hotkeys.map((h: any, uid: number) => ({
    uid, hotkey: h.toString(), coldkey: m.coldkeys[uid].toString(), active: m.active[uid].isTrue,
    validatorPermit: m.validatorPermit[uid].isTrue, stake: big(m.totalStake[uid]), alphaStake: big(m.alphaStake[uid]),
    taoStake: big(m.taoStake[uid]), totalStake: big(m.totalStake[uid]), incentive: num(m.incentives[uid]),
    dividends: num(m.dividends[uid]), consensus: num(m.consensus[uid]), validatorTrust: vt.get(uid) ?? 0,
    emission: big(m.emission[uid]), lastUpdate: big(m.lastUpdate[uid]), registeredAt: big(m.blockAtRegistration[uid]),
  }));
  return { block: big(m.block), neurons };
}

export async function hyperparameters(api: ApiPromise, netuid: number): Promise<Record<string, string | number | boolean>> {
  const o = await (api.call as any).subnetInfoRuntimeApi.getSubnetHyperparamsV2(netuid);
  if (o.isNone) throw new UsageError(`subnet ${netuid} does not exist: list subnets with \`subtensor-ts subnets list\``);
  const h = o.unwrap();
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of h.entries() as Iterable<[string, any]>) {
    const snake = k.replace(/[A-Z]/g, ch => '_' + ch.toLowerCase());
    if (v.isTrue !== undefined) out[snake] = v.isTrue;
    else if (snake === 'alpha_sigmoid_steepness') out[snake] = fixed(v, 32);
    else { const b = big(v); out[snake] = b > BigInt(Number.MAX_SAFE_INTEGER) ? b.toString() : Number(b); }
  }
  return out;
}

export interface StakeRow { netuid: number; hotkey: string; coldkey: string; stake: bigint; locked: bigint; emission: bigint; isRegistered: boolean }

export async function stakesOf(api: ApiPromise, coldkey: string): Promise<StakeRow[]> {
  const list = await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForColdkey(coldkey);
  return list.map((s: any) => ({
    netuid: num(s.netuid), hotkey: s.hotkey.toString(), coldkey: s.coldkey.toString(), stake: big(s.stake),
    locked: big(s.locked), emission: big(s.emission), isRegistered: s.isRegistered.isTrue,
  })).filter((s: StakeRow) => s.stake > 0n);
}

export async function freeBalance(api: ApiPromise, who: string): Promise<bigint> {
  return ((await api.query.system.account(who)) as any).data.free.toBigInt();
}

/** A subnet's pool and per-uid epoch results at a block (one point of the explorer's plots over epochs). */
export async function subnetAt(api: ApiPromise, netuid: number, at: string) {
  const [info, mg] = await Promise.all([subnet(api, netuid, at), metagraph(api, netuid, at)]);
  const n = mg.neurons;
  return {
    price: info.price, taoIn: info.taoIn, alphaIn: info.alphaIn, alphaOut: info.alphaOut,
    incentive: n.map(x => x.incentive), dividends: n.map(x => x.dividends), emission: n.map(x => x.emission),
    stake: n.map(x => x.totalStake), validatorTrust: n.map(x => x.validatorTrust),
  };
}

/** Stored weights and bonds rows of a subnet: rows[uid] = [[uid, u16], …] (uids without a row get []). */
export async function weightsAndBonds(api: ApiPromise, netuid: number): Promise<{ weights: [number, number][][]; bonds: [number, number][][] }> {
  const q = api.query.subtensorModule as any;
  const n = num(await q.subnetworkN(netuid));
  const rows = async (item: string) => {
    const out: [number, number][][] = Array.from({ length: n }, () => []);
    for (const [key, value] of await q[item].entries(netuid)) {
      const uid = num(key.args[1]);
      if (uid < n) out[uid] = value.map(([j, w]: any) => [num(j), num(w)]);
    }
    return out;
  };
  const [weights, bonds] = await Promise.all([rows('weights'), rows('bonds')]);
  return { weights, bonds };
}
