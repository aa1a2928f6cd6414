// The new JSON-RPC spec's rules on the wire (raw websocket, manual blocks): follow events and their order, pinning,
// header/body/storage/call operations, the spec's error codes, pagination with continue/stopOperation, unfollow,
// chainSpec_v1 and transaction_v1 / transactionWatch_v1. Expected values come from the legacy RPC (a separate code
// path), from hashing the returned header ourselves, and from storage keys built with @polkadot/util-crypto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { Keyring } from '@polkadot/keyring';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getWsRawProvider } from 'polkadot-api/ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { WebSocket } from 'ws';
import type { NodeHandle } from '../../node/index.ts';
import { chainHeadLimits } from '../../node/rpc/chain_head.ts';
import { RawWs, startSpecNode, accountKey, storageKey, freeOf, nextEvent, drain, settle } from './helpers.ts';
import { u8aToHex } from '@polkadot/util';

let node: NodeHandle;
let ws: RawWs;
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
let alice: ReturnType<Keyring['addFromUri']>;
let bob: ReturnType<Keyring['addFromUri']>;
let charlie: ReturnType<Keyring['addFromUri']>;

beforeAll(async () => {
  node = await startSpecNode({ mode: 'manual' });
  ws = await RawWs.connect(node.url);
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  charlie = keyring.addFromUri('//Charlie');
});

afterAll(async () => {
  ws?.close();
  await node?.stop();
});

async function follow(withRuntime = true): Promise<{ sub: string; init: any; best: any }> {
  const sub = await ws.call('chainHead_v1_follow', [withRuntime]);
  expect(typeof sub).toBe('string');
  const init = await nextEvent(ws, sub);
  const best = await nextEvent(ws, sub, e => e.event === 'bestBlockChanged');
  return { sub, init, best };
}

/** Starts an operation and collects its events until it finishes (or `until` says stop). */
async function operation(sub: string, method: string, params: unknown[], until = (e: any) => ['operationBodyDone', 'operationCallDone', 'operationStorageDone', 'operationError', 'operationInaccessible'].includes(e.event)) {
  const res = await ws.call(method, [sub, ...params]);
  expect(res.result).toBe('started');
  expect(typeof res.operationId).toBe('string');
  const events: any[] = [];
  for (;;) {
    const e = await nextEvent(ws, sub, x => x.operationId === res.operationId);
    events.push(e);
    if (until(e)) return { res, events };
  }
}

