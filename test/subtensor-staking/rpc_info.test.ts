// subtensor runtime APIs: method names and argument names match the real V15 metadata blob, and the SCALE results
// decode with the blob's own types (what the Python SDK does) to the values in storage.
import { headSwap, headPriceRao } from '../helpers/head_swap.ts';
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { Env, TAO, acct } from './env.ts';
import { ApiRouter } from '../../runtime/frame/runtime_api.ts';
import { encode } from '../../runtime/codec/types.ts';
import * as t from '../../runtime/codec/types.ts';
import { AccountId32 } from '../../runtime/primitives.ts';
import { SimSwapResult } from '../../runtime/pallets/subtensor/rpc_info/codecs.ts';
import { subtensorRuntimeApis } from '../../runtime/pallets/subtensor/rpc_info/index.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { configureRuntime } from '../../runtime/config.ts';
import { REAL_METADATA_V15_PATH } from '../fixtures/paths.ts';

const blobHex = readFileSync(REAL_METADATA_V15_PATH, 'utf8').trim();
const registry = new TypeRegistry();
let md: Metadata;
const blobApis = new Map<string, Map<string, { inputs: string[]; output: number }>>();

beforeAll(() => {
  md = new Metadata(registry, `0x${blobHex.slice(12)}` as `0x${string}`);
  registry.setMetadata(md);
  for (const api of md.asV15.apis) {
    blobApis.set(api.name.toString(), new Map(api.methods.map(m => [m.name.toString(),
      { inputs: m.inputs.map(i => i.name.toString()), output: m.output.toNumber() }])));
  }
});

const OURS = ['DelegateInfoRuntimeApi', 'NeuronInfoRuntimeApi', 'SubnetInfoRuntimeApi', 'StakeInfoRuntimeApi',
  'SubnetRegistrationRuntimeApi', 'SwapRuntimeApi'];
/** Decodes our bytes with the blob's type of api.method's output. */
function decodeWithBlobPrefix(api: string, method: string, bytes: Uint8Array): any {
  const id = blobApis.get(api)!.get(method)!.output;
  return registry.createTypeUnsafe(registry.createLookupType(id), [bytes]).toJSON();
}

function decodeWithBlob(api: string, method: string, bytes: Uint8Array): any {
  const id = blobApis.get(api)!.get(method)!.output;
  const v = registry.createTypeUnsafe(registry.createLookupType(id), [bytes]);
  expect(v.encodedLength).toBe(bytes.length); // every byte consumed: same shape
  return v.toJSON();
}

describe('runtime API declarations', () => {
  it('every blob method of the six subtensor APIs exists here with the same argument names', () => {
    for (const name of OURS) {
      const ours = subtensorRuntimeApis.find(a => a.name === name)!;
      expect(ours, name).toBeDefined();
      for (const [m, { inputs }] of blobApis.get(name)!) {
        const mine = ours.methods.find(x => x.name === m);
        expect(mine, `${name}.${m}`).toBeDefined();
        expect(mine!.inputs.map(i => i.name)).toEqual(inputs);
      }
    }
  });
});

