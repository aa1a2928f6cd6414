// MEV Shield end to end through the real node and @polkadot/api, the way btcli uses it (--mev-protection):
// read MevShield.NextKey, sign the inner extrinsic with nonce + 1, encrypt it exactly as
// bittensor_drand.encrypt_mlkem768(NextKey, signed_extrinsic, include_key_hash=True) lays it out, submit
// MevShield.submit_encrypted signed with nonce (era period 8), then look for the inner extrinsic by its own hash in
// the wrapper's block and the 2 blocks after it (btcli's wait_for_extrinsic_by_hash). Failure paths as subtensor HEAD
// has them: the pool rejects unparseable ciphertexts and long-lived wrappers; a wrapper encrypted to a key that is
// not the block's PendingKey stays in the pool and is never included; a wrapper that decrypts to nothing valid is
// included (and pays) while its inner extrinsic is left out.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, compactToU8a } from '@polkadot/util';
import { randomBytes } from 'node:crypto';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;
const MEV_ERA = { era: 8 } as const; // btcli: era period capped at 8 blocks for shielded submissions

/** bittensor_drand.encrypt_mlkem768(pk, plaintext, include_key_hash): [twox128(pk)] || u16 LE kem_len || kem_ct ||
 *  nonce24 || XChaCha20-Poly1305(key = raw ML-KEM shared secret, AAD empty). */
function encryptMlkem768(pk: Uint8Array, plaintext: Uint8Array, includeKeyHash: boolean): Uint8Array {
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(pk);
  const nonce = new Uint8Array(randomBytes(24));
  const aeadCt = xchacha20poly1305(sharedSecret, nonce).encrypt(plaintext);
  const kemLen = new Uint8Array([cipherText.length & 0xff, cipherText.length >> 8]);
  return u8aConcat(includeKeyHash ? xxhashAsU8a(pk, 128) : new Uint8Array(), kemLen, cipherText, nonce, aeadCt);
}

