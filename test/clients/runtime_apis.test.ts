// subtensor's runtime APIs as the SDK and btcli call them (state_call decoded from metadata V15; clients.md §2.2,
// §2.3, subtensor.md §7), through @polkadot/api's `api.call.*` (decorated from our V15 `apis`) and polkadot-api's
// unsafe API, on a chain with a user-made subnet, a miner and a delegated stake: every result decodes and carries
// the values storage and events imply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { WebSocket } from 'ws';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
let papi: PolkadotClient;
let netuid: number;
let freshRegistrationCost: bigint;
let stakedAlpha: bigint;
const STAKE = 100n * TAO;

const k = (uri: string) => env.key(uri);
const q = () => env.api.query.subtensorModule as any;
const call = () => env.api.call as any;
const big = (x: any): bigint => BigInt(x.toString());

beforeAll(async () => {
  env = await startEnv();
  const { api } = env;
  freshRegistrationCost = big(await call().subnetRegistrationRuntimeApi.getNetworkRegistrationCost());
  netuid = await createSubnet(env, k('//Alice'), k('//Alice_hk'));
  const reg = await env.send(api.tx.subtensorModule.burnedRegister(netuid, k('//Bob_hk').address), k('//Bob'));
  if (!reg.ok) throw new Error(`burned_register: ${reg.error}`);
  // Charlie delegates to the owner hotkey the way `btcli stake add` does by default (safe staking: add_stake_limit,
  // here with a limit price that cannot bind).
  const st = await env.send(api.tx.subtensorModule.addStakeLimit(k('//Alice_hk').address, netuid, STAKE, (1n << 64n) - 1n, false), k('//Charlie'));
  if (!st.ok) throw new Error(`add_stake: ${st.error}`);
  const added = st.events.find(e => e.name === 'subtensorModule.StakeAdded')!;
  stakedAlpha = big(added.data[3]); // (coldkey, hotkey, tao, alpha, netuid, fee)
  papi = createClient(getWsProvider(env.node.url, { websocketClass: WebSocket as any }));
}, 60_000);

afterAll(async () => {
  papi?.destroy();
  await env?.stop();
});