describe('chainHead_v1_follow', () => {
  it('starts with initialized (finalized block + runtime spec) then bestBlockChanged', async () => {
    const { sub, init, best } = await follow(true);
    expect(init.event).toBe('initialized');
    expect(init.finalizedBlockHashes).toEqual([await ws.call('chain_getFinalizedHead')]);
    const legacy = await ws.call('state_getRuntimeVersion');
    expect(init.finalizedBlockRuntime.type).toBe('valid');
    const spec = init.finalizedBlockRuntime.spec;
    expect(spec).toEqual({
      specName: legacy.specName, implName: legacy.implName, specVersion: legacy.specVersion, implVersion: legacy.implVersion,
      transactionVersion: legacy.transactionVersion, apis: Object.fromEntries(legacy.apis),
    });
    expect(spec.specName).toBe('node-subtensor');
    // Core API id: blake2_64("Core").
    expect(spec.apis[blake2AsHex('Core', 64)]).toBeGreaterThan(0);
    expect(best.bestBlockHash).toBe(await ws.call('chain_getBlockHash'));
    await ws.call('chainHead_v1_unfollow', [sub]);
  });

  it('reports newBlock, bestBlockChanged and finalized for a new block; withRuntime=false has no runtime fields', async () => {
    const a = await follow(true);
    const b = await follow(false);
    expect('finalizedBlockRuntime' in b.init).toBe(false);
    const parent = await ws.call('chain_getBlockHash');
    const hash = await ws.call('dev_newBlock', [{ count: 1 }]);
    const evA = [await nextEvent(ws, a.sub), await nextEvent(ws, a.sub), await nextEvent(ws, a.sub)];
    expect(evA).toEqual([
      { event: 'newBlock', blockHash: hash, parentBlockHash: parent, newRuntime: null },
      { event: 'bestBlockChanged', bestBlockHash: hash },
      { event: 'finalized', finalizedBlockHashes: [hash], prunedBlockHashes: [] },
    ]);
    const nb = await nextEvent(ws, b.sub);
    expect(nb).toEqual({ event: 'newBlock', blockHash: hash, parentBlockHash: parent });
    await ws.call('chainHead_v1_unfollow', [a.sub]);
    await ws.call('chainHead_v1_unfollow', [b.sub]);
  });

  it('with lagging finality: non-finalized blocks are reported after initialized, finalized later in order', async () => {
    await ws.call('dev_setFinality', [2]);
    try {
      const h1 = await ws.call('dev_newBlock', [{ count: 1 }]);
      const h2 = await ws.call('dev_newBlock', [{ count: 1 }]);
      const fin = await ws.call('chain_getFinalizedHead');
      const sub = await ws.call('chainHead_v1_follow', [false]);
      const init = await nextEvent(ws, sub);
      expect(init.finalizedBlockHashes).toEqual([fin]);
      const n1 = await nextEvent(ws, sub);
      const n2 = await nextEvent(ws, sub);
      expect([n1.event, n1.blockHash, n1.parentBlockHash]).toEqual(['newBlock', h1, fin]);
      expect([n2.event, n2.blockHash, n2.parentBlockHash]).toEqual(['newBlock', h2, h1]);
      expect(await nextEvent(ws, sub)).toEqual({ event: 'bestBlockChanged', bestBlockHash: h2 });
      const h3 = await ws.call('dev_newBlock', [{ count: 1 }]);
      expect(await nextEvent(ws, sub)).toEqual({ event: 'newBlock', blockHash: h3, parentBlockHash: h2 });
      expect(await nextEvent(ws, sub)).toEqual({ event: 'bestBlockChanged', bestBlockHash: h3 });
      // Finality 2 behind: h1 is final now.
      expect(await nextEvent(ws, sub)).toEqual({ event: 'finalized', finalizedBlockHashes: [h1], prunedBlockHashes: [] });
      await ws.call('dev_finalize', [h3]);
      expect(await nextEvent(ws, sub)).toEqual({ event: 'finalized', finalizedBlockHashes: [h2], prunedBlockHashes: [] });
      expect(await nextEvent(ws, sub)).toEqual({ event: 'finalized', finalizedBlockHashes: [h3], prunedBlockHashes: [] });
      await ws.call('chainHead_v1_unfollow', [sub]);
    } finally {
      await ws.call('dev_setFinality', ['instant']);
    }
  });

  it('unfollow ends the events and invalidates the subscription', async () => {
    const { sub } = await follow(true);
    expect(await ws.call('chainHead_v1_unfollow', [sub])).toBe(null);
    // Unfollowing twice is not an error.
    expect(await ws.call('chainHead_v1_unfollow', [sub])).toBe(null);
    const head = await ws.call('dev_newBlock', [{ count: 1 }]);
    await settle(100);
    expect(drain(ws, sub)).toEqual([]);
    expect(await ws.call('chainHead_v1_header', [sub, head])).toBe(null);
    expect(await ws.call('chainHead_v1_body', [sub, head])).toEqual({ result: 'limitReached' });
    expect(await ws.call('chainHead_v1_unpin', [sub, head])).toBe(null);
  });

  it('sends stop when too many finalized blocks stay pinned', async () => {
    const saved = chainHeadLimits.maxPinnedFinalized;
    chainHeadLimits.maxPinnedFinalized = 2;
    try {
      const { sub } = await follow(false);
      await ws.call('dev_newBlock', [{ count: 1 }]);
      await ws.call('dev_newBlock', [{ count: 1 }]);
      const stop = await nextEvent(ws, sub, e => e.event === 'stop');
      expect(stop).toEqual({ event: 'stop' });
      drain(ws, sub);
      await ws.call('dev_newBlock', [{ count: 1 }]);
      await settle(100);
      expect(drain(ws, sub).filter(e => e.event === 'newBlock')).toEqual([]);
    } finally {
      chainHeadLimits.maxPinnedFinalized = saved;
    }
  });
});

