// EVM key association (SubtensorModule 93) and try_associate_hotkey (91) through the real node and @polkadot/api.
// The EVM side is built here with @polkadot/util-crypto (not the runtime's @noble code): the address is
// keccak_256(uncompressed public key)[12..], and the key signs EIP-191 style the 64-byte message
// hotkey ++ keccak_256(block_number as u64 LE), as HEAD's do_associate_evm_key expects.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { keccakAsU8a, secp256k1PairFromSeed, secp256k1Expand, secp256k1Sign } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a, bnToU8a } from '@polkadot/util';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const TAO = 1_000_000_000n;
const evmPair = secp256k1PairFromSeed(new Uint8Array(32).fill(7));
const evmAddress = keccakAsU8a(secp256k1Expand(evmPair.publicKey)).slice(12);

/** r ++ s ++ (27 + recovery), as an Ethereum wallet's personal_sign returns it. */
function personalSign(hotkey: Uint8Array, blockNumber: number): Uint8Array {
  const message = u8aConcat(hotkey, keccakAsU8a(bnToU8a(blockNumber, { bitLength: 64, isLe: true })));
  const prefixed = u8aConcat(stringToU8a(`\x19Ethereum Signed Message:\n${message.length}`), message);
  const sig = secp256k1Sign(prefixed, evmPair, 'keccak');
  const out = new Uint8Array(65);
  out.set(sig.slice(0, 64));
  out[64] = sig[64] + 27;
  return out;
}

