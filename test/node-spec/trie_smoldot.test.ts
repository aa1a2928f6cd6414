// smoldot (an independent Substrate implementation, installed as polkadot-api's light client) computes a chain's
// genesis hash from a raw chain spec's storage. Given our storage as a "genesis" — the localnet genesis, and the
// state after blocks of transfers — its genesis hash must be the one our trie root gives. smoldot reads the state
// version from the runtime in `:code`, so `:code` holds testnet's real runtime (system_version 1, like subtensor's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as smoldot from 'smoldot';
import { Keyring } from '@polkadot/keyring';
import { Trie, orderedTrieRoot } from '../../runtime/frame/trie/trie.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import type { NodeHandle } from '../../node/index.ts';
import { RawWs, startSpecNode } from './helpers.ts';
import { TESTFINNEY_RAW_SPEC_GZ_PATH } from '../fixtures/paths.ts';

const CODE_KEY = '0x3a636f6465';
const realCode: string = JSON.parse(zlib.gunzipSync(fs.readFileSync(TESTFINNEY_RAW_SPEC_GZ_PATH)).toString('utf8')).genesis.raw.top[CODE_KEY];

async function smoldotGenesisHash(top: Record<string, string>): Promise<string> {
  const client = smoldot.start({ maxLogLevel: 1 });
  try {
    const chain = await client.addChain({ chainSpec: JSON.stringify({ name: 'check', id: 'check', chainType: 'Development', bootNodes: [], genesis: { raw: { top, childrenDefault: {} } } }) });
    chain.sendJsonRpc(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chainSpec_v1_genesisHash', params: [] }));
    return JSON.parse(await chain.nextJsonRpcResponse()).result;
  } finally {
    await client.terminate();
  }
}

/** Genesis hash of `top` by our trie: header (parent 0, number 0, state root, empty extrinsics root, no digest). */
function ourGenesisHash(top: Record<string, string>): string {
  const root = Trie.fromEntries(Object.entries(top).map(([k, v]) => [k, new Uint8Array(Buffer.from(v.slice(2), 'hex'))] as const), 1).rootHash();
  return '0x' + Buffer.from(blake2_256(new Uint8Array([...new Uint8Array(32), 0, ...root, ...orderedTrieRoot([], 0), 0]))).toString('hex');
}

let node: NodeHandle;
let ws: RawWs;
beforeAll(async () => {
  node = await startSpecNode({ mode: 'manual' });
  ws = await RawWs.connect(node.url);
});
afterAll(async () => { ws?.close(); await node?.stop(); });

const topAt = async (at: string) => Object.fromEntries(await ws.call('state_getPairs', ['0x', at])) as Record<string, string>;

describe('trie roots agree with smoldot', () => {
  it('the localnet genesis storage', async () => {
    const top = await topAt(await ws.call('chain_getBlockHash', [0]));
    top[CODE_KEY] = realCode;
    expect(await smoldotGenesisHash(top)).toBe(ourGenesisHash(top));
  }, 60_000);

  it('the state after blocks of transfers, whose header root is the same trie root', async () => {
    const kr = new Keyring({ type: 'sr25519' });
    const { ApiPromise, WsProvider } = await import('@polkadot/api');
    const api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    try {
      const alice = kr.addFromUri('//Alice');
      for (let i = 0; i < 5; i++) await api.tx.balances.transferKeepAlive(kr.addFromUri(`//T${i}`).address, 10n ** 9n + BigInt(i)).signAndSend(alice, { nonce: i });
      await ws.call('dev_newBlock', [{ count: 2 }]);
    } finally {
      await api.disconnect();
    }
    const head = await ws.call('chain_getHeader', []);
    const top = await topAt(await ws.call('chain_getBlockHash', []));
    // The node's incremental root is the root of the whole state.
    const root = Trie.fromEntries(Object.entries(top).map(([k, v]) => [k, new Uint8Array(Buffer.from(v.slice(2), 'hex'))] as const), 1).rootHash();
    expect('0x' + Buffer.from(root).toString('hex')).toBe(head.stateRoot);
    top[CODE_KEY] = realCode;
    expect(await smoldotGenesisHash(top)).toBe(ourGenesisHash(top));
  }, 60_000);
});
