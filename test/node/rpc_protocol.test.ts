// The JSON-RPC surface on the wire: standard error codes, batches, notifications, HTTP, subscriptions that emit only
// on change, Substrate's author errors (1010 with the cause, 1012, 1013, 1014), the future → ready queue, and the
// node still serving after every kind of bad input. Manual block mode: blocks only when the test asks.
import '@polkadot/api-augment';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { NodeHandle } from '../../node/index.ts';
import { type RawWs, useNode } from './helpers.ts';

const f = useNode();
let node: NodeHandle;
let api: ApiPromise;
let ws: RawWs;
beforeAll(() => { ({ node, api, ws } = f); });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');


const signed = async (from = alice, amount = 1_000n, opts: { nonce?: number; tip?: bigint } = {}) =>
  (await api.tx.balances.transferKeepAlive(bob.address, amount).signAsync(from, { nonce: opts.nonce ?? -1, tip: opts.tip ?? 0n })).toHex();
const post = async (body: string) => {
  const r = await fetch(node.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: r.status, text: await r.text() };
};
const alive = async () => expect(await ws.call('system_chain')).toBe('Bittensor');

describe('JSON-RPC protocol', () => {
  it('answers a malformed frame with -32700 and keeps the connection', async () => {
    ws.sendRaw('{"jsonrpc":"2.0","id":1,"method":');
    const m = await ws.waitFor(x => x.error?.code === -32700);
    expect(m).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    await alive();
  });

  it('answers invalid requests with -32600', async () => {
    ws.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 77 }));
    expect((await ws.waitFor(x => x.id === 77)).error.code).toBe(-32600);
    ws.sendRaw(JSON.stringify({ jsonrpc: '1.0', id: 78, method: 'system_chain' }));
    expect((await ws.waitFor(x => x.id === 78)).error.code).toBe(-32600);
    ws.sendRaw('[]');
    expect((await ws.waitFor(x => x.error?.code === -32600 && x.id === null)).error.message).toBe('Invalid request');
    await alive();
  });

  it('answers unknown methods with -32601 and bad params with -32602', async () => {
    expect((await ws.request('nope_nothing', [])).error.code).toBe(-32601);
    expect((await ws.request('chain_getBlockHash', ['not a number'])).error.code).toBe(-32602);
    expect((await ws.request('state_getStorage', [42])).error.code).toBe(-32602);
    expect((await ws.request('state_getKeysPaged', ['0x', 5000])).error.code).toBe(-32602);
    expect((await ws.request('system_accountNextIndex', ['not-an-address'])).error.code).toBe(-32602);
    expect((await ws.request('author_submitExtrinsic', ['0xzz'])).error.code).toBe(-32602);
    await alive();
  });

  it('serves batches (skipping notifications) over ws and HTTP POST', async () => {
    ws.sendRaw(JSON.stringify([
      { jsonrpc: '2.0', id: 'a', method: 'chain_getBlockHash', params: [0] },
      { jsonrpc: '2.0', method: 'system_chain' },
      { jsonrpc: '2.0', id: 'b', method: 'nope' },
    ]));
    const batch = await ws.waitFor(x => Array.isArray(x));
    expect(batch).toHaveLength(2);
    expect(batch.find((r: any) => r.id === 'a').result).toBe(node.chain.genesisHash);
    expect(batch.find((r: any) => r.id === 'b').error.code).toBe(-32601);

    const single = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_properties', params: [] }));
    expect(JSON.parse(single.text).result).toEqual({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' });
    const named = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'chain_getBlockHash', params: { blockNumber: 0 } }));
    expect(JSON.parse(named.text).result).toBe(node.chain.genesisHash);
    expect(JSON.parse((await post('{oops')).text).error.code).toBe(-32700);
    expect((await post(JSON.stringify({ jsonrpc: '2.0', method: 'system_chain' }))).text).toBe('');
    const sub = JSON.parse((await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'chain_subscribeNewHeads' }))).text);
    expect(sub.error.code).toBe(-32601);
    // Methods other than POST/OPTIONS are refused as Substrate refuses them, except GET of the explorer (GET /).
    expect((await fetch(node.httpUrl, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(node.httpUrl + '/rpc')).status).toBe(405);
    expect((await fetch(node.httpUrl)).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('lists every method it serves, subtensor namespaces and dev_* included', async () => {
    const { methods } = await ws.call('rpc_methods');
    for (const m of ['chain_getBlockHash', 'chain_getHead', 'state_getStorageAt', 'state_call', 'account_nextIndex', 'system_accountNextIndex',
      'author_submitAndWatchExtrinsic', 'state_getKeysPaged', 'state_queryStorageAt', 'payment_queryInfo', 'chain_subscribeFinalizedHeads']) {
      expect(methods).toContain(m);
    }
    // issue 15: rpc_methods names every served method (polkadot-js decorates user-defined RPCs only when listed).
    expect(methods).toContain('dev_newBlock');
    expect(methods).toEqual([...node.registry.names()]);
  });
});