describe('@polkadot/api api.call (V15-decorated runtime APIs)', () => {
  it('SubnetRegistrationRuntimeApi.get_network_registration_cost: 1000 TAO on a fresh localnet', () => {
    expect(freshRegistrationCost).toBe(1000n * TAO);
  });

  it('get_dynamic_info(1) and (netuid) carry the pool reserves, owner keys and tempo from storage; None for a missing subnet', async () => {
    for (const n of [1, netuid]) {
      const info = (await call().subnetInfoRuntimeApi.getDynamicInfo(n)).unwrap();
      expect(info.netuid.toNumber()).toBe(n);
      expect(big(info.taoIn)).toBe(big(await q().subnetTAO(n)));
      expect(big(info.alphaIn)).toBe(big(await q().subnetAlphaIn(n)));
      expect(big(info.alphaOut)).toBe(big(await q().subnetAlphaOut(n)));
      expect(info.tempo.toNumber()).toBe(Number((await q().tempo(n)).toString()));
      expect(info.ownerColdkey.toString()).toBe((await q().subnetOwner(n)).toString());
      expect(info.ownerHotkey.toString()).toBe((await q().subnetOwnerHotkey(n)).toString());
    }
    const mine = (await call().subnetInfoRuntimeApi.getDynamicInfo(netuid)).unwrap();
    expect(mine.ownerHotkey.toString()).toBe(k('//Alice_hk').address);
    expect(mine.ownerColdkey.toString()).toBe(k('//Alice').address);
    expect(big(mine.networkRegisteredAt)).toBe(big(await q().networkRegisteredAt(netuid)));
    expect((await call().subnetInfoRuntimeApi.getDynamicInfo(99)).isNone).toBe(true);
  });

  it('get_all_dynamic_info lists every subnet once, in netuid order', async () => {
    const all = await call().subnetInfoRuntimeApi.getAllDynamicInfo();
    expect(all.map((o: any) => o.unwrap().netuid.toNumber())).toEqual([0, 1, netuid]);
  });

  it('get_subnet_hyperparams_v2 reflects the setup (CR off, rate limit 0, Yuma3, active after start_call)', async () => {
    const h = (await call().subnetInfoRuntimeApi.getSubnetHyperparamsV2(netuid)).unwrap();
    expect(h.tempo.toNumber()).toBe(Number((await q().tempo(netuid)).toString()));
    expect(h.commitRevealWeightsEnabled.isTrue).toBe(false);
    expect(big(h.weightsRateLimit)).toBe(0n);
    expect(h.yumaVersion.toNumber()).toBe(3);
    expect(h.subnetIsActive.isTrue).toBe(true);
    expect(big(h.minBurn)).toBe(big(await q().minBurn(netuid)));
    expect(big(h.maxBurn)).toBe(big(await q().maxBurn(netuid)));
  });

  it('get_metagraph and get_selective_mechagraph (all indexes, as the SDK sync asks) agree with Keys/Owner', async () => {
    const m = (await call().subnetInfoRuntimeApi.getMetagraph(netuid)).unwrap();
    const hotkeys = [k('//Alice_hk').address, k('//Bob_hk').address];
    expect(m.numUids.toNumber()).toBe(2);
    expect(m.hotkeys.map((h: any) => h.toString())).toEqual(hotkeys);
    expect(m.coldkeys.map((h: any) => h.toString())).toEqual([k('//Alice').address, k('//Bob').address]);
    for (const [uid, hk] of hotkeys.entries()) expect((await q().keys(netuid, uid)).toString()).toBe(hk);
    expect(big(m.alphaStake[0])).toBe(big(await q().totalHotkeyAlpha(k('//Alice_hk').address, netuid)));

    const all = Array.from({ length: 74 }, (_, i) => i);
    const sel = (await call().subnetInfoRuntimeApi.getSelectiveMechagraph(netuid, 0, all)).unwrap();
    expect(sel.netuid.toNumber()).toBe(netuid);
    expect(sel.hotkeys.unwrap().map((h: any) => h.toString())).toEqual(hotkeys);
    expect(sel.tempo.unwrap().toNumber()).toBe(m.tempo.toNumber());
    const only = (await call().subnetInfoRuntimeApi.getSelectiveMechagraph(netuid, 0, [0, 52])).unwrap();
    expect(only.hotkeys.isSome).toBe(true);
    expect(only.coldkeys.isNone).toBe(true);
  });

  it('the rest of bt.metagraph().sync(): get_subnet_state stakes and the mechanism storage it reads when declared', async () => {
    const state = (await call().subnetInfoRuntimeApi.getSubnetState(netuid)).unwrap();
    expect(state.hotkeys.map((h: any) => h.toString())).toEqual([k('//Alice_hk').address, k('//Bob_hk').address]);
    expect(big(state.alphaStake[0])).toBe(big(await q().totalHotkeyAlpha(k('//Alice_hk').address, netuid)));
    expect(Number((await q().mechanismCountCurrent(netuid)).toString())).toBe(1);
    expect((await q().mechanismEmissionSplit(netuid)).isNone).toBe(true);
  });

  it('btcli wallet balance: get_stake_info_for_coldkeys returns one (coldkey, stakes) entry per coldkey asked', async () => {
    const res = await call().stakeInfoRuntimeApi.getStakeInfoForColdkeys([k('//Charlie').address, k('//Ferdie').address]);
    const byColdkey = new Map<string, any[]>(res.map(([ck, infos]: any) => [ck.toString(), infos.toArray()]));
    expect(byColdkey.get(k('//Charlie').address)!.map((i: any) => big(i.stake))).toContain(stakedAlpha);
    expect(byColdkey.get(k('//Ferdie').address) ?? []).toEqual([]);
  });

  it('NeuronInfoRuntimeApi: get_neurons_lite / get_neuron decode with uid, keys and the delegated stake', async () => {
    const lite = await call().neuronInfoRuntimeApi.getNeuronsLite(netuid);
    expect(lite.length).toBe(2);
    const [owner, miner] = lite;
    expect([owner.uid.toNumber(), owner.netuid.toNumber(), owner.hotkey.toString(), owner.coldkey.toString()])
      .toEqual([0, netuid, k('//Alice_hk').address, k('//Alice').address]);
    expect([miner.uid.toNumber(), miner.hotkey.toString(), miner.coldkey.toString()]).toEqual([1, k('//Bob_hk').address, k('//Bob').address]);
    const ownerStake = owner.stake.reduce((s: bigint, [, amt]: any) => s + big(amt), 0n);
    expect(ownerStake).toBe(big(await q().totalHotkeyAlpha(k('//Alice_hk').address, netuid)));
    expect(ownerStake).toBeGreaterThanOrEqual(stakedAlpha);
    const full = (await call().neuronInfoRuntimeApi.getNeuron(netuid, 1)).unwrap();
    expect(full.hotkey.toString()).toBe(k('//Bob_hk').address);
    expect(full.uid.toNumber()).toBe(1);
    expect(full.weights.length).toBe(0);
    expect((await call().neuronInfoRuntimeApi.getNeuron(netuid, 7)).isNone).toBe(true);
  });

  it('StakeInfoRuntimeApi.get_stake_info_for_coldkey: Charlie\'s stake equals the alpha StakeAdded reported', async () => {
    const infos = await call().stakeInfoRuntimeApi.getStakeInfoForColdkey(k('//Charlie').address);
    const mine = infos.filter((s: any) => s.netuid.toNumber() === netuid);
    expect(mine.length).toBe(1);
    expect(mine[0].hotkey.toString()).toBe(k('//Alice_hk').address);
    expect(mine[0].coldkey.toString()).toBe(k('//Charlie').address);
    expect(big(mine[0].stake)).toBe(stakedAlpha);
    const one = await call().stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(k('//Alice_hk').address, k('//Charlie').address, netuid);
    expect(big(one.unwrap().stake)).toBe(stakedAlpha);
    expect((await call().stakeInfoRuntimeApi.getStakeInfoForColdkey(k('//Ferdie').address)).length).toBe(0);
  });

  it('SwapRuntimeApi: current_alpha_price = SubnetTAO·1e9 / SubnetAlphaIn (root 1 TAO); current_alpha_price_all lists every subnet', async () => {
    const expected = async (n: number) => n === 0 ? TAO : (big(await q().subnetTAO(n)) * TAO) / big(await q().subnetAlphaIn(n));
    for (const n of [0, 1, netuid]) expect(big(await call().swapRuntimeApi.currentAlphaPrice(n))).toBe(await expected(n));
    const all = await call().swapRuntimeApi.currentAlphaPriceAll();
    expect(all.map((p: any) => p.netuid.toNumber())).toEqual([0, 1, netuid]);
    for (const p of all) expect(big(p.price)).toBe(await expected(p.netuid.toNumber()));
  });

  it('Swap.AlphaSqrtPrice follows the pools block by block: √(SubnetTAO/SubnetAlphaIn) as U64F64 for every dynamic subnet', async () => {
    const isqrt = (n: bigint) => { if (n < 2n) return n; let x = n, y = (x + 1n) >> 1n; while (y < x) { x = y; y = (x + n / x) >> 1n; } return x; };
    const swap = env.api.query.swap as any;
    await env.newBlocks(2); // coinbase moves the pools every block
    const hash = await env.api.rpc.chain.getBlockHash();
    const at = (await env.api.at(hash)).query as any;
    for (const n of [1, netuid]) {
      const [tao, alpha] = [big(await at.subtensorModule.subnetTAO(n)), big(await at.subtensorModule.subnetAlphaIn(n))];
      expect(big((await at.swap.alphaSqrtPrice(n)).bits)).toBe(isqrt((tao << 128n) / alpha));
    }
    const keys = (await swap.alphaSqrtPrice.keys()).map((k: any) => k.args[0].toNumber()).sort();
    expect(keys).toEqual([1, netuid]); // root is a stable pool: absent, clients price it at 1
  });

  it('DelegateInfoRuntimeApi.get_delegates: exactly the Delegates map, with its takes', async () => {
    const delegates = await call().delegateInfoRuntimeApi.getDelegates();
    const fromStorage = new Map<string, number>(
      (await q().delegates.entries()).map(([key, take]: any) => [key.args[0].toString(), Number(take.toString())]));
    // add_stake_limit onto another coldkey's hotkey makes it a delegate (HEAD maybe_become_delegate).
    expect(fromStorage.has(k('//Alice_hk').address)).toBe(true);
    expect(delegates.map((d: any) => d.delegateSs58.toString()).sort()).toEqual([...fromStorage.keys()].sort());
    const aliceHk = delegates.find((d: any) => d.delegateSs58.toString() === k('//Alice_hk').address);
    expect(aliceHk.ownerSs58.toString()).toBe(k('//Alice').address);
    for (const d of delegates) expect(d.take.toNumber()).toBe(fromStorage.get(d.delegateSs58.toString()));
  });
});