describe('chainHead_v1 block queries', () => {
  it('header is the SCALE header whose blake2-256 is the block hash', async () => {
    const { sub, init } = await follow(true);
    const hash = init.finalizedBlockHashes[0];
    const header = await ws.call('chainHead_v1_header', [sub, hash]);
    expect(blake2AsHex(hexToU8a(header), 256)).toBe(hash);
    const legacy = await ws.call('chain_getHeader', [hash]);
    // The header starts with the parent hash.
    expect(header.slice(0, 66)).toBe(legacy.parentHash);
    await ws.call('chainHead_v1_unfollow', [sub]);
  });

  it('body gives the block extrinsics as chain_getBlock does', async () => {
    const { sub } = await follow(true);
    const hash = await ws.call('dev_newBlock', [{ count: 1 }]);
    await nextEvent(ws, sub, e => e.event === 'newBlock' && e.blockHash === hash);
    const { events } = await operation(sub, 'chainHead_v1_body', [hash]);
    const legacy = await ws.call('chain_getBlock', [hash]);
    expect(events).toEqual([{ event: 'operationBodyDone', operationId: events[0].operationId, value: legacy.block.extrinsics }]);
    expect(legacy.block.extrinsics.length).toBeGreaterThan(0); // the timestamp inherent
    await ws.call('chainHead_v1_unfollow', [sub]);
  });

  it('storage: value / hash of an account, nothing for a missing key, descendants like state_getPairs', async () => {
    const { sub, best } = await follow(true);
    const at = best.bestBlockHash;
    const aliceKey = accountKey(alice.publicKey);
    const legacyValue = await ws.call('state_getStorage', [aliceKey, at]);
    expect(freeOf(legacyValue)).toBe(1_000_000_000_000_000n);

    const v = await operation(sub, 'chainHead_v1_storage', [at, [{ key: aliceKey, type: 'value' }, { key: aliceKey, type: 'hash' }], null]);
    expect(v.res.discardedItems).toBe(0);
    const items = v.events.filter(e => e.event === 'operationStorageItems').flatMap(e => e.items);
    expect(items).toEqual([{ key: aliceKey, value: legacyValue }, { key: aliceKey, hash: blake2AsHex(hexToU8a(legacyValue), 256) }]);
    expect(v.events.at(-1).event).toBe('operationStorageDone');

    // A key nobody holds: done without any items.
    const nobody = accountKey(new Uint8Array(32).fill(7));
    const missing = await operation(sub, 'chainHead_v1_storage', [at, [{ key: nobody, type: 'value' }, { key: nobody, type: 'hash' }, { key: nobody, type: 'descendantsValues' }], null]);
    expect(missing.events).toEqual([{ event: 'operationStorageDone', operationId: missing.res.operationId }]);

    const prefix = u8aToHex(storageKey('System', 'Account'));
    const pairs: [string, string][] = await ws.call('state_getPairs', [prefix, at]);
    expect(pairs.length).toBeGreaterThan(3);
    const d = await operation(sub, 'chainHead_v1_storage', [at, [{ key: prefix, type: 'descendantsValues' }], null]);
    const got = d.events.filter(e => e.event === 'operationStorageItems').flatMap(e => e.items).map((i: any) => [i.key, i.value]);
    expect(got).toEqual(pairs);
    const dh = await operation(sub, 'chainHead_v1_storage', [at, [{ key: prefix, type: 'descendantsHashes' }], null]);
    const gotHashes = dh.events.filter(e => e.event === 'operationStorageItems').flatMap(e => e.items);
    expect(gotHashes).toEqual(pairs.map(([k, val]) => ({ key: k, hash: blake2AsHex(hexToU8a(val), 256) })));

    // closestDescendantMerkleValue: present under a populated prefix, changes when an entry below it changes.
    const m1 = await operation(sub, 'chainHead_v1_storage', [at, [{ key: prefix, type: 'closestDescendantMerkleValue' }], null]);
    const mv1 = m1.events.find(e => e.event === 'operationStorageItems').items[0];
    expect(mv1.key).toBe(prefix);
    expect(mv1.closestDescendantMerkleValue).toMatch(/^0x[0-9a-f]{64}$/);
    await ws.call('chainHead_v1_unfollow', [sub]);
  });

  it('storage pagination: operationWaitingForContinue, continue, and stopOperation', async () => {
    const saved = { ...chainHeadLimits };
    chainHeadLimits.itemsPerEvent = 1;
    chainHeadLimits.itemsBeforeContinue = 2;
    try {
      const { sub, best } = await follow(true);
      const at = best.bestBlockHash;
      const prefix = u8aToHex(storageKey('System', 'Account'));
      const pairs: [string, string][] = await ws.call('state_getPairs', [prefix, at]);
      const res = await ws.call('chainHead_v1_storage', [sub, at, [{ key: prefix, type: 'descendantsValues' }], null]);
      const opId = res.operationId;
      const seen: any[] = [];
      let waits = 0;
      for (;;) {
        const e = await nextEvent(ws, sub, x => x.operationId === opId);
        if (e.event === 'operationStorageItems') { expect(e.items.length).toBe(1); seen.push(...e.items); continue; }
        if (e.event === 'operationWaitingForContinue') {
          waits++;
          expect(seen.length).toBe(waits * 2);
          if (waits === 1) {
            // Two continues in one batch: the first resumes, the second finds no pending wait (-32803).
            ws.sendRaw(JSON.stringify([
              { jsonrpc: '2.0', id: 'c1', method: 'chainHead_v1_continue', params: [sub, opId] },
              { jsonrpc: '2.0', id: 'c2', method: 'chainHead_v1_continue', params: [sub, opId] },
            ]));
            const batch = await ws.waitFor(m => Array.isArray(m));
            expect(batch.find((x: any) => x.id === 'c1').result).toBe(null);
            expect(batch.find((x: any) => x.id === 'c2').error.code).toBe(-32803);
          } else {
            expect(await ws.call('chainHead_v1_continue', [sub, opId])).toBe(null);
          }
          continue;
        }
        expect(e.event).toBe('operationStorageDone');
        break;
      }
      expect(seen.map(i => [i.key, i.value])).toEqual(pairs);
      expect(waits).toBe(Math.ceil(pairs.length / 2) - 1);

      const body = await ws.call('chainHead_v1_storage', [sub, at, [{ key: prefix, type: 'descendantsHashes' }], null]);
      await nextEvent(ws, sub, x => x.operationId === body.operationId && x.event === 'operationWaitingForContinue');
      drain(ws, sub);
      expect(await ws.call('chainHead_v1_stopOperation', [sub, body.operationId])).toBe(null);
      // Stopped: continuing has no effect and nothing more arrives.
      expect(await ws.call('chainHead_v1_continue', [sub, body.operationId])).toBe(null);
      await settle(100);
      expect(drain(ws, sub).filter(e => e.operationId === body.operationId)).toEqual([]);

      await ws.call('chainHead_v1_unfollow', [sub]);
    } finally {
      Object.assign(chainHeadLimits, saved);
    }
  });

  it('call runs a runtime API at the block (Core_version output matches state_call)', async () => {
    const { sub, best } = await follow(true);
    const at = best.bestBlockHash;
    const { events } = await operation(sub, 'chainHead_v1_call', [at, 'Core_version', '0x']);
    const legacy = await ws.call('state_call', ['Core_version', '0x', at]);
    expect(events).toEqual([{ event: 'operationCallDone', operationId: events[0].operationId, output: legacy }]);
    const bad = await operation(sub, 'chainHead_v1_call', [at, 'NoSuchApi_nothing', '0x']);
    expect(bad.events[0].event).toBe('operationError');
    expect(typeof bad.events[0].error).toBe('string');
    await ws.call('chainHead_v1_unfollow', [sub]);
  });

  it('the spec errors: unknown or unpinned block (-32801), duplicates (-32804), call without runtime (-32802), bad params (-32602)', async () => {
    const { sub, best } = await follow(true);
    const unknown = '0x' + '11'.repeat(32);
    for (const [m, p] of [
      ['chainHead_v1_header', [unknown]], ['chainHead_v1_body', [unknown]], ['chainHead_v1_call', [unknown, 'Core_version', '0x']],
      ['chainHead_v1_storage', [unknown, [{ key: '0x00', type: 'value' }], null]], ['chainHead_v1_unpin', [unknown]],
    ] as [string, unknown[]][]) {
      const r = await ws.request(m, [sub, ...p]);
      expect(r.error?.code, m).toBe(-32801);
    }
    const at = best.bestBlockHash;
    const dup = await ws.request('chainHead_v1_unpin', [sub, [at, at]]);
    expect(dup.error.code).toBe(-32804);
    // Nothing was unpinned by the failed call.
    expect(typeof await ws.call('chainHead_v1_header', [sub, at])).toBe('string');
    expect(await ws.call('chainHead_v1_unpin', [sub, [at]])).toBe(null);
    for (const [m, p] of [['chainHead_v1_header', [at]], ['chainHead_v1_body', [at]], ['chainHead_v1_storage', [at, [], null]], ['chainHead_v1_unpin', [at]]] as [string, unknown[]][]) {
      const r = await ws.request(m, [sub, ...p]);
      expect(r.error?.code, `${m} after unpin`).toBe(-32801);
    }
    const bad = await ws.request('chainHead_v1_storage', [sub, at, [{ key: '0x00', type: 'everything' }], null]);
    expect(bad.error.code).toBe(-32602);
    expect((await ws.request('chainHead_v1_follow', ['yes'])).error.code).toBe(-32602);

    const noRt = await follow(false);
    const r = await ws.request('chainHead_v1_call', [noRt.sub, noRt.best.bestBlockHash, 'Core_version', '0x']);
    expect(r.error.code).toBe(-32802);
    // A subscription id that never existed: header null, operations limitReached.
    expect(await ws.call('chainHead_v1_header', ['nope', at])).toBe(null);
    expect(await ws.call('chainHead_v1_call', ['nope', at, 'Core_version', '0x'])).toEqual({ result: 'limitReached' });
    expect(await ws.call('chainHead_v1_storage', ['nope', at, [], null])).toEqual({ result: 'limitReached' });
    await ws.call('chainHead_v1_unfollow', [sub]);
    await ws.call('chainHead_v1_unfollow', [noRt.sub]);
  });
});