describe('subscriptions', () => {
  it('new heads: the current head first, then each block; unsubscribe ends it', async () => {
    const id = await ws.call('chain_subscribeNewHeads');
    const first = await ws.waitFor(m => m.params.subscription === id, 'notifications');
    expect(first.method).toBe('chain_newHead');
    expect(Number(first.params.result.number)).toBe(node.chain.head.number);
    await ws.call('dev_newBlock', [{ count: 1 }]);
    const next = await ws.waitFor(m => m.params.subscription === id, 'notifications');
    expect(Number(next.params.result.number)).toBe(node.chain.head.number);
    expect(await ws.call('chain_unsubscribeNewHeads', [id])).toBe(true);
    expect(await ws.call('chain_unsubscribeNewHeads', [id])).toBe(false);
  });

  it('storage: the initial value, nothing for blocks that leave the key alone, then the change', async () => {
    const key = api.query.system.account.key(charlie.address);
    const id = await ws.call('state_subscribeStorage', [[key]]);
    const initial = await ws.waitFor(m => m.params.subscription === id, 'notifications');
    expect(initial.params.result.changes).toEqual([[key, u8aToHex((await api.rpc.state.getStorage(key) as any).unwrap().toU8a(true))]]);
    await ws.call('dev_newBlock', [{ count: 2 }]);
    await ws.call('dev_newBlock', [{ transactions: [await signed(charlie, 5_000n)] }]);
    const change = await ws.waitFor(m => m.params.subscription === id, 'notifications');
    expect(change.params.result.block).toBe(node.chain.head.hash);
    const after = (await api.query.system.account(charlie.address));
    expect(change.params.result.changes[0][1]).toBe(after.toHex());
    // Exactly one notification since the initial one.
    expect(ws.notifications.filter(m => m.params.subscription === id)).toEqual([]);
    expect(await ws.call('state_unsubscribeStorage', [id])).toBe(true);
  });
});

