// polkadot-api 2.2.2 on the new JSON-RPC spec only: `createClient(getWsProvider(url))` with no compatibility
// enhancer. The ws provider picks the modern path from rpc_methods; the test records every method the node serves
// to that client and checks none is a legacy one. Values are checked against the legacy RPC (state_getStorage,
// chain_getFinalizedHead, system_accountNextIndex), read over a separate raw connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getWsProvider, getWsRawProvider } from 'polkadot-api/ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { WebSocket } from 'ws';
import { Keyring } from '@polkadot/keyring';
import type { NodeHandle } from '../../node/index.ts';
import { RawWs, startSpecNode, accountKey, freeOf } from './helpers.ts';

let node: NodeHandle;
let client: PolkadotClient;
let raw: RawWs;
const called = new Set<string>();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

const SPEC_PREFIXES = ['chainHead_v1_', 'chainSpec_v1_', 'transaction_v1_', 'transactionWatch_v1_', 'archive_v1_'];

beforeAll(async () => {
  node = await startSpecNode({ mode: 'instant' });
  raw = await RawWs.connect(node.url);
  // Record what clients ask for (the raw connection's legacy calls are removed from the record around each use).
  const get = node.registry.get.bind(node.registry);
  node.registry.get = (name: string) => { called.add(name); return get(name); };
  client = createClient(getWsProvider(node.url, { websocketClass: WebSocket as any }));
});

afterAll(async () => {
  client?.destroy();
  raw?.close();
  await node?.stop();
});

/** A legacy call over the raw connection, kept out of the record of what polkadot-api used. */
async function legacy(method: string, params: unknown[] = []): Promise<any> {
  const had = called.has(method);
  const out = await raw.call(method, params);
  if (!had) called.delete(method);
  return out;
}

describe('polkadot-api without the legacy layer', () => {
  it('reads System.Account as state_getStorage does, and the finalized block as chain_getFinalizedHead', async () => {
    const api: any = client.getUnsafeApi();
    const alice = keyring.addFromUri('//Alice');
    const acc = await api.query.System.Account.getValue(alice.address);
    const fin = await client.getFinalizedBlock();
    const stored = await legacy('state_getStorage', [accountKey(alice.publicKey), fin.hash]);
    expect(acc.data.free).toBe(freeOf(stored));
    expect(acc.data.free).toBe(1_000_000_000_000_000n);
    const finHash = await legacy('chain_getFinalizedHead');
    const finHeader = await legacy('chain_getHeader', [finHash]);
    expect(fin.number).toBe(Number(finHeader.number));
    expect(fin.hash).toBe(finHash);
    const spec = await client.getChainSpecData();
    expect(spec.name).toBe(await legacy('system_chain'));
    expect(spec.genesisHash).toBe(await legacy('chain_getBlockHash', [0]));
  });

  it('calls runtime APIs through `apis` (AccountNonceApi, Core.version)', async () => {
    const api: any = client.getUnsafeApi();
    const alice = keyring.addFromUri('//Alice');
    const nonce = await api.apis.AccountNonceApi.account_nonce(alice.address);
    expect(nonce).toBe(await legacy('system_accountNextIndex', [alice.address]));
    const version = await api.apis.Core.version();
    const rv = await legacy('state_getRuntimeVersion');
    expect(version.spec_version).toBe(rv.specVersion);
    expect(version.spec_name).toBe('node-subtensor');
  });

  it('signs and submits a transfer that lands; Bob gains exactly the amount', async () => {
    const api: any = client.getUnsafeApi();
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', data => alice.sign(data));
    const amount = 5_432_100n;
    const before = freeOf(await legacy('state_getStorage', [accountKey(bob.publicKey)]));
    const result = await api.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: bob.address }, value: amount }).signAndSubmit(signer);
    expect(result.ok).toBe(true);
    const block = await legacy('chain_getBlock', [result.block.hash]);
    expect(Number(block.block.header.number)).toBe(result.block.number);
    const after = freeOf(await legacy('state_getStorage', [accountKey(bob.publicKey), result.block.hash]));
    expect(after - before).toBe(amount);
    const transfer = result.events.find((e: any) => e.type === 'Balances' && e.value.type === 'Transfer');
    expect(transfer.value.value.amount).toBe(amount);
    const bobAfter = await api.query.System.Account.getValue(bob.address, { at: result.block.hash });
    expect(bobAfter.data.free).toBe(after);
  });

  it('watchEntries (closestDescendantMerkleValue + descendantsValues) reports the accounts a transfer touched', async () => {
    const api: any = client.getUnsafeApi();
    const charlie = keyring.addFromUri('//Charlie');
    const dave = keyring.addFromUri('//Dave');
    const updates: any[] = [];
    const sub = api.query.System.Account.watchEntries({ at: 'best' }).subscribe((u: any) => updates.push(u));
    try {
      for (let i = 0; i < 100 && updates.length === 0; i++) await new Promise(r => setTimeout(r, 20));
      expect(updates.length).toBeGreaterThan(0);
      const signer = getPolkadotSigner(charlie.publicKey, 'Sr25519', data => charlie.sign(data));
      const result = await api.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: dave.address }, value: 10_000n }).signAndSubmit(signer);
      expect(result.ok).toBe(true);
      let upserted: string[] = [];
      for (let i = 0; i < 200; i++) {
        const u = updates.find(x => x.block.hash === result.block.hash && x.deltas);
        if (u) { upserted = u.deltas.upserted.map((e: any) => e.args[0]); break; }
        await new Promise(r => setTimeout(r, 20));
      }
      expect(upserted).toContain(charlie.address);
      expect(upserted).toContain(dave.address);
    } finally {
      sub.unsubscribe();
    }
  });

  it('used only the new spec (plus rpc_methods for discovery)', () => {
    const legacyUsed = [...called].filter(m => m !== 'rpc_methods' && !SPEC_PREFIXES.some(p => m.startsWith(p)));
    expect(legacyUsed).toEqual([]);
    expect(called.has('chainHead_v1_follow')).toBe(true);
    expect(called.has('transaction_v1_broadcast')).toBe(true);
  });
});

describe('polkadot-api over the raw provider (no middleware at all)', () => {
  it('follows, reads storage and finalized blocks with nothing between it and the node', async () => {
    const c = createClient(getWsRawProvider(node.url, { websocketClass: WebSocket as any }));
    try {
      const api: any = c.getUnsafeApi();
      const bob = keyring.addFromUri('//Bob');
      const fin = await c.getFinalizedBlock();
      const acc = await api.query.System.Account.getValue(bob.address, { at: fin.hash });
      expect(acc.data.free).toBe(freeOf(await legacy('state_getStorage', [accountKey(bob.publicKey), fin.hash])));
      const entries = await api.query.System.Account.getEntries({ at: fin.hash });
      const keys: string[] = await legacy('state_getKeys', ['0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9', fin.hash]);
      expect(entries.length).toBe(keys.length);
      // Genesis is not pinned by this client (it followed from a later block): polkadot-api goes through archive_v1.
      const genesis = await legacy('chain_getBlockHash', [0]);
      const atGenesis = await api.query.System.Account.getValue(bob.address, { at: genesis });
      expect(atGenesis.data.free).toBe(freeOf(await legacy('state_getStorage', [accountKey(bob.publicKey), genesis])));
      expect(called.has('archive_v1_storage')).toBe(true);
    } finally {
      c.destroy();
    }
  });
});