describe('polkadot-api unsafe API (V15 runtime-API codecs)', () => {
  it('SubnetInfoRuntimeApi.get_dynamic_info(1) / get_all_dynamic_info / NeuronInfoRuntimeApi.get_neurons_lite', async () => {
    const api: any = papi.getUnsafeApi();
    const info = await api.apis.SubnetInfoRuntimeApi.get_dynamic_info(1);
    expect(info.netuid).toBe(1);
    expect(info.tao_in).toBe(big(await q().subnetTAO(1)));
    const all = await api.apis.SubnetInfoRuntimeApi.get_all_dynamic_info();
    expect(all.map((o: any) => o.netuid)).toEqual([0, 1, netuid]);
    const neurons = await api.apis.NeuronInfoRuntimeApi.get_neurons_lite(netuid);
    expect(neurons.map((n: any) => n.hotkey)).toEqual([k('//Alice_hk').address, k('//Bob_hk').address]);
    const cost = await api.apis.SubnetRegistrationRuntimeApi.get_network_registration_cost();
    expect(cost).toBe(big(await call().subnetRegistrationRuntimeApi.getNetworkRegistrationCost()));
    const stake = await api.apis.StakeInfoRuntimeApi.get_stake_info_for_coldkey(k('//Charlie').address);
    expect(stake.find((s: any) => s.netuid === netuid)?.stake).toBe(stakedAlpha);
  });
});
