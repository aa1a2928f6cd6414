// CheckMetadataHash mode 1 (RFC-78) through the real node: transactions signed with the metadata hash enabled, as
// metadata-aware signers (polkadot-api's withMetadataHash, Ledger's generic app through polkadot-js) produce them,
// are accepted and included; a wrong hash, or mode 1 without one, is rejected with BadProof and changes nothing.
// The hash is computed client-side by @polkadot-api/merkleize-metadata from what the node serves.
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { getPolkadotSigner, withMetadataHash } from 'polkadot-api/signer';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { WebSocket } from 'ws';
import { Keyring } from '@polkadot/keyring';
import { compactStripLength, hexToU8a, u8aToHex } from '@polkadot/util';
import { useNode } from './helpers.ts';

// subtensor's runtime/build.rs: `.enable_metadata_hash("TAO", 9)`.
const TAO = { decimals: 9, tokenSymbol: 'TAO' };
const BAD_SIGNATURE = { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' };

const f = useNode({ mode: 'instant' });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
let client: PolkadotClient;
let digest: Uint8Array;

beforeAll(async () => {
  // The V15 metadata as a wallet fetches it: state_call Metadata_metadata_at_version(15) → Option<OpaqueMetadata>.
  const answer = hexToU8a(await f.ws.call('state_call', ['Metadata_metadata_at_version', '0x0f000000']));
  expect(answer[0]).toBe(1);
  const [, metadata] = compactStripLength(answer.subarray(1));
  digest = merkleizeMetadata(metadata, TAO).digest();
  client = createClient(getWsProvider(f.node.url, { websocketClass: WebSocket as any }));
});

afterAll(() => client?.destroy());

/** The CheckMetadataHash mode byte of an included extrinsic, as polkadot-js decodes the block. */
async function modeInBlock(blockHash: string, txHash: string): Promise<number> {
  const { block } = await f.api.rpc.chain.getBlock(blockHash);
  const xt = block.extrinsics.find(x => x.hash.toHex() === txHash)!;
  return (xt as any).mode.toNumber();
}

describe('CheckMetadataHash mode 1 through the node', () => {
  it('polkadot-js signing with mode 1 and the metadata hash: included, transfer done', async () => {
    const { api } = f;
    const charlie = keyring.addFromUri('//Charlie');
    const ferdie = keyring.addFromUri('//Ferdie');
    const before = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
    const tx = await api.tx.balances.transferKeepAlive(ferdie.address, 2_468_000n).signAsync(charlie, { mode: 1, metadataHash: u8aToHex(digest) });
    const txHash = tx.hash.toHex();
    const blockHash: string = await new Promise((resolve, reject) => {
      tx.send(r => {
        if (r.status.isInBlock) resolve(r.status.asInBlock.toHex());
        if (r.isError || r.dispatchError) reject(new Error(r.status.type));
      }).catch(reject);
    });
    expect(await modeInBlock(blockHash, txHash)).toBe(1);
    const after = (await api.query.system.account.at(blockHash, ferdie.address)).data.free.toBigInt();
    expect(after - before).toBe(2_468_000n);
  });

  it('polkadot-api withMetadataHash signer: included and finalized, transfer done', async () => {
    const papi: any = client.getUnsafeApi();
    const dave = keyring.addFromUri('//Dave');
    const eve = keyring.addFromUri('//Eve');
    const signer = withMetadataHash(TAO, getPolkadotSigner(dave.publicKey, 'Sr25519', data => dave.sign(data)));
    const before = (await papi.query.System.Account.getValue(eve.address)).data.free;
    const result = await papi.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: eve.address }, value: 1_357_000n }).signAndSubmit(signer);
    expect(result.ok).toBe(true);
    expect(await modeInBlock(result.block.hash, result.txHash)).toBe(1);
    const after = (await papi.query.System.Account.getValue(eve.address, { at: result.block.hash })).data.free;
    expect(after - before).toBe(1_357_000n);
  });

  it('a wrong hash, mode 1 without a hash, and mode 0 with one are rejected as bad signatures; state unchanged', async () => {
    const { api, ws, node } = f;
    const bob = keyring.addFromUri('//Bob');
    const ferdie = keyring.addFromUri('//Ferdie');
    const wrong = digest.slice();
    wrong[0] ^= 0x80;
    const head = node.chain.head.number;
    const account = (await api.query.system.account(bob.address)).toHex();
    for (const opts of [{ mode: 1, metadataHash: u8aToHex(wrong) }, { mode: 1 }, { mode: 0, metadataHash: u8aToHex(digest) }]) {
      const tx = await api.tx.balances.transferKeepAlive(ferdie.address, 1_000n).signAsync(bob, opts);
      expect((await ws.request('author_submitExtrinsic', [tx.toHex()])).error).toEqual(BAD_SIGNATURE);
    }
    expect(await ws.call('author_pendingExtrinsics')).toEqual([]);
    expect(node.chain.head.number).toBe(head);
    expect((await api.query.system.account(bob.address)).toHex()).toBe(account);
  });
});