describe('archive_v1', () => {
  it('genesisHash, finalizedHeight, hashByHeight, header, body, call', async () => {
    expect(await ws.call('archive_v1_genesisHash')).toBe(await ws.call('chain_getBlockHash', [0]));
    const finHash = await ws.call('chain_getFinalizedHead');
    const finNumber = Number((await ws.call('chain_getHeader', [finHash])).number);
    expect(await ws.call('archive_v1_finalizedHeight')).toBe(finNumber);
    expect(await ws.call('archive_v1_hashByHeight', [1])).toEqual([await ws.call('chain_getBlockHash', [1])]);
    expect(await ws.call('archive_v1_hashByHeight', [finNumber + 1000])).toEqual([]);
    const h1 = await ws.call('chain_getBlockHash', [1]);
    const header = await ws.call('archive_v1_header', [h1]);
    expect(blake2AsHex(hexToU8a(header), 256)).toBe(h1);
    expect(await ws.call('archive_v1_body', [h1])).toEqual((await ws.call('chain_getBlock', [h1])).block.extrinsics);
    const unknown = '0x' + '22'.repeat(32);
    expect(await ws.call('archive_v1_header', [unknown])).toBe(null);
    expect(await ws.call('archive_v1_body', [unknown])).toBe(null);
    expect(await ws.call('archive_v1_call', [unknown, 'Core_version', '0x'])).toBe(null);
    expect(await ws.call('archive_v1_call', [h1, 'Core_version', '0x'])).toEqual({ success: true, value: await ws.call('state_call', ['Core_version', '0x', h1]) });
    const bad = await ws.call('archive_v1_call', [h1, 'NoSuchApi_nothing', '0x']);
    expect(bad.success).toBe(false);
  });

  it('storage at an old block: one event per item, then storageDone; pagination start key', async () => {
    const genesis = await ws.call('chain_getBlockHash', [0]);
    const aliceKey = accountKey(alice.publicKey);
    const sub = await ws.call('archive_v1_storage', [genesis, [{ key: aliceKey, type: 'value' }, { key: accountKey(new Uint8Array(32)), type: 'value' }], null]);
    const ev = async () => (await ws.waitFor(n => n.method === 'archive_v1_storageEvent' && n.params.subscription === sub, 'notifications')).params.result;
    expect(await ev()).toEqual({ event: 'storage', key: aliceKey, value: await ws.call('state_getStorage', [aliceKey, genesis]) });
    expect(await ev()).toEqual({ event: 'storageDone' });

    const prefix = u8aToHex(storageKey('System', 'Account'));
    const keys: string[] = await ws.call('state_getKeys', [prefix, genesis]);
    const sub2 = await ws.call('archive_v1_storage', [genesis, [{ key: prefix, type: 'descendantsHashes', paginationStartKey: keys[0] }], null]);
    const got: string[] = [];
    for (;;) {
      const e = (await ws.waitFor(n => n.params?.subscription === sub2, 'notifications')).params.result;
      if (e.event === 'storageDone') break;
      got.push(e.key);
    }
    expect(got).toEqual(keys.slice(1));
  });
});

