// The Python SDK's / btcli's connection and read path (async-substrate-interface; clients.md §2.1, §2.3), replayed
// over raw JSON-RPC against the real node: init sequence, metadata V14 + V15 (via state_call), the constants the SDK
// reads (SS58Prefix, Aura.SlotDuration for fast-blocks detection), rpc_methods-driven method choice, storage reads
// and query_map paging, head subscriptions — and btcli `subnets list`'s unguarded reads (Swap.AlphaSqrtPrice,
// MechanismCountCurrent, SubnetEmaTaoFlow) next to get_all_dynamic_info.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex, u8aConcat } from '@polkadot/util';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { RawWs } from '../node/helpers.ts';

let node: NodeHandle;
let ws: RawWs;
let v15: { registry: TypeRegistry; metadata: Metadata };
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

const storagePrefix = (pallet: string, item: string) => u8aToHex(u8aConcat(xxhashAsHex(pallet, 128), xxhashAsHex(item, 128)));
const twox64Concat = (data: Uint8Array) => u8aConcat(xxhashAsHex(data, 64), data);
const blake2128Concat = (data: Uint8Array) => u8aConcat(blake2AsHex(data, 128), data);
const u16le = (n: number) => new Uint8Array([n & 0xff, n >> 8]);
const readU64 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getBigUint64(at, true);
const readU128 = (b: Uint8Array, at: number) => readU64(b, at) | (readU64(b, at + 8) << 64n);
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n, y = (x + 1n) >> 1n;
  while (y < x) { x = y; y = (x + n / x) >> 1n; }
  return x;
}

beforeAll(async () => {
  await cryptoWaitReady();
  node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent' });
  node.newBlock(3);
  ws = await RawWs.connect(node.url);
});
afterAll(async () => { ws?.close(); await node?.stop(); });

