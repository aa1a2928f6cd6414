// Off-thread validation (`validationWorkers`): a worker thread validates submissions on its replica of the head
// state, which follows every block; transactions it admits land like any other, and its verdicts match the runtime's.
import '@polkadot/api-augment';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { NodeHandle } from '../../node/index.ts';
import { type RawWs, useNode } from './helpers.ts';

const f = useNode({ validationWorkers: 1 });
let node: NodeHandle;
let api: ApiPromise;
let ws: RawWs;
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');

beforeAll(async () => {
  ({ node, api, ws } = f);
  for (let i = 0; i < 600 && !node.pool.workers?.available; i++) await new Promise(r => setTimeout(r, 50));
});

describe('validation worker', () => {
  it('admits valid transactions across blocks and rejects bad ones like the main thread does', async () => {
    expect(node.pool.workers?.available).toBe(true);
    const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
    for (let round = 0; round < 3; round++) {
      const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
      const txs = await Promise.all([0, 1].map(async i => (await api.tx.balances.transferKeepAlive(bob.address, 1_000n + BigInt(i)).signAsync(alice, { nonce: nonce + i })).toHex()));
      for (const x of txs) await ws.call('author_submitExtrinsic', [x]);
      expect(node.pool.status).toEqual({ ready: 2, future: 0 });
      await ws.call('dev_newBlock');
    }
    expect((await api.query.system.account(bob.address)).data.free.toBigInt() - bobBefore).toBe(3n * 2_001n);
    // The worker sent back one verified signature per admitted transaction; the main thread's verifier reuses them.
    const verifiedAfterRounds = node.pool.workers!.verified.size;
    expect(verifiedAfterRounds).toBe(6);
    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    // Only a worker whose state followed the blocks knows this nonce is used.
    const stale = (await api.tx.balances.transferKeepAlive(bob.address, 5n).signAsync(alice, { nonce: nonce - 1 })).toHex();
    expect((await ws.request('author_submitExtrinsic', [stale])).error).toEqual({ code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' });
    const bytes = Buffer.from((await api.tx.balances.transferKeepAlive(bob.address, 6n).signAsync(alice)).toHex().slice(2), 'hex');
    bytes[[1, 2, 4][bytes[0] & 3] + 1 + 1 + 32 + 1 + 5] ^= 0xff;
    expect((await ws.request('author_submitExtrinsic', ['0x' + bytes.toString('hex')])).error.data).toBe('Transaction has a bad signature');
    expect(node.pool.workers!.verified.size).toBe(verifiedAfterRounds + 1); // the stale one verified, the bad one not
  });

  it('a burst from two signers, each validated in submission order on its worker lane, lands in nonce order', async () => {
    const charlie = keyring.addFromUri('//Charlie');
    const senders = [alice, charlie];
    const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const txs: string[] = [];
    const nonces = await Promise.all(senders.map(async s => (await api.query.system.account(s.address)).nonce.toNumber()));
    for (let i = 0; i < 5; i++) {
      for (const [j, s] of senders.entries()) txs.push((await api.tx.balances.transferKeepAlive(bob.address, 100n).signAsync(s, { nonce: nonces[j] + i })).toHex());
    }
    // Submitted without waiting for each answer, as a client's burst arrives.
    const answers = await Promise.all(txs.map(x => ws.request('author_submitExtrinsic', [x])));
    expect(answers.filter(a => a.error)).toEqual([]);
    expect(node.pool.status).toEqual({ ready: 10, future: 0 });
    await ws.call('dev_newBlock');
    expect((await api.query.system.account(bob.address)).data.free.toBigInt() - before).toBe(10n * 100n);
    for (const [j, s] of senders.entries()) expect((await api.query.system.account(s.address)).nonce.toNumber()).toBe(nonces[j] + 5);
  });
});