describe('runtime API results decode with the real types', () => {
  const owner = acct(1), ownerHot = acct(2), cold = acct(3), hot = acct(4);
  let env: Env;
  let router: ApiRouter;
  const call = (api: string, method: string, ...args: [t.Codec<any>, any][]) => {
    const input = new Uint8Array(args.flatMap(([c, v]) => [...encode(c, v)]));
    return decodeWithBlob(api, method, router.call(`${api}_${method}`, input, env.state));
  };
  // SimSwapResult at HEAD (spec 425) has tao_slippage / alpha_slippage after the spec-343 blob's four fields, so
  // sim_swap results are decoded with HEAD's shape (our codec) and checked to extend the blob's.
  const simSwap = (method: string, netuid: number, amount: bigint) => {
    const bytes = router.call(`SwapRuntimeApi_${method}`, new Uint8Array([...encode(t.u16, netuid), ...encode(t.u64, amount)]), env.state);
    expect(bytes.length).toBe(48); // six u64
    const blobPrefix = decodeWithBlobPrefix('SwapRuntimeApi', method, bytes.subarray(0, 32));
    const v = t.decode(SimSwapResult, bytes);
    expect([blobPrefix.taoAmount, blobPrefix.alphaAmount, blobPrefix.taoFee, blobPrefix.alphaFee].map(BigInt)).toEqual([v.tao_amount, v.alpha_amount, v.tao_fee, v.alpha_fee]);
    return v;
  };

  beforeAll(() => {
    router = new ApiRouter(subtensorRuntimeApis);
    env = new Env();
    env.addSubnet(1, 1, 100n * TAO, 400n * TAO);
    env.ownHotkey(owner, ownerHot);
    env.ownHotkey(cold, hot);
    env.setBlock(5);
    env.run(() => {
      N.SubnetOwner.set(1, owner);
      N.SubnetOwnerHotkey.set(1, ownerHot);
      N.Tempo.set(1, 10);
      appendNeuron(1, ownerHot, 5n);
      appendNeuron(1, hot, 5n);
      N.Incentive.set(1, [0, 65535]);
      N.Emission.set(1, [0n, 123n]);
      N.Weights.set(1, 0, [[1, 65535]]);
      S.Delegates.set(hot, 5000);
    });
    env.fund(cold, 10n * TAO);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 4n * TAO }).ok).toBe(true);
  });

  it('NeuronInfoRuntimeApi', () => {
    const lite = call('NeuronInfoRuntimeApi', 'get_neurons_lite', [t.u16, 1]);
    expect(lite.length).toBe(2);
    expect(lite[1].uid).toBe(1);
    expect(lite[1].incentive).toBe(65535);
    expect(lite[1].emission).toBe(123);
    const alpha = env.run(() => S.TotalHotkeyAlpha.get(hot, 1));
    expect(BigInt(lite[1].stake[0][1])).toBe(alpha);
    const full = call('NeuronInfoRuntimeApi', 'get_neuron', [t.u16, 1], [t.u16, 0]);
    expect(full.weights).toEqual([[1, 65535]]);
    expect(call('NeuronInfoRuntimeApi', 'get_neuron', [t.u16, 1], [t.u16, 9])).toBeNull();
  });

  it('SubnetInfoRuntimeApi', () => {
    const dyn = call('SubnetInfoRuntimeApi', 'get_dynamic_info', [t.u16, 1]);
    env.run(() => {
      expect(BigInt(dyn.taoIn)).toBe(S.SubnetTAO.get(1));
      expect(BigInt(dyn.alphaIn)).toBe(S.SubnetAlphaIn.get(1));
      expect(BigInt(dyn.alphaOut)).toBe(S.SubnetAlphaOut.get(1));
    });
    expect(dyn.tempo).toBe(10);
    expect(call('SubnetInfoRuntimeApi', 'get_all_dynamic_info').length).toBe(1);
    const hp = call('SubnetInfoRuntimeApi', 'get_subnet_hyperparams_v2', [t.u16, 1]);
    expect(hp.tempo).toBe(10);
    expect(hp.commitRevealWeightsEnabled).toBe(true);
    const info = call('SubnetInfoRuntimeApi', 'get_subnet_info_v2', [t.u16, 1]);
    expect(info.subnetworkN).toBe(2);
    const mg = call('SubnetInfoRuntimeApi', 'get_metagraph', [t.u16, 1]);
    expect(mg.numUids).toBe(2);
    expect(mg.incentives).toEqual([0, 65535]);
    const sel = call('SubnetInfoRuntimeApi', 'get_selective_metagraph', [t.u16, 1], [t.vec(t.u16), [72]]);
    expect(sel.validators).toEqual([]);
    expect(sel.tempo).toBeNull();
    // The SDK's metagraph sync: get_selective_mechagraph with every index — every Option field present and decodable.
    const all = call('SubnetInfoRuntimeApi', 'get_selective_mechagraph', [t.u16, 1], [t.u8, 0], [t.vec(t.u16), Array.from({ length: 74 }, (_, i) => i)]);
    // (identity is Some(None) here: no subnet identity, which toJSON also renders as null.)
    expect(Object.entries(all).filter(([k, v]) => v === null && k !== 'identity')).toEqual([]);
    expect(all.hotkeys.length).toBe(2);
    expect(all.tempo).toBe(10);
    expect(all.alphaDividendsPerHotkey.length).toBe(2);
    const st = call('SubnetInfoRuntimeApi', 'get_subnet_state', [t.u16, 1]);
    expect(st.hotkeys.length).toBe(2);
    expect(call('SubnetInfoRuntimeApi', 'get_subnet_info', [t.u16, 77])).toBeNull();
  });

  it('StakeInfoRuntimeApi, DelegateInfoRuntimeApi, SwapRuntimeApi, SubnetRegistrationRuntimeApi', () => {
    const buy = headSwap(100n * TAO, 400n * TAO, 4n * TAO);
    const alpha = buy.out;
    const si = call('StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [AccountId32, cold]);
    expect(si.length).toBe(1);
    expect(BigInt(si[0].stake)).toBe(alpha);
    expect(si[0].isRegistered).toBe(true);
    const one = call('StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid', [AccountId32, hot], [AccountId32, cold], [t.u16, 1]);
    expect(BigInt(one.stake)).toBe(alpha);
    const del = call('DelegateInfoRuntimeApi', 'get_delegate', [AccountId32, hot]);
    expect(del.take).toBe(5000);
    expect(del.nominators.length).toBe(1);
    expect(BigInt(del.nominators[0][1][0][1])).toBe(alpha);
    // Pool after the stake: T = 100 TAO + what reached the pool (the fee did not), A = 400 TAO − alpha.
    const T1 = 100n * TAO + buy.net, A1 = 400n * TAO - alpha;
    const price = call('SwapRuntimeApi', 'current_alpha_price', [t.u16, 1]);
    expect(BigInt(price)).toBe(headPriceRao(T1, A1));
    const sim = simSwap('sim_swap_tao_for_alpha', 1, TAO);
    const s1 = headSwap(T1, A1, TAO);
    expect(s1.fee).toBe(503_547n); // ⌊1e9 · 33/65535⌋: the SDK's test_stake_fee expects 0.000503547 TAO
    expect([sim.tao_amount, sim.alpha_amount, sim.tao_fee, sim.alpha_fee, sim.tao_slippage]).toEqual([s1.net, s1.out, s1.fee, 0n, 0n]);
    // alpha_slippage: what 1 TAO buys at the spot price (U64F64 tao / price, floored) minus what it really buys.
    expect(sim.alpha_slippage).toBe(((TAO << 64n) / ((T1 << 64n) / A1)) - s1.out);
    const sell = simSwap('sim_swap_alpha_for_tao', 1, TAO);
    const s2 = headSwap(A1, T1, TAO);
    expect([sell.tao_amount, sell.alpha_amount, sell.tao_fee, sell.alpha_fee, sell.alpha_slippage]).toEqual([s2.out, s2.net, 0n, s2.fee, 0n]);
    expect(sell.tao_slippage).toBe(((TAO * ((T1 << 64n) / A1)) >> 64n) - s2.out);
    // A subnet that does not exist (mechanism 0 by default) simulates 0 (HEAD sim_swap's stable branch).
    expect(simSwap('sim_swap_tao_for_alpha', 77, TAO).tao_amount).toBe(0n);
    // get_stake_fee: HEAD's approx_fee_amount on the destination subnet; 0 when origin equals destination.
    const OD = t.option(t.tuple(AccountId32, t.u16));
    const fee = (o: any, d: any) => BigInt(call('StakeInfoRuntimeApi', 'get_stake_fee', [OD, o], [AccountId32, cold], [OD, d], [AccountId32, cold], [t.u64, TAO]));
    expect(fee(null, [hot, 1])).toBe(503_547n);
    expect(fee([hot, 1], [hot, 1])).toBe(0n);
    expect(fee([hot, 1], [hot, 0])).toBe(0n); // root is mechanism 0: no swap fee
    expect(typeof call('SubnetRegistrationRuntimeApi', 'get_network_registration_cost')).toBe('number');
  });

  it('get_next_epoch_start_block follows the configured scheduler', () => {
    const next = () => router.call('SubnetInfoRuntimeApi_get_next_epoch_start_block', encode(t.u16, 1), env.state);
    env.run(() => { C.LastEpochBlock.set(1, 3n); C.PendingEpochAt.set(1, 0n); });
    // HEAD: LastEpochBlock + tempo = 13 (block 5, tempo 10).
    expect(decodeWithBlobLike(next())).toBe(13n);
    env.run(() => C.PendingEpochAt.set(1, 8n));
    expect(decodeWithBlobLike(next())).toBe(8n);
    configureRuntime({ epochSchedule: 'modular' });
    try {
      // Classic: block + tempo − (block + netuid + 1) mod (tempo + 1) = 5 + 10 − 7 = 8.
      expect(decodeWithBlobLike(next())).toBe(8n);
      env.run(() => C.PendingEpochAt.set(1, 0n));
      expect(decodeWithBlobLike(next())).toBe(8n);
    } finally {
      configureRuntime({ epochSchedule: 'stateful' });
    }
  });
});

/** Option<u64> (not in the spec-343 blob: HEAD-only method). */
function decodeWithBlobLike(bytes: Uint8Array): bigint | null {
  const v = registry.createType('Option<u64>', bytes);
  return v.isSome ? v.unwrap().toBigInt() : null;
}