describe('SDK connection sequence (async-substrate-interface init)', () => {
  let head: string;

  it('system_chain, chain_getHead, chain_getHeader with Aura PreRuntime + Seal digests', async () => {
    expect(await ws.call('system_chain')).toBe('Bittensor');
    head = await ws.call('chain_getHead');
    expect(head).toBe(await ws.call('chain_getBlockHash'));
    const header = await ws.call('chain_getHeader', [head]);
    expect(parseInt(header.number, 16)).toBe(3);
    // DigestItem::PreRuntime(*b"aura", slot) then Seal(*b"aura", sig): what the SDK decodes to find the author.
    expect(header.digest.logs[0].startsWith('0x06' + '61757261')).toBe(true);
    expect(header.digest.logs.at(-1).startsWith('0x05' + '61757261')).toBe(true);
  });

  it('state_getRuntimeVersion advertises node-subtensor 425 and the runtime APIs by blake2_64 id', async () => {
    const v = await ws.call('state_getRuntimeVersion', [head]);
    expect([v.specName, v.specVersion, v.transactionVersion]).toEqual(['node-subtensor', 425, 1]);
    const ids = new Map<string, number>(v.apis.map((a: [string, number]) => [a[0], a[1]]));
    for (const name of ['Metadata', 'AccountNonceApi', 'TransactionPaymentApi', 'SubnetInfoRuntimeApi', 'NeuronInfoRuntimeApi']) {
      expect(ids.has(blake2AsHex(name, 64)), name).toBe(true);
    }
    expect(ids.get(blake2AsHex('Metadata', 64))).toBe(2);
  });

  it('state_getMetadata is V14 and Metadata_metadata_at_version(15) is an Option<OpaqueMetadata> holding V15', async () => {
    const v14 = new Metadata(new TypeRegistry(), await ws.call('state_getMetadata', [head]));
    expect(v14.version).toBe(14);
    const versions = await ws.call('state_call', ['Metadata_metadata_versions', '0x', head]);
    const reg0 = new TypeRegistry();
    expect((reg0.createType('Vec<u32>', versions).toJSON() as number[])).toEqual(expect.arrayContaining([14, 15]));
    const raw = hexToU8a(await ws.call('state_call', ['Metadata_metadata_at_version', '0x0f000000', head]));
    expect(raw[0]).toBe(1); // Some
    const opaque = reg0.createType('Option<Bytes>', raw).unwrap();
    expect(u8aToHex(opaque.slice(0, 5))).toBe('0x6d6574610f'); // "meta", V15
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, opaque);
    registry.setMetadata(metadata);
    v15 = { registry, metadata };
    expect(metadata.version).toBe(15);
    // The SDK picks runtime-API methods by name from V15 `apis` (_runtime_method_exists).
    const apis = new Map(metadata.asV15.apis.map(a => [a.name.toString(), a.methods.map(m => m.name.toString())]));
    expect(apis.get('SubnetInfoRuntimeApi')).toEqual(expect.arrayContaining(
      ['get_dynamic_info', 'get_all_dynamic_info', 'get_metagraph', 'get_selective_mechagraph', 'get_subnet_hyperparams_v2', 'get_subnet_state']));
    expect(apis.get('NeuronInfoRuntimeApi')).toEqual(expect.arrayContaining(['get_neurons_lite', 'get_neuron', 'get_neurons']));
    expect(apis.get('SubnetRegistrationRuntimeApi')).toContain('get_network_registration_cost');
    expect(apis.get('SwapRuntimeApi')).toEqual(expect.arrayContaining(['current_alpha_price', 'sim_swap_tao_for_alpha']));
  });

  it('System.SS58Prefix is 42 and Aura.SlotDuration is 250 (the SDK\'s is_fast_blocks) in the V15 constants', () => {
    const constant = (pallet: string, name: string) => {
      const p = v15.metadata.asV15.pallets.find(x => x.name.toString() === pallet)!;
      const c = p.constants.find(x => x.name.toString() === name)!;
      return v15.registry.createType(v15.registry.lookup.getTypeDef(c.type).type, c.value.toU8a(true)).toString();
    };
    expect(constant('System', 'SS58Prefix')).toBe('42');
    expect(constant('Aura', 'SlotDuration')).toBe('250');
    expect(constant('Balances', 'ExistentialDeposit')).toBe('500');
  });

  // The real node lists all of these too (SDK integration data, 156 methods): state_getStorageAt is substrate's alias
  // of state_getStorage, and async-substrate-interface raises without account_nextIndex.
  it('rpc_methods lists what the SDK selects by name (state_getStorageAt, account_nextIndex, state_call, ...)', async () => {
    const { methods } = await ws.call('rpc_methods');
    for (const m of ['state_getStorageAt', 'state_getStorage', 'account_nextIndex', 'system_accountNextIndex', 'state_call',
      'chain_getHead', 'chain_getFinalisedHead', 'chain_getFinalizedHead', 'state_getKeysPaged', 'state_queryStorageAt',
      'author_submitAndWatchExtrinsic', 'author_submitExtrinsic', 'author_unwatchExtrinsic', 'author_pendingExtrinsics',
      'chain_subscribeNewHeads', 'chain_unsubscribeNewHeads', 'chain_subscribeFinalizedHeads', 'system_properties',
      'system_name', 'system_version', 'state_subscribeStorage', 'state_getKeys']) {
      expect(methods, m).toContain(m);
    }
    expect(await ws.call('account_nextIndex', [keyring.addFromUri('//Alice').address])).toBe(0);
    const props = await ws.call('system_properties');
    expect(props).toMatchObject({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' });
  });

  it('state_getStorageAt reads System.Account with u64 balances (nonce, consumers, providers, sufficients, free, ...)', async () => {
    const alice = keyring.addFromUri('//Alice');
    const key = u8aToHex(u8aConcat(storagePrefix('System', 'Account'), blake2128Concat(alice.publicKey)));
    const value = hexToU8a(await ws.call('state_getStorageAt', [key, head]));
    expect(value.length).toBe(4 * 4 + 3 * 8 + 16);
    expect(readU64(value, 16)).toBe(1_000_000_000_000_000n); // localnet genesis: 1e6 TAO
  });

  it('query_map pages System.Account with state_getKeysPaged + state_queryStorageAt', async () => {
    const prefix = storagePrefix('System', 'Account');
    const keys: string[] = [];
    let start: string | null = null;
    for (;;) {
      const page: string[] = await ws.call('state_getKeysPaged', [prefix, 3, start, head]);
      keys.push(...page);
      if (page.length < 3) break;
      start = page.at(-1)!;
    }
    expect(new Set(keys).size).toBe(keys.length);
    const [changes] = await ws.call('state_queryStorageAt', [keys, head]);
    expect(changes.block).toBe(head);
    const byKey = new Map<string, string>(changes.changes);
    for (const uri of ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']) {
      const k = u8aToHex(u8aConcat(prefix, blake2128Concat(keyring.addFromUri(uri).publicKey)));
      expect(byKey.get(k), uri).toBeTruthy();
    }
  });

  it('wait_for_block: chain_subscribeNewHeads delivers the next header, then unsubscribes', async () => {
    const sub = await ws.call('chain_subscribeNewHeads');
    const before = (await ws.call('chain_getHeader')).number;
    node.newBlock();
    const note = await ws.waitFor(m => m.params.subscription === sub && m.params.result.number !== before, 'notifications');
    expect(parseInt(note.params.result.number, 16)).toBe(parseInt(before, 16) + 1);
    expect(await ws.call('chain_unsubscribeNewHeads', [sub])).toBe(true);
  });
});

describe('btcli `subnets list` reads', () => {
  it('V15 declares Swap.AlphaSqrtPrice, MechanismCountCurrent and SubnetEmaTaoFlow as Twox64Concat/Identity NetUid maps', () => {
    const storage = (pallet: string, item: string) => {
      const p = v15.metadata.asV15.pallets.find(x => x.name.toString() === pallet)!;
      return p.storage.unwrap().items.find(x => x.name.toString() === item);
    };
    const sqrt = storage('Swap', 'AlphaSqrtPrice')!;
    expect(sqrt.type.asMap.hashers.map(h => h.toString())).toEqual(['Twox64Concat']);
    // substrate_fixed::FixedU128<U64> = U64F64 { bits: u128 }, as in the real spec-343 metadata.
    const valueType = v15.registry.lookup.getSiType(sqrt.type.asMap.value);
    expect(valueType.path.map(s => s.toString())).toEqual(['substrate_fixed', 'FixedU128']);
    expect(v15.registry.lookup.getTypeDef(sqrt.type.asMap.value).type).toContain('u128');
    expect(storage('SubtensorModule', 'MechanismCountCurrent')).toBeTruthy();
    expect(storage('SubtensorModule', 'SubnetEmaTaoFlow')).toBeTruthy();
  });

  it('AlphaSqrtPrice² equals the dynamic subnet pool price; root and unknown netuids are absent', async () => {
    const head = await ws.call('chain_getHead');
    const prefix = storagePrefix('Swap', 'AlphaSqrtPrice');
    const keys: string[] = await ws.call('state_getKeysPaged', [prefix, 129, null, head]); // btcli's page size
    const [changes] = await ws.call('state_queryStorageAt', [keys, head]);
    const prices = new Map<number, bigint>();
    for (const [k, v] of changes.changes as [string, string][]) {
      const keyBytes = hexToU8a(k);
      const netuid = keyBytes[keyBytes.length - 2] | (keyBytes[keyBytes.length - 1] << 8);
      expect(k).toBe(u8aToHex(u8aConcat(prefix, twox64Concat(u16le(netuid)))));
      prices.set(netuid, readU128(hexToU8a(v), 0));
    }
    expect([...prices.keys()]).toEqual([1]); // localnet genesis: root (stable) and subnet 1 (dynamic)
    const read = async (item: string, netuid: number) =>
      readU64(hexToU8a(await ws.call('state_getStorageAt', [u8aToHex(u8aConcat(storagePrefix('SubtensorModule', item), u16le(netuid))), head])), 0);
    const [tao, alpha] = [await read('SubnetTAO', 1), await read('SubnetAlphaIn', 1)];
    expect(prices.get(1)).toBe(isqrt((tao << 128n) / alpha));
    // btcli: price = fixed_to_float(sqrt)² → TAO per alpha.
    const sqrtF = Number(prices.get(1)!) / 2 ** 64;
    expect(sqrtF * sqrtF).toBeCloseTo(Number(tao) / Number(alpha), 9);

    for (const item of ['MechanismCountCurrent', 'SubnetEmaTaoFlow']) {
      const ks: string[] = await ws.call('state_getKeysPaged', [storagePrefix('SubtensorModule', item), 129, null, head]);
      const [res] = await ws.call('state_queryStorageAt', [ks, head]);
      expect(res.changes.length).toBe(ks.length); // empty is fine; whatever is listed must be readable
    }
  });

  it('get_all_dynamic_info through state_call decodes as Vec<Option<DynamicInfo>> with the pool reserves', async () => {
    const head = await ws.call('chain_getHead');
    const api = v15.metadata.asV15.apis.find(a => a.name.toString() === 'SubnetInfoRuntimeApi')!;
    const method = api.methods.find(m => m.name.toString() === 'get_all_dynamic_info')!;
    const out = await ws.call('state_call', ['SubnetInfoRuntimeApi_get_all_dynamic_info', '0x', head]);
    const decoded = v15.registry.createType(v15.registry.lookup.getTypeDef(method.output).type, out) as any;
    expect(decoded.encodedLength).toBe(hexToU8a(out).length);
    const infos = decoded.toArray().map((o: any) => o.unwrap());
    expect(infos.map((i: any) => i.netuid.toNumber())).toEqual([0, 1]);
    const one = infos[1];
    const read = async (item: string) =>
      readU64(hexToU8a(await ws.call('state_getStorageAt', [u8aToHex(u8aConcat(storagePrefix('SubtensorModule', item), u16le(1))), head])), 0);
    expect(one.taoIn.toBigInt()).toBe(await read('SubnetTAO'));
    expect(one.alphaIn.toBigInt()).toBe(await read('SubnetAlphaIn'));
  });
});