describe('EVM key association through the node', () => {
  it('associates with a valid signature, refuses bad ones with state unchanged, rate-limits per uid', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice');
    const hot = c.key('//Alice//evm-hot');
    const stranger = c.key('//Alice//evm-stranger');
    for (const who of [hot, stranger]) expect((await c.send(tx.balances.transferKeepAlive(who.address, 10n * TAO), alice)).ok).toBe(true);
    const reg = await c.send(tx.subtensorModule.registerNetwork(hot.address), alice);
    expect(reg.ok, reg.error).toBe(true);
    const netuid = reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toNumber();
    const uid = (await q.subtensorModule.uids(netuid, hot.address)).unwrap().toNumber();

    // A key that is not registered on the subnet is refused by the pool (CheckEvmKeyAssociation: UidNotFound = 19).
    await expect(c.send(tx.subtensorModule.associateEvmKey(netuid, u8aToHex(evmAddress), 1, u8aToHex(personalSign(stranger.publicKey, 1))), stranger))
      .rejects.toThrow(/Custom error: 19/);

    const free0 = (await api.query.system.account(hot.address) as any).data.free.toBigInt();
    // Wrong address → InvalidRecoveredPublicKey; a signature by nobody (r = 0) → InvalidIdentity; both free (Pays::No).
    const wrong = await c.send(tx.subtensorModule.associateEvmKey(netuid, u8aToHex(new Uint8Array(20).fill(1)), 5, u8aToHex(personalSign(hot.publicKey, 5))), hot);
    expect(wrong.error).toBe('subtensorModule.InvalidRecoveredPublicKey');
    const garbage = new Uint8Array(65); garbage[64] = 27;
    const bad = await c.send(tx.subtensorModule.associateEvmKey(netuid, u8aToHex(evmAddress), 5, u8aToHex(garbage)), hot);
    expect(bad.error).toBe('subtensorModule.InvalidIdentity');
    // A signature over another block number recovers another key.
    const other = await c.send(tx.subtensorModule.associateEvmKey(netuid, u8aToHex(evmAddress), 6, u8aToHex(personalSign(hot.publicKey, 5))), hot);
    expect(other.error).toBe('subtensorModule.InvalidRecoveredPublicKey');
    expect((await q.subtensorModule.associatedEvmAddress(netuid, uid)).isNone).toBe(true);
    expect((await api.query.system.account(hot.address) as any).data.free.toBigInt()).toBe(free0);

    // Valid: stored as (address, current block), EvmKeyAssociated emitted.
    const ok = await c.send(tx.subtensorModule.associateEvmKey(netuid, u8aToHex(evmAddress), 5, u8aToHex(personalSign(hot.publicKey, 5))), hot);
    expect(ok.ok, ok.error).toBe(true);
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const [addr, at] = (await q.subtensorModule.associatedEvmAddress(netuid, uid)).unwrap();
    expect(u8aToHex(addr)).toBe(u8aToHex(evmAddress));
    expect(at.toNumber()).toBe(head);
    const ev = ok.events.find(e => e.name === 'subtensorModule.EvmKeyAssociated')!.data;
    expect([ev[0].toNumber(), ev[1].toString(), u8aToHex(ev[2]), ev[3].toNumber()]).toEqual([netuid, hot.address, u8aToHex(evmAddress), head]);

    // Rate limit (fast runtime: 1 block). Two associations in one block: both pass the pool (checked against the
    // parent), but the block builder's check at the state after the first refuses the second (not included).
    const assoc = (n: number) => tx.subtensorModule.associateEvmKey(netuid, u8aToHex(evmAddress), n, u8aToHex(personalSign(hot.publicKey, n)));
    await c.submit(assoc(9), hot);
    await c.submit(assoc(10), hot);
    await c.newBlock();
    let events = await c.headEvents();
    expect(events.filter(e => e.name === 'subtensorModule.EvmKeyAssociated').length).toBe(1);
    expect(events.filter(e => e.name === 'system.ExtrinsicFailed').length).toBe(0);
    expect((await api.rpc.chain.getBlock()).block.extrinsics.filter(x => x.isSigned).length).toBe(1);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0); // dropped as invalid, not kept for later
    // Nested in a batch the check runs at dispatch (HEAD's dispatch extension): the second fails.
    const batch = tx.utility.batch([assoc(11), assoc(12)]);
    await batch.signAsync(hot, { nonce: await api.rpc.system.accountNextIndex(hot.address) });
    await api.rpc.author.submitExtrinsic(batch);
    await c.newBlock();
    events = await c.headEvents();
    expect(events.some(e => e.name === 'system.ExtrinsicSuccess' && e.index === 1)).toBe(true);
    expect(events.filter(e => e.name === 'subtensorModule.EvmKeyAssociated').length).toBe(1);
    const interrupted = events.find(e => e.name === 'utility.BatchInterrupted')!.data;
    expect(interrupted[0].toNumber()).toBe(1);
    expect(api.registry.findMetaError(interrupted[1].asModule).name).toBe('EvmKeyAssociateRateLimitExceeded');
  }, 120_000);

  it('try_associate_hotkey records the first coldkey only', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const bob = c.key('//Bob'), charlie = c.key('//Charlie');
    const hot = c.key('//Bob//assoc-hot');
    expect((await q.subtensorModule.owner(hot.address)).toString()).not.toBe(bob.address);
    expect((await c.send(tx.subtensorModule.tryAssociateHotkey(hot.address), bob)).ok).toBe(true);
    expect((await q.subtensorModule.owner(hot.address)).toString()).toBe(bob.address);
    expect((await q.subtensorModule.ownedHotkeys(bob.address)).map(String)).toContain(hot.address);
    // Another coldkey's attempt succeeds (and is charged) but changes nothing, as at HEAD.
    const r = await c.send(tx.subtensorModule.tryAssociateHotkey(hot.address), charlie);
    expect(r.ok).toBe(true);
    expect(r.events.some(e => e.name === 'transactionPayment.TransactionFeePaid')).toBe(true);
    expect((await q.subtensorModule.owner(hot.address)).toString()).toBe(bob.address);
    expect((await q.subtensorModule.ownedHotkeys(charlie.address)).map(String)).not.toContain(hot.address);
  }, 60_000);
});
