// polkadot-api 2.2.2 against the real node (through its legacy-RPC middleware: the node serves the classic
// JSON-RPC, which polkadot-api's ws provider detects from rpc_methods): read System.Account, follow finalized
// blocks, and sign + submit a transfer that lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { WebSocket } from 'ws';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, type NodeHandle } from '../../node/index.ts';

let node: NodeHandle;
let client: PolkadotClient;
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

beforeAll(async () => {
  await cryptoWaitReady();
  node = await startNode({ port: 0, tmp: true, mode: 'instant', logLevel: 'error' });
  // Node 20 has no global WebSocket: hand polkadot-api the `ws` class.
  client = createClient(getWsProvider(node.url, { websocketClass: WebSocket as any }));
});

afterAll(async () => {
  client?.destroy();
  await node?.stop();
});

describe('polkadot-api against the node', () => {
  it('reads System.Account and the finalized block', async () => {
    const api: any = client.getUnsafeApi();
    const alice = keyring.addFromUri('//Alice');
    const acc = await api.query.System.Account.getValue(alice.address);
    // Localnet genesis: Alice holds 1e15 rao (subtensor.md §1.3).
    expect(acc.data.free).toBe(1_000_000_000_000_000n);
    expect(acc.nonce).toBe(0);
    const fin = await client.getFinalizedBlock();
    expect(fin.hash).toBe(node.chain.finalized.hash);
    expect(fin.number).toBe(node.chain.finalized.number);
    const spec = await client.getChainSpecData();
    // (polkadot-api's legacy layer takes the chain name from system_name, so `spec.name` is the node's name.)
    expect(spec.genesisHash).toBe(node.chain.genesisHash);
  });

  it('signs and submits a transfer that is included and finalized', async () => {
    const api: any = client.getUnsafeApi();
    const charlie = keyring.addFromUri('//Charlie');
    const ferdie = keyring.addFromUri('//Ferdie');
    const signer = getPolkadotSigner(charlie.publicKey, 'Sr25519', data => charlie.sign(data));
    const before = (await api.query.System.Account.getValue(ferdie.address)).data.free;
    const tx = api.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: ferdie.address }, value: 4_321_000n });
    const result = await tx.signAndSubmit(signer);
    expect(result.ok).toBe(true);
    expect(result.block.hash).toBe(node.chain.blockByHash(result.block.hash)?.hash);
    const transfer = result.events.find((e: any) => e.type === 'Balances' && e.value.type === 'Transfer');
    expect(transfer.value.value.amount).toBe(4_321_000n);
    const after = (await api.query.System.Account.getValue(ferdie.address, { at: result.block.hash })).data.free;
    expect(after - before).toBe(4_321_000n);
  });
});
