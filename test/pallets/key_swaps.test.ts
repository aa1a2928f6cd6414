// Key swaps through the real node and @polkadot/api, as btcli's `wallet swap-hotkey` / `swap-coldkey` and the SDK's
// coldkey_swap e2e tests drive them: a hotkey swap after which the uid, metagraph row, axon, stake and ownership
// follow the new key (cost KeySwapCost 0.1 TAO recycled); bad swaps (a key in use, same key, rate limit) fail with
// HEAD's errors and change nothing but the fee; a coldkey swap announce → wait ColdkeySwapAnnouncementDelay (50 in
// fast-runtime) → swap moving balance and stake; one disputed, which blocks every call (Custom 21) until Root resets.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;
const KEY_SWAP_COST = 100_000_000n;

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('key swaps through the node', () => {
  it('hotkey swap: uid, axon, stake and ownership follow the new key; bad swaps change nothing', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query.subtensorModule as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie');
    const ownerHot = c.key('//Alice//swap-owner'), hb = c.key('//Bob//hot1'), hb2 = c.key('//Bob//hot2'), hb3 = c.key('//Bob//hot3'), hc = c.key('//Charlie//hot');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const stakeOf = async (hot: string, cold: string, netuid: number) =>
      big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot, cold, netuid)).unwrap().stake);

    const reg = await c.send(tx.subtensorModule.registerNetwork(ownerHot.address), alice);
    const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
    expect((await c.send(tx.subtensorModule.startCall(netuid), alice)).ok).toBe(true);
    for (const [cold, hot] of [[bob, hb], [bob, hb3], [charlie, hc]] as const) {
      const r = await c.send(tx.subtensorModule.burnedRegister(netuid, hot.address), cold);
      expect(r.ok, r.error).toBe(true);
      await c.newBlock(); // one registration per block (MaxRegistrationsPerBlock 1)
    }
    const uid = (await q.uids(netuid, hb.address)).unwrap().toNumber();
    expect((await c.send(tx.subtensorModule.serveAxon(netuid, 1, 0x01020304, 8091, 4, 0, 0, 0), hb)).ok).toBe(true);
    expect((await c.send(tx.subtensorModule.addStake(hb.address, 0, 5n * TAO), charlie)).ok).toBe(true);
    expect((await c.send(tx.subtensorModule.addStake(hb.address, netuid, 10n * TAO), charlie)).ok).toBe(true);
    const rootStake = await stakeOf(hb.address, charlie.address, 0);
    const subStake = await stakeOf(hb.address, charlie.address, netuid);
    expect(rootStake).toBe(5n * TAO);

    // ── bad swaps: HEAD's error, nothing but the fee changes ──
    const b0 = await free(bob.address);
    const bad = [
      [tx.subtensorModule.swapHotkey(hb.address, hc.address, null), 'subtensorModule.NonAssociatedColdKey'], // Charlie's key
      [tx.subtensorModule.swapHotkey(hb.address, hb3.address, null), 'subtensorModule.HotKeyAlreadyRegisteredInSubNet'], // in use
      [tx.subtensorModule.swapHotkey(hb.address, hb.address, null), 'subtensorModule.NewHotKeyIsSameWithOld'],
      [tx.subtensorModule.swapHotkey(hc.address, hb2.address, null), 'subtensorModule.NonAssociatedColdKey'], // not Bob's
    ] as const;
    let fees = 0n;
    for (const [call, error] of bad) {
      const r = await c.send(call, bob);
      expect(r.error).toBe(error);
      fees += fee(r.events);
    }
    expect(await free(bob.address)).toBe(b0 - fees);
    expect((await q.uids(netuid, hb.address)).unwrap().toNumber()).toBe(uid);
    expect((await q.owner(hb3.address)).toString()).toBe(bob.address);

    // ── the swap ──
    const issuance0 = big(await q.totalIssuance());
    const b1 = await free(bob.address);
    const swap = await c.send(tx.subtensorModule.swapHotkey(hb.address, hb2.address, null), bob);
    expect(swap.ok, swap.error).toBe(true);
    const ev = swap.events.find(e => e.name === 'subtensorModule.HotkeySwapped')!.data;
    expect([ev[0].toString(), ev[1].toString(), ev[2].toString()]).toEqual([bob.address, hb.address, hb2.address]);
    expect(await free(bob.address)).toBe(b1 - fee(swap.events) - KEY_SWAP_COST);
    expect(big(await q.totalIssuance())).toBe(issuance0 - KEY_SWAP_COST);
    // uid slot, keys, axon, ownership
    expect((await q.uids(netuid, hb2.address)).unwrap().toNumber()).toBe(uid);
    expect((await q.uids(netuid, hb.address)).isNone).toBe(true);
    expect((await q.keys(netuid, uid)).toString()).toBe(hb2.address);
    expect((await q.axons(netuid, hb2.address)).unwrap().port.toNumber()).toBe(8091);
    expect((await q.axons(netuid, hb.address)).isNone).toBe(true);
    expect((await q.owner(hb2.address)).toString()).toBe(bob.address);
    expect((await q.ownedHotkeys(bob.address)).map((x: any) => x.toString()).sort()).toEqual([hb2.address, hb3.address].sort());
    expect((await q.isNetworkMember(hb2.address, netuid)).isTrue).toBe(true);
    // metagraph row of the uid now names the new hotkey
    const neuron = (await (api.call as any).neuronInfoRuntimeApi.getNeuronLite(netuid, uid)).unwrap();
    expect(neuron.hotkey.toString()).toBe(hb2.address);
    // stake follows (share arithmetic may leave at most one rao behind per move)
    expect(await stakeOf(hb2.address, charlie.address, 0)).toBe(rootStake);
    const moved = await stakeOf(hb2.address, charlie.address, netuid);
    expect(subStake - moved <= 1n && moved <= subStake).toBe(true);
    expect(await stakeOf(hb.address, charlie.address, netuid)).toBe(0n);
    expect((await q.stakingHotkeys(charlie.address)).map((x: any) => x.toString())).toContain(hb2.address);
    // TxRateLimit (1000 blocks) now blocks Bob's next swap.
    expect((await c.send(tx.subtensorModule.swapHotkey(hb2.address, c.key('//Bob//hot4').address, null), bob)).error).toBe('subtensorModule.HotKeySetTxRateLimitExceeded');
  }, 120_000);

  it('coldkey swap: announce → wait → swap; a disputed one blocks the coldkey until Root resets it', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query.subtensorModule as any;
    const alice = c.key('//Alice'), dave = c.key('//Dave'), eve = c.key('//Eve');
    const newCold = c.key('//Dave//new-cold');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
    const hot = c.key('//Alice//swap-owner');
    const stakeOf = async (cold: string) =>
      big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot.address, cold, 0)).unwrap().stake);
    const rejected = async (call: any, signer: any) => {
      // Signed with the chain's next nonce, outside the client's nonce tracking (the pool refuses it).
      const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
      try { await api.rpc.author.submitExtrinsic(await call.signAsync(signer, { nonce })); return 'accepted'; } catch (e) { return String((e as Error).message); }
    };

    expect((await c.send(tx.subtensorModule.addStake(hot.address, 0, 3n * TAO), dave)).ok).toBe(true);
    const stake0 = await stakeOf(dave.address);
    const hash = blake2AsU8a(decodeAddress(newCold.address));
    const d0 = await free(dave.address);
    const ann = await c.send(tx.subtensorModule.announceColdkeySwap(hash), dave);
    expect(ann.ok, ann.error).toBe(true);
    expect(await free(dave.address)).toBe(d0 - fee(ann.events) - KEY_SWAP_COST);
    const [when] = (await q.coldkeySwapAnnouncements(dave.address)).unwrap();
    expect(when.toNumber()).toBe((await head()) + 50);

    // While announced, other calls are refused at the pool (Custom 0 = ColdkeyInSwapSchedule).
    expect(await rejected(tx.balances.transferKeepAlive(alice.address, TAO), dave)).toMatch(/Custom error: 0/);
    // Too early, and the wrong key, fail with HEAD's errors (the announcement stays).
    expect((await c.send(tx.subtensorModule.swapColdkeyAnnounced(newCold.address), dave)).error).toBe('subtensorModule.ColdkeySwapTooEarly');
    expect((await c.send(tx.subtensorModule.swapColdkeyAnnounced(eve.address), dave)).error).toBe('subtensorModule.AnnouncedColdkeyHashDoesNotMatch');
    expect((await q.coldkeySwapAnnouncements(dave.address)).isSome).toBe(true);
    while ((await head()) < when.toNumber() - 1) await c.newBlock(Math.min(20, when.toNumber() - 1 - (await head())));
    const dBefore = await free(dave.address);
    const swap = await c.send(tx.subtensorModule.swapColdkeyAnnounced(newCold.address), dave);
    expect(swap.ok, swap.error).toBe(true);
    expect(swap.events.some(e => e.name === 'subtensorModule.ColdkeySwapped')).toBe(true);
    expect(await free(dave.address)).toBe(0n);
    expect(await free(newCold.address)).toBe(dBefore - fee(swap.events));
    expect(await stakeOf(newCold.address)).toBe(stake0);
    expect(await stakeOf(dave.address)).toBe(0n);
    expect((await q.coldkeySwapAnnouncements(dave.address)).isNone).toBe(true);

    // ── disputed: every call of the coldkey is refused (Custom 21), even the swap, until Root resets ──
    expect((await c.send(tx.subtensorModule.announceColdkeySwap(blake2AsU8a(decodeAddress(alice.address))), eve)).ok).toBe(true);
    const disputed = await c.send(tx.subtensorModule.disputeColdkeySwap(), eve);
    expect(disputed.events.some(e => e.name === 'subtensorModule.ColdkeySwapDisputed')).toBe(true);
    expect(await rejected(tx.balances.transferKeepAlive(alice.address, TAO), eve)).toMatch(/Custom error: 21/);
    expect(await rejected(tx.subtensorModule.swapColdkeyAnnounced(alice.address), eve)).toMatch(/Custom error: 21/);
    const reset = await c.send(tx.sudo.sudo(tx.subtensorModule.resetColdkeySwap(eve.address)), alice);
    expect(reset.events.some(e => e.name === 'subtensorModule.ColdkeySwapReset')).toBe(true);
    expect((await q.coldkeySwapDisputes(eve.address)).isNone).toBe(true);
    expect((await c.send(tx.balances.transferKeepAlive(alice.address, TAO), eve)).ok).toBe(true);
    // clear without an announcement: NotFound
    expect((await c.send(tx.subtensorModule.clearColdkeySwapAnnouncement(), eve)).error).toBe('subtensorModule.ColdkeySwapAnnouncementNotFound');
  }, 120_000);

  it('sudo_set_coldkey_swap_(re)announcement_delay set the delays the swap calls use (the SDK\'s test setup shortens them)', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query.subtensorModule as any;
    const alice = c.key('//Alice'), ferdie = c.key('//Ferdie');
    const newCold = c.key('//Ferdie//new-cold');
    const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
    const set = await c.send(tx.sudo.sudo(tx.adminUtils.sudoSetColdkeySwapAnnouncementDelay(3)), alice);
    expect(set.events.some(e => e.name === 'subtensorModule.ColdkeySwapAnnouncementDelaySet')).toBe(true);
    expect((await c.send(tx.sudo.sudo(tx.adminUtils.sudoSetColdkeySwapReannouncementDelay(2)), alice)).ok).toBe(true);
    expect((await q.coldkeySwapAnnouncementDelay()).toNumber()).toBe(3);
    expect((await q.coldkeySwapReannouncementDelay()).toNumber()).toBe(2);
    const ann = await c.send(tx.subtensorModule.announceColdkeySwap(blake2AsU8a(decodeAddress(newCold.address))), ferdie);
    expect(ann.ok, ann.error).toBe(true);
    const [when] = (await q.coldkeySwapAnnouncements(ferdie.address)).unwrap();
    expect(when.toNumber()).toBe((await head()) + 3);
    while ((await head()) < when.toNumber() - 1) await c.newBlock(1);
    const swap = await c.send(tx.subtensorModule.swapColdkeyAnnounced(newCold.address), ferdie);
    expect(swap.ok, swap.error).toBe(true);
  }, 60_000);
});