let c: Client;
beforeAll(async () => { c = await startClient(); await c.newBlock(3); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('MEV Shield', () => {
  it('rotates the keys every block: CurrentKey ← PendingKey ← NextKey ← the author\'s key announced last block', async () => {
    const { api } = c;
    const [author] = (await api.query.aura.authorities()) as any;
    const snap = async (hash: string) => {
      const at = await api.at(hash);
      const m = at.query.mevShield as any;
      const opt = async (x: any) => { const v = await x; return v.isSome ? v.unwrap().toHex() : null; };
      return {
        current: await opt(m.currentKey()), pending: await opt(m.pendingKey()), next: await opt(m.nextKey()),
        author: await opt(m.authorKeys(author)), nextExpires: (await m.nextKeyExpiresAt()).toJSON(), pendingExpires: (await m.pendingKeyExpiresAt()).toJSON(),
      };
    };
    const n = await c.newBlock(1);
    const h1 = (await api.rpc.chain.getBlockHash(n - 1)).toHex();
    const h2 = (await api.rpc.chain.getBlockHash(n)).toHex();
    const [a, b] = [await snap(h1), await snap(h2)];
    expect((b.author.length - 2) / 2).toBe(1184); // ML-KEM-768 encapsulation key
    expect(b.author).not.toBe(a.author); // a fresh key per block
    expect(b.next).toBe(a.author); // one authority: the slot + 2 author is this author, with last block's key
    expect(b.pending).toBe(a.next);
    expect(b.current).toBe(a.pending);
    expect([b.nextExpires, b.pendingExpires]).toEqual([n + 3, n + 2]);
    expect(new Set([b.current, b.pending, b.next, b.author]).size).toBe(4);
  });

  it('a btcli-style encrypted add_stake executes in the wrapper\'s block under its own hash', async () => {
    const { api } = c;
    const alice = c.key('//Alice'), hot = c.key('//Alice//shield-hot');
    const reg = await c.send(api.tx.subtensorModule.registerNetwork(hot.address), alice);
    expect(reg.ok, reg.error).toBe(true);

    const stakeOf = async () => big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot.address, alice.address, 0)).unwrap().stake);
    const stake0 = await stakeOf();
    const nextKey = ((await api.query.mevShield.nextKey()) as any).unwrap().toU8a(true);
    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const amount = 7n * TAO;
    const inner = api.tx.subtensorModule.addStake(hot.address, 0, amount);
    await inner.signAsync(alice, { nonce: nonce + 1, ...MEV_ERA });
    const innerHash = inner.hash.toHex();
    const ciphertext = encryptMlkem768(nextKey, inner.toU8a(), true);
    const wrapper = api.tx.mevShield.submitEncrypted(u8aToHex(ciphertext));
    await wrapper.signAsync(alice, { nonce, ...MEV_ERA });

    // The runtime API the block author uses sees the wrapper and its key hash.
    const decoded = (await (api.call as any).shieldApi.tryDecodeShieldedTx(wrapper.toU8a())).unwrap();
    expect(decoded.keyHash.toHex()).toBe(u8aToHex(xxhashAsU8a(nextKey, 128)));
    expect(decoded.kemCt.length).toBe(1088);

    await api.rpc.author.submitExtrinsic(wrapper);
    // NextKey at block N is PendingKey at N + 1: the wrapper waits one block, then goes in with its inner extrinsic.
    const first = await c.newBlock(1);
    expect(((await api.rpc.chain.getBlock()) as any).block.extrinsics.map((x: any) => x.hash.toHex())).not.toContain(wrapper.hash.toHex());
    expect((await api.rpc.author.pendingExtrinsics()).map(x => x.hash.toHex())).toContain(wrapper.hash.toHex());
    await c.newBlock(1);
    const submitBlock = first + 1;
    const submitBody = ((await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(submitBlock))) as any).block.extrinsics;
    const wrapperIdx = submitBody.findIndex((x: any) => x.hash.toHex() === wrapper.hash.toHex());
    expect(wrapperIdx).toBeGreaterThan(0);

    // btcli's wait_for_extrinsic_by_hash: blocks submit_block .. submit_block + 2, extrinsic hash = blake2-256 of bytes.
    const found = await findByHash(innerHash, submitBlock, 2);
    expect(found).toEqual({ block: submitBlock, index: wrapperIdx + 1 });
    const events = await eventsAt(submitBlock);
    expect(events.filter(e => e.index === found!.index).map(e => e.name)).toContain('system.ExtrinsicSuccess');
    const submitted = events.find(e => e.index === wrapperIdx && e.name === 'mevShield.EncryptedSubmitted')!;
    // id = T::Hashing::hash_of(&(who, ciphertext)), computed here from the SCALE tuple.
    expect(submitted.data.id.toHex()).toBe(u8aToHex(blake2AsU8a(u8aConcat(alice.publicKey, compactToU8a(ciphertext.length), ciphertext))));
    expect(submitted.data.who.toString()).toBe(alice.address);

    expect(await stakeOf()).toBe(stake0 + amount); // root subnet: 1:1
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(nonce + 2);
  });

  it('failure paths: the pool rejects what HEAD rejects; undecryptable wrappers pay and change nothing else', async () => {
    const { api } = c;
    const bob = c.key('//Bob'), hot = c.key('//Alice//shield-hot');
    const stakeOf = async () => big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot.address, bob.address, 0)).unwrap().stake);
    const nextKey = async () => ((await api.query.mevShield.nextKey()) as any).unwrap().toU8a(true) as Uint8Array;
    const nonceOf = async () => ((await api.query.system.account(bob.address)) as any).nonce.toNumber() as number;
    const signedInner = async (nonce: number) => {
      const tx = api.tx.subtensorModule.addStake(hot.address, 0, TAO);
      await tx.signAsync(bob, { nonce, ...MEV_ERA });
      return tx;
    };
    const signedWrapper = async (ciphertext: Uint8Array, nonce: number, era: object = MEV_ERA) => {
      const tx = api.tx.mevShield.submitEncrypted(u8aToHex(ciphertext));
      await tx.signAsync(bob, { nonce, ...era });
      return tx;
    };
    const stake0 = await stakeOf();

    // Unparseable ciphertext (CheckShieldedTxValidity) and long or immortal eras (CheckMortality) never enter the pool.
    const n0 = await nonceOf();
    await expect(api.rpc.author.submitExtrinsic(await signedWrapper(new Uint8Array(5), n0))).rejects.toThrow(/1010.*Custom error: 23/);
    await expect(api.rpc.author.submitExtrinsic(await signedWrapper(encryptMlkem768(await nextKey(), new Uint8Array(0), true).slice(0, 16 + 2 + 1088 + 24), n0)))
      .rejects.toThrow(/Custom error: 23/); // no AEAD ciphertext
    await expect(api.rpc.author.submitExtrinsic(await signedWrapper(encryptMlkem768(await nextKey(), new Uint8Array(8), true), n0, { era: 16 })))
      .rejects.toThrow(/1010.*outdated/);
    await expect(api.rpc.author.submitExtrinsic(await signedWrapper(encryptMlkem768(await nextKey(), new Uint8Array(8), true), n0, { era: 0 })))
      .rejects.toThrow(/1010.*outdated/);

    // Wrappers the author includes but cannot turn into a valid inner extrinsic: garbage under the right key hash,
    // the right key hash over another key's encapsulation, an inner extrinsic with a broken signature, one with a
    // stale nonce (the wrapper itself used it).
    const otherKey = ml_kem768.keygen().publicKey;
    const pk = await nextKey();
    const keyHash = xxhashAsU8a(pk, 128);
    const badSig = (await signedInner(n0 + 2)).toU8a();
    badSig[badSig.length - 40] ^= 0xff; // inside the call: the signature no longer covers these bytes
    const included: { name: string; ct: Uint8Array }[] = [
      { name: 'garbage', ct: u8aConcat(keyHash, new Uint8Array([0x40, 0x04]), randomBytes(1088), randomBytes(24), randomBytes(200)) },
      { name: 'other key', ct: u8aConcat(keyHash, encryptMlkem768(otherKey, (await signedInner(n0 + 2)).toU8a(), false)) },
      { name: 'bad signature', ct: encryptMlkem768(pk, badSig, true) },
      { name: 'stale nonce', ct: encryptMlkem768(pk, (await signedInner(n0 + 1)).toU8a(), true) },
    ];
    // Deferred forever: encrypted to this NextKey but claiming another key, and (below) encrypted to an old key.
    const deferredWrapper = await signedWrapper(u8aConcat(new Uint8Array(16).fill(7), encryptMlkem768(pk, (await signedInner(n0 + 2)).toU8a(), false)), n0 + 4);
    const wrappers = [];
    for (const [i, w] of included.entries()) wrappers.push(await signedWrapper(w.ct, n0 + i));
    for (const w of [...wrappers, deferredWrapper]) await api.rpc.author.submitExtrinsic(w);
    const free0 = big(((await api.query.system.account(bob.address)) as any).data.free);
    const start = await c.newBlock(1); // NextKey → PendingKey
    const submitBlock = await c.newBlock(1);
    const body = ((await api.rpc.chain.getBlock()) as any).block.extrinsics.map((x: any) => x.hash.toHex());
    const events = await eventsAt(submitBlock);
    let fees = 0n;
    for (const [i, w] of wrappers.entries()) {
      const idx = body.indexOf(w.hash.toHex());
      expect(idx, included[i].name).toBeGreaterThan(0);
      expect(body[idx + 1] === undefined || wrappers.some(o => o.hash.toHex() === body[idx + 1]), included[i].name).toBe(true); // no inner
      const evs = events.filter(e => e.index === idx);
      expect(evs.map(e => e.name)).toEqual(expect.arrayContaining(['mevShield.EncryptedSubmitted', 'system.ExtrinsicSuccess']));
      fees += big(evs.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    }
    expect(body).toHaveLength(2 + wrappers.length); // timestamp, key announcement, the four wrappers
    expect(start + 1).toBe(submitBlock);
    expect(await stakeOf()).toBe(stake0);
    expect(big(((await api.query.system.account(bob.address)) as any).data.free)).toBe(free0 - fees);
    expect(await nonceOf()).toBe(n0 + 4);
    // btcli's lookup of such an inner hash gives up after the wrapper's block and two more.
    await c.newBlock(2);
    expect(await findByHash((await signedInner(n0 + 2)).hash.toHex(), submitBlock, 2)).toBeNull();
    expect((await api.rpc.author.pendingExtrinsics()).map(x => x.hash.toHex())).toContain(deferredWrapper.hash.toHex());

    // A wrapper encrypted to a NextKey several blocks old is never included either; state stays as it was.
    const charlie = c.key('//Charlie');
    const charlieNonce = async () => ((await api.query.system.account(charlie.address)) as any).nonce.toNumber() as number;
    const n1 = await charlieNonce();
    await c.newBlock(1); // `pk` is now PendingKey's predecessor: no block will decrypt with it again
    const staleInner = api.tx.subtensorModule.addStake(hot.address, 0, TAO);
    await staleInner.signAsync(charlie, { nonce: n1 + 1, ...MEV_ERA });
    const staleWrapper = api.tx.mevShield.submitEncrypted(u8aToHex(encryptMlkem768(pk, staleInner.toU8a(), true)));
    await staleWrapper.signAsync(charlie, { nonce: n1, ...MEV_ERA });
    await api.rpc.author.submitExtrinsic(staleWrapper);
    const from = await c.newBlock(1);
    await c.newBlock(3);
    for (let b = from; b <= from + 3; b++) {
      const xs = ((await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(b))) as any).block.extrinsics.map((x: any) => x.hash.toHex());
      expect(xs).not.toContain(staleWrapper.hash.toHex());
      expect(xs).not.toContain(deferredWrapper.hash.toHex());
    }
    expect(await charlieNonce()).toBe(n1);
    expect(await nonceOf()).toBe(n0 + 4);
    expect(await stakeOf()).toBe(stake0);
  });

  it('store_encrypted queues for on_initialize, where subtensor\'s unimplemented decryptor drops it; root setters', async () => {
    const { api } = c;
    const alice = c.key('//Alice'), bob = c.key('//Bob');
    const q = api.query.mevShield as any;
    // (Nonces from the chain: earlier tests signed with explicit nonces, which c.send's own counter does not see.)
    const send = async (tx: any, signer: any) => {
      await tx.signAsync(signer, { nonce: (await api.rpc.system.accountNextIndex(signer.address)).toNumber() });
      await api.rpc.author.submitExtrinsic(tx);
      await c.newBlock(1);
      const idx = ((await api.rpc.chain.getBlock()) as any).block.extrinsics.findIndex((x: any) => x.hash.toHex() === tx.hash.toHex());
      expect(idx).toBeGreaterThan(0);
      const events = (await c.headEvents()).filter(e => e.index === idx);
      const failed = events.find(e => e.name === 'system.ExtrinsicFailed');
      const error = failed && (() => { const m = api.registry.findMetaError(failed.data[0].asModule); return `${m.section}.${m.name}`; })();
      return { ok: !failed, error, events };
    };
    const sudo = async (call: any) => (await send(api.tx.sudo.sudo(call), alice)).events.find(e => e.name === 'sudo.Sudid')!.data[0];
    const tooHeavy = await sudo(api.tx.mevShield.setOnInitializeWeight(2_000_000_000_001n));
    expect(api.registry.findMetaError(tooHeavy.asErr.asModule).name).toBe('WeightExceedsAbsoluteMax');
    expect((await q.onInitializeWeight()).toBigInt()).toBe(500_000_000_000n);
    expect((await sudo(api.tx.mevShield.setMaxExtrinsicWeight(2_000_000_000_000n))).isOk).toBe(true);
    expect((await q.maxExtrinsicWeight()).toBigInt()).toBe(2_000_000_000_000n);
    expect((await sudo(api.tx.mevShield.setMaxPendingExtrinsicsNumber(1))).isOk).toBe(true);

    // Two store_encrypted in one block: the queue holds MaxPendingExtrinsicsLimit = 1 entry until the next block's
    // on_initialize.
    const index = (await q.nextPendingExtrinsicIndex()).toNumber();
    const bobNonce = (await api.rpc.system.accountNextIndex(bob.address)).toNumber();
    const stores = [api.tx.mevShield.storeEncrypted('0x0102'), api.tx.mevShield.storeEncrypted('0x03')];
    for (const [i, tx] of stores.entries()) { await tx.signAsync(bob, { nonce: bobNonce + i }); await api.rpc.author.submitExtrinsic(tx); }
    await c.newBlock(1);
    const body = ((await api.rpc.chain.getBlock()) as any).block.extrinsics.map((x: any) => x.hash.toHex());
    const [first, second] = stores.map(tx => body.indexOf(tx.hash.toHex()));
    const events = await c.headEvents();
    const ev = events.find(e => e.index === first && e.name === 'mevShield.ExtrinsicStored')!.data;
    expect([ev.index.toNumber(), ev.who.toString()]).toEqual([index, bob.address]);
    const failed = events.find(e => e.index === second && e.name === 'system.ExtrinsicFailed')!.data[0];
    expect(api.registry.findMetaError(failed.asModule).name).toBe('TooManyPendingExtrinsics');
    expect((await q.counterForPendingExtrinsics()).toNumber()).toBe(1);
    expect((await q.pendingExtrinsics(index)).unwrap().encryptedCall.toHex()).toBe('0x0102');
    await c.newBlock(1);
    const init = (await c.headEvents()).filter(e => e.index === null && e.name.startsWith('mevShield.'));
    expect(init.map(e => [e.name, e.data.index.toNumber()])).toEqual([['mevShield.ExtrinsicDecodeFailed', index]]);
    expect((await q.pendingExtrinsics(index)).isNone).toBe(true);
    expect((await q.counterForPendingExtrinsics()).toNumber()).toBe(0);
    expect((await q.nextPendingExtrinsicIndex()).toNumber()).toBe(index + 1);
  });

  it('instant block mode includes a lone wrapper without further traffic', async () => {
    const { api } = c;
    const dave = c.key('//Dave'), hot = c.key('//Alice//shield-hot');
    const nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();
    const inner = api.tx.subtensorModule.addStake(hot.address, 0, TAO);
    await inner.signAsync(dave, { nonce: nonce + 1, ...MEV_ERA });
    const nextKey = ((await api.query.mevShield.nextKey()) as any).unwrap().toU8a(true);
    const wrapper = api.tx.mevShield.submitEncrypted(u8aToHex(encryptMlkem768(nextKey, inner.toU8a(), true)));
    await wrapper.signAsync(dave, { nonce, ...MEV_ERA });
    const head0 = (await api.rpc.chain.getHeader()).number.toNumber();
    await (c.api as any)._rpcCore.provider.send('dev_setBlockBuildMode', ['Instant']);
    try {
      await api.rpc.author.submitExtrinsic(wrapper);
      let found = null;
      for (let i = 0; i < 100 && !found; i++) {
        await new Promise(r => setTimeout(r, 20));
        found = await findByHash(wrapper.hash.toHex(), head0 + 1, 2);
      }
      expect(found).not.toBeNull();
      expect(await findByHash(inner.hash.toHex(), found!.block, 0)).toEqual({ block: found!.block, index: found!.index + 1 });
    } finally {
      await (c.api as any)._rpcCore.provider.send('dev_setBlockBuildMode', ['Manual']);
    }
  });
});

/** btcli's wait_for_extrinsic_by_hash: the block (from `start` to `start + timeoutBlocks`) and index of the
 *  extrinsic whose blake2-256 hash is `hash`. */
async function findByHash(hash: string, start: number, timeoutBlocks: number): Promise<{ block: number; index: number } | null> {
  for (let b = start; b - start <= timeoutBlocks; b++) {
    const blockHash = await c.api.rpc.chain.getBlockHash(b);
    if (blockHash.isEmpty) return null;
    const xs = ((await c.api.rpc.chain.getBlock(blockHash)) as any).block.extrinsics;
    const i = xs.findIndex((x: any) => u8aToHex(blake2AsU8a(x.toU8a())) === hash);
    if (i >= 0) return { block: b, index: i };
  }
  return null;
}

async function eventsAt(block: number): Promise<{ index: number | null; name: string; data: any }[]> {
  const at = await c.api.at(await c.api.rpc.chain.getBlockHash(block));
  return ((await at.query.system.events()) as any).map((r: any) => ({
    index: r.phase.isApplyExtrinsic ? r.phase.asApplyExtrinsic.toNumber() : null,
    name: `${r.event.section}.${r.event.method}`,
    data: r.event.data,
  }));
}