describe('transaction pool and author errors', () => {
  it('rejects a badly signed transaction with 1010 and the cause', async () => {
    const hex = await signed();
    // Flip a byte inside the signature: after the compact length, the version byte, MultiAddress::Id (1 + 32 bytes)
    // and the MultiSignature variant byte.
    const bytes = Buffer.from(hex.slice(2), 'hex');
    const lenPrefix = [1, 2, 4][bytes[0] & 3];
    const sigOffset = lenPrefix + 1 + 1 + 32 + 1;
    bytes[sigOffset + 10] ^= 0xff;
    const r = await ws.request('author_submitExtrinsic', ['0x' + bytes.toString('hex')]);
    expect(r.error).toEqual({ code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' });
    const w = await ws.request('author_submitAndWatchExtrinsic', ['0x' + bytes.toString('hex')]);
    expect(w.error.code).toBe(1010);
    await alive();
  });

  it('reports an already-imported transaction (1013), an included one as banned (1012), a stale nonce as 1010', async () => {
    const hex = await signed(alice, 7_000n);
    const hash = await ws.call('author_submitExtrinsic', [hex]);
    expect(await ws.call('author_pendingExtrinsics')).toEqual([hex]);
    expect((await ws.request('author_submitExtrinsic', [hex])).error.code).toBe(1013);
    await ws.call('dev_newBlock');
    expect((await api.rpc.chain.getBlock()).block.extrinsics.map(x => x.hash.toHex())).toContain(hash);
    expect((await ws.request('author_submitExtrinsic', [hex])).error.code).toBe(1012);
    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const stale = await ws.request('author_submitExtrinsic', [await signed(alice, 8_000n, { nonce: nonce - 1 })]);
    expect(stale.error).toEqual({ code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' });
  });

  it('keeps a future nonce waiting, then makes it ready; account_nextIndex counts the pool', async () => {
    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const later = await signed(alice, 1_111n, { nonce: nonce + 1 });
    const laterId = await ws.call('author_submitAndWatchExtrinsic', [later]);
    expect((await ws.waitFor(m => m.params.subscription === laterId, 'notifications')).params.result).toBe('future');
    expect(node.pool.status).toEqual({ ready: 0, future: 1 });
    expect(await ws.call('account_nextIndex', [alice.address])).toBe(nonce);
    await ws.call('author_submitExtrinsic', [await signed(alice, 2_222n, { nonce })]);
    expect((await ws.waitFor(m => m.params.subscription === laterId, 'notifications')).params.result).toBe('ready');
    expect(node.pool.status).toEqual({ ready: 2, future: 0 });
    expect(await ws.call('system_accountNextIndex', [alice.address])).toBe(nonce + 2);
    await ws.call('dev_newBlock');
    const inBlock = await ws.waitFor(m => m.params.subscription === laterId, 'notifications');
    expect(inBlock.params.result).toEqual({ inBlock: node.chain.head.hash });
    const fin = await ws.waitFor(m => m.params.subscription === laterId, 'notifications');
    expect(fin.params.result).toEqual({ finalized: node.chain.head.hash });
    expect((await api.query.system.account(alice.address)).nonce.toNumber()).toBe(nonce + 2);
  });

  it('refuses a same-priority replacement with 1014 (subtensor prioritizes by dispatch class, not tip)', async () => {
    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const first = await signed(alice, 3_002n, { nonce });
    const firstId = await ws.call('author_submitAndWatchExtrinsic', [first]);
    expect((await ws.waitFor(m => m.params.subscription === firstId, 'notifications')).params.result).toBe('ready');
    const same = await ws.request('author_submitExtrinsic', [await signed(alice, 3_001n, { nonce })]);
    expect(same.error.code).toBe(1014);
    expect(same.error.message).toMatch(/^Priority is too low: \(\d+ vs \d+\)$/);
    const tipped = await ws.request('author_submitExtrinsic', [await signed(alice, 3_003n, { nonce, tip: 1_000_000n })]);
    expect(tipped.error.code).toBe(1014);
    expect(await ws.call('author_pendingExtrinsics')).toEqual([first]);
    await ws.call('dev_newBlock');
    await alive();
  });

  it('answers storage queries at older blocks and runtime calls', async () => {
    const head = node.chain.head;
    const key = api.query.system.account.key(bob.address);
    const parentHash = u8aToHex(head.header.parentHash);
    const atParent = await ws.call('state_getStorage', [key, parentHash]);
    const atHead = await ws.call('state_getStorage', [key]);
    expect(atParent).not.toBe(atHead);
    const decoded = (h: string) => api.registry.createType('AccountInfo', h).data.free.toBigInt();
    expect(decoded(atHead) - decoded(atParent)).toBe(3_002n);
    const q = await ws.call('state_queryStorageAt', [[key], parentHash]);
    expect(q).toEqual([{ block: parentHash, changes: [[key, atParent]] }]);
    const unknown = await ws.request('state_getStorage', [key, '0x' + '11'.repeat(32)]);
    expect(unknown.error.code).toBe(4003);
    const nonceOut = await ws.call('state_call', ['AccountNonceApi_account_nonce', u8aToHex(alice.publicKey)]);
    expect(api.registry.createType('u32', Buffer.from(nonceOut.slice(2), 'hex')).toNumber()).toBe((await api.query.system.account(alice.address)).nonce.toNumber());
    expect((await ws.request('state_call', ['NoSuchApi_method', '0x'])).error.code).toBe(4003);
  });

  it('serves subtensor\'s custom RPCs as the runtime API bytes (Vec<u8>)', async () => {
    // netuid 1 as u16 LE; the localnet genesis has subnets 0 and 1.
    const lite = await ws.call('neuronInfo_getNeuronsLite', [1]);
    expect(lite).toEqual([...Buffer.from((await ws.call('state_call', ['NeuronInfoRuntimeApi_get_neurons_lite', '0x0100'])).slice(2), 'hex')]);
    expect(lite.length).toBeGreaterThan(1);
    const neuron = await ws.call('neuronInfo_getNeuron', [1, 0]);
    expect(neuron).toEqual([...Buffer.from((await ws.call('state_call', ['NeuronInfoRuntimeApi_get_neuron', '0x01000000'])).slice(2), 'hex')]);
    const delegate = await ws.call('delegateInfo_getDelegate', [alice.address]);
    expect(delegate).toEqual([...Buffer.from((await ws.call('state_call', ['DelegateInfoRuntimeApi_get_delegate', u8aToHex(alice.publicKey)])).slice(2), 'hex')]);
    const cost = Buffer.from((await ws.call('state_call', ['SubnetRegistrationRuntimeApi_get_network_registration_cost', '0x'])).slice(2), 'hex');
    expect(BigInt(await ws.call('subnetInfo_getLockCost'))).toBe(cost.readBigUInt64LE(0));
    const at = await ws.call('subnetInfo_getSubnetState', [1, node.chain.genesisHash]);
    expect(at).toEqual([...Buffer.from((await ws.call('state_call', ['SubnetInfoRuntimeApi_get_subnet_state', '0x0100', node.chain.genesisHash])).slice(2), 'hex')]);
    expect((await ws.request('neuronInfo_getNeuronsLite', [70000])).error.code).toBe(-32602);
  });

  it('payment_queryInfo and payment_queryFeeDetails answer from TransactionPaymentApi', async () => {
    const hex = await signed(charlie, 9_000n);
    const info = await ws.call('payment_queryInfo', [hex]);
    const viaApi = await api.call.transactionPaymentApi.queryInfo(hexToU8a(hex), (hex.length - 2) / 2);
    expect(info.partialFee).toBe(viaApi.partialFee.toString());
    expect(info.class).toBe('normal');
    expect(BigInt(info.weight.ref_time)).toBe(viaApi.weight.refTime.toBigInt());
    const details = await ws.call('payment_queryFeeDetails', [hex]);
    const fee = details.inclusionFee;
    expect(BigInt(fee.baseFee) + BigInt(fee.lenFee) + BigInt(fee.adjustedWeightFee)).toBe(viaApi.partialFee.toBigInt());
    // The length fee is 1 rao per byte (subtensor.md §1.2).
    expect(BigInt(fee.lenFee)).toBe(BigInt((hex.length - 2) / 2));
  });
});