describe('chainSpec_v1', () => {
  it('name, genesis hash and properties', async () => {
    expect(await ws.call('chainSpec_v1_genesisHash')).toBe(await ws.call('chain_getBlockHash', [0]));
    expect(await ws.call('chainSpec_v1_chainName')).toBe(await ws.call('system_chain'));
    expect(await ws.call('chainSpec_v1_properties')).toEqual(await ws.call('system_properties'));
  });
});

describe('transaction_v1 / transactionWatch_v1', () => {
  let client: PolkadotClient;
  beforeAll(() => { client = createClient(getWsRawProvider(node.url, { websocketClass: WebSocket as any })); });
  afterAll(() => client?.destroy());

  /** A signed transfer_keep_alive built by polkadot-api (an independent encoder). */
  async function signedTransfer(from: typeof alice, to: typeof bob, amount: bigint): Promise<string> {
    const api: any = client.getUnsafeApi();
    const signer = getPolkadotSigner(from.publicKey, 'Sr25519', data => from.sign(data));
    const tx = api.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: to.address }, value: amount });
    const signed = await tx.sign(signer, { mortality: { mortal: false } });
    return typeof signed === 'string' ? signed : signed instanceof Uint8Array ? u8aToHex(signed) : signed.asHex();
  }

  it('broadcast returns an operation id and the transaction lands in the next block', async () => {
    const xt = await signedTransfer(alice, bob, 777_000n);
    const before = freeOf(await ws.call('state_getStorage', [accountKey(bob.publicKey)]));
    const id = await ws.call('transaction_v1_broadcast', [xt]);
    expect(typeof id).toBe('string');
    await settle(50);
    const hash = await ws.call('dev_newBlock', [{ count: 1 }]);
    const block = await ws.call('chain_getBlock', [hash]);
    expect(block.block.extrinsics).toContain(xt);
    const after = freeOf(await ws.call('state_getStorage', [accountKey(bob.publicKey), hash]));
    expect(after - before).toBe(777_000n);
    expect(await ws.call('transaction_v1_stop', [id])).toBe(null);
    // The operation is gone now.
    expect((await ws.request('transaction_v1_stop', [id])).error.code).toBe(-32602);
    // Invalid bytes are accepted silently (the spec keeps the client uninformed).
    expect(typeof await ws.call('transaction_v1_broadcast', ['0x0102'])).toBe('string');
    expect((await ws.request('transaction_v1_broadcast', ['zz'])).error.code).toBe(-32602);
  });

  it('submitAndWatch: validated → bestChainBlockIncluded {hash, index} → finalized; garbage → invalid', async () => {
    const xt = await signedTransfer(charlie, bob, 1_234n);
    const sub = await ws.call('transactionWatch_v1_submitAndWatch', [xt]);
    const ev = async () => (await ws.waitFor(n => n.method === 'transactionWatch_v1_watchEvent' && n.params.subscription === sub, 'notifications')).params.result;
    expect(await ev()).toEqual({ event: 'validated' });
    const hash = await ws.call('dev_newBlock', [{ count: 1 }]);
    const block = await ws.call('chain_getBlock', [hash]);
    const index = block.block.extrinsics.indexOf(xt);
    expect(index).toBeGreaterThan(0);
    expect(await ev()).toEqual({ event: 'bestChainBlockIncluded', block: { hash, index } });
    expect(await ev()).toEqual({ event: 'finalized', block: { hash, index } });

    const bad = await ws.call('transactionWatch_v1_submitAndWatch', ['0x0102']);
    const badEv = (await ws.waitFor(n => n.method === 'transactionWatch_v1_watchEvent' && n.params.subscription === bad, 'notifications')).params.result;
    expect(badEv.event).toBe('invalid');
    expect(typeof badEv.error).toBe('string');
    expect((await ws.request('transactionWatch_v1_unwatch', ['nope'])).error).toBeDefined();
  });
});
