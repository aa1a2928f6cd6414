// Proxy (16) through the real node and @polkadot/api, the way the SDK's proxy e2e tests and btcli `--proxy` use it:
// a proxied transfer, proxied add_stake per relevant ProxyType and the calls their filters refuse, SmallTransfer's
// limit, announcements with a delay, pure proxies, the real-pays-fee rule, ProxyFilterRuntimeApi; bad input
// (unknown proxy, wrong delay, not enough for the deposit) fails with HEAD's error and leaves state as it was.
// Expected deposits are HEAD's runtime constants: deposit(items, bytes) = items·20_000_000 + bytes·1_000_000 rao.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;
const PROXY_BASE = 20_000_000n + 40n * 1_000_000n;
const PROXY_FACTOR = 33n * 1_000_000n;
const ANN_BASE = 20_000_000n + 16n * 1_000_000n;
const ANN_FACTOR = 68n * 1_000_000n;

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('Proxy through the node', () => {
  it('proxied transfer and add_stake per ProxyType, filtered calls, fees, delays, pure proxies, errors', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave'), eve = c.key('//Eve');
    const hot = c.key('//Alice//proxy-hot');
    const acct = async (a: string) => { const d = (await api.query.system.account(a) as any).data; return { free: big(d.free), reserved: big(d.reserved) }; };
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const feePayer = (events: { name: string; data: any }[]) => events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[0].toString();
    const executed = (events: { name: string; data: any }[]) => {
      const r = events.find(e => e.name === 'proxy.ProxyExecuted')!.data[0];
      if (r.isOk) return 'ok';
      const m = api.registry.findMetaError(r.asErr.asModule);
      return `${m.section}.${m.name}`;
    };
    const stakeOf = async (cold: string) =>
      big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot.address, cold, 0)).unwrap().stake);

    // A hotkey to stake to (root, mechanism 0: stake equals the TAO put in).
    expect((await c.send(tx.subtensorModule.registerNetwork(hot.address), alice)).ok).toBe(true);

    // ── add_proxy: deposit base + factor reserved, definition stored ──
    const a0 = await acct(alice.address);
    const add = await c.send(tx.proxy.addProxy(bob.address, 'Transfer', 0), alice);
    expect(add.ok, add.error).toBe(true);
    expect(add.events.some(e => e.name === 'proxy.ProxyAdded')).toBe(true);
    const a1 = await acct(alice.address);
    expect(a1.reserved - a0.reserved).toBe(PROXY_BASE + PROXY_FACTOR);
    expect(a1.free).toBe(a0.free - fee(add.events) - PROXY_BASE - PROXY_FACTOR);
    const [defs, dep] = (await q.proxy.proxies(alice.address)) as any;
    expect(defs.length).toBe(1);
    expect(defs[0].delegate.toString()).toBe(bob.address);
    expect(defs[0].proxyType.toString()).toBe('Transfer');
    expect(big(dep)).toBe(PROXY_BASE + PROXY_FACTOR);

    // ── Transfer proxy: a transfer as Alice goes through, Bob pays the fee ──
    const c0 = await acct(charlie.address);
    const b0 = await acct(bob.address);
    const pt = await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(charlie.address, TAO)), bob);
    expect(pt.ok, pt.error).toBe(true);
    expect(executed(pt.events)).toBe('ok');
    expect((await acct(charlie.address)).free).toBe(c0.free + TAO);
    expect((await acct(alice.address)).free).toBe(a1.free - TAO);
    expect((await acct(bob.address)).free).toBe(b0.free - fee(pt.events));
    expect(feePayer(pt.events)).toBe(bob.address);
    expect((await q.proxy.lastCallResult(alice.address)).isNone).toBe(true); // cleared at the end of the block

    // …but add_stake is outside the Transfer filter: CallFiltered inside ProxyExecuted, no stake.
    const filtered = await c.send(tx.proxy.proxy(alice.address, null, tx.subtensorModule.addStake(hot.address, 0, TAO)), bob);
    expect(filtered.ok).toBe(true);
    expect(executed(filtered.events)).toBe('system.CallFiltered');
    expect(await stakeOf(alice.address)).toBe(0n);

    // ── Staking / NonTransfer / NonFungible proxies and add_stake ──
    for (const [delegate, type] of [[dave, 'Staking'], [eve, 'NonTransfer'], [charlie, 'NonFungible']] as const) {
      const r = await c.send(tx.proxy.addProxy(delegate.address, type, 0), alice);
      expect(r.ok, r.error).toBe(true);
    }
    const s0 = await stakeOf(alice.address);
    const staked = await c.send(tx.proxy.proxy(alice.address, 'Staking', tx.subtensorModule.addStake(hot.address, 0, 2n * TAO)), dave);
    expect(executed(staked.events)).toBe('ok');
    expect(await stakeOf(alice.address)).toBe(s0 + 2n * TAO);
    const stakedNt = await c.send(tx.proxy.proxy(alice.address, null, tx.subtensorModule.addStake(hot.address, 0, TAO)), eve);
    expect(executed(stakedNt.events)).toBe('ok');
    expect(await stakeOf(alice.address)).toBe(s0 + 3n * TAO);
    const stakedNf = await c.send(tx.proxy.proxy(alice.address, null, tx.subtensorModule.addStake(hot.address, 0, TAO)), charlie);
    expect(executed(stakedNf.events)).toBe('system.CallFiltered');
    const transferNt = await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(eve.address, TAO)), eve);
    expect(executed(transferNt.events)).toBe('system.CallFiltered');
    const transferSt = await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(dave.address, TAO)), dave);
    expect(executed(transferSt.events)).toBe('system.CallFiltered');
    expect(await stakeOf(alice.address)).toBe(s0 + 3n * TAO);
    // The filter follows the origin into a batch: the transfer inside is refused.
    const batched = await c.send(tx.proxy.proxy(alice.address, null, tx.utility.batchAll([tx.subtensorModule.addStake(hot.address, 0, TAO), tx.balances.transferKeepAlive(dave.address, TAO)])), dave);
    expect(executed(batched.events)).toBe('system.CallFiltered');
    expect(await stakeOf(alice.address)).toBe(s0 + 3n * TAO);
    // A Staking proxy may not give itself (or anyone) an Any proxy: is_superset(Staking, Any) is false.
    const escalate = await c.send(tx.proxy.proxy(alice.address, null, tx.proxy.addProxy(dave.address, 'Any', 0)), dave);
    expect(executed(escalate.events)).toBe('system.CallFiltered');

    // ── SmallTransfer: below 0.5 TAO passes, 0.5 TAO does not ──
    const small = c.key('//Alice//small');
    expect((await c.send(tx.proxy.addProxy(small.address, 'SmallTransfer', 0), alice)).ok).toBe(true);
    expect((await c.send(tx.balances.transferKeepAlive(small.address, TAO), alice)).ok).toBe(true);
    const d0 = await acct(dave.address);
    expect(executed((await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(dave.address, TAO / 2n - 1n)), small)).events)).toBe('ok');
    expect(executed((await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(dave.address, TAO / 2n)), small)).events)).toBe('system.CallFiltered');
    expect((await acct(dave.address)).free).toBe(d0.free + TAO / 2n - 1n);

    // ── unknown proxy: NotProxy, nothing moves but the fee ──
    const stranger = c.key('//Alice//stranger');
    expect((await c.send(tx.balances.transferKeepAlive(stranger.address, TAO), alice)).ok).toBe(true);
    const aBefore = await acct(alice.address);
    const notProxy = await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(stranger.address, TAO)), stranger);
    expect(notProxy.error).toBe('proxy.NotProxy');
    expect(await acct(alice.address)).toEqual(aBefore);
    // force_proxy_type that does not match the delegate's: NotProxy as well.
    expect((await c.send(tx.proxy.proxy(alice.address, 'Any', tx.balances.transferKeepAlive(dave.address, 1000n)), bob)).error).toBe('proxy.NotProxy');
    // remove_proxy with the wrong delay: NotFound, definitions unchanged.
    expect((await c.send(tx.proxy.removeProxy(bob.address, 'Transfer', 5), alice)).error).toBe('proxy.NotFound');
    expect(((await q.proxy.proxies(alice.address)) as any)[0].length).toBe(5);
    // duplicate and self proxy
    expect((await c.send(tx.proxy.addProxy(bob.address, 'Transfer', 0), alice)).error).toBe('proxy.Duplicate');
    expect((await c.send(tx.proxy.addProxy(alice.address, 'Any', 0), alice)).error).toBe('proxy.NoSelfProxy');

    // ── not enough for the deposit: InsufficientBalance, nothing reserved ──
    const poor = c.key('//Alice//poor');
    expect((await c.send(tx.balances.transferKeepAlive(poor.address, PROXY_BASE + PROXY_FACTOR), alice)).ok).toBe(true);
    const p0 = await acct(poor.address);
    const poorAdd = await c.send(tx.proxy.addProxy(bob.address, 'Any', 0), poor);
    expect(poorAdd.error).toBe('balances.InsufficientBalance');
    const p1 = await acct(poor.address);
    expect(p1.reserved).toBe(0n);
    expect(p1.free).toBe(p0.free - fee(poorAdd.events));
    expect((await q.proxy.proxies(poor.address))[0].length).toBe(0);

    // ── delayed proxy: proxy() is Unannounced; announce, too early → Unannounced; after the delay → executes ──
    const delayed = c.key('//Alice//delayed');
    expect((await c.send(tx.balances.transferKeepAlive(delayed.address, TAO), alice)).ok).toBe(true);
    expect((await c.send(tx.proxy.addProxy(delayed.address, 'Any', 3), alice)).ok).toBe(true);
    const inner = tx.balances.transferKeepAlive(charlie.address, 7n * TAO);
    expect((await c.send(tx.proxy.proxy(alice.address, null, inner), delayed)).error).toBe('proxy.Unannounced');
    const hash = blake2AsU8a(inner.method.toU8a());
    const dl0 = await acct(delayed.address);
    const ann = await c.send(tx.proxy.announce(alice.address, hash), delayed);
    expect(ann.ok, ann.error).toBe(true);
    const dl1 = await acct(delayed.address);
    expect(dl1.reserved - dl0.reserved).toBe(ANN_BASE + ANN_FACTOR);
    const [pending] = (await q.proxy.announcements(delayed.address)) as any;
    expect(u8aToHex(pending[0].callHash.toU8a())).toBe(u8aToHex(hash));
    const annHeight = pending[0].height.toNumber();
    const early = await c.send(tx.proxy.proxyAnnounced(delayed.address, alice.address, null, inner), bob);
    expect(early.error).toBe('proxy.Unannounced');
    expect(((await q.proxy.announcements(delayed.address)) as any)[0].length).toBe(1);
    const head = await c.newBlock(annHeight + 3 - (await api.rpc.chain.getHeader()).number.toNumber() - 1);
    expect(head).toBe(annHeight + 2); // the next block is annHeight + 3: now − height = delay
    const c1 = await acct(charlie.address);
    const late = await c.send(tx.proxy.proxyAnnounced(delayed.address, alice.address, null, inner), bob);
    expect(late.ok, late.error).toBe(true);
    expect(executed(late.events)).toBe('ok');
    expect((await acct(charlie.address)).free).toBe(c1.free + 7n * TAO);
    expect((await acct(delayed.address)).reserved).toBe(dl0.reserved); // announcement deposit released
    expect((await q.proxy.announcements(delayed.address))[0].length).toBe(0);

    // ── real pays fee: Alice opts in for Bob; Bob's proxy call is paid by Alice ──
    expect((await c.send(tx.proxy.setRealPaysFee(bob.address, true), alice)).ok).toBe(true);
    expect((await q.proxy.realPaysFee(alice.address, bob.address)).isSome).toBe(true);
    const bb = await acct(bob.address);
    const ab = await acct(alice.address);
    const paid = await c.send(tx.proxy.proxy(alice.address, null, tx.balances.transferKeepAlive(charlie.address, TAO)), bob);
    expect(executed(paid.events)).toBe('ok');
    expect(feePayer(paid.events)).toBe(alice.address);
    expect((await acct(bob.address)).free).toBe(bb.free);
    expect((await acct(alice.address)).free).toBe(ab.free - TAO - fee(paid.events));
    // Not for a delegate that did not opt in (Dave): Dave pays.
    const notOpted = await c.send(tx.proxy.proxy(alice.address, null, tx.subtensorModule.addStake(hot.address, 0, TAO)), dave);
    expect(feePayer(notOpted.events)).toBe(dave.address);
    // set_real_pays_fee for someone who is not a proxy: NotProxy.
    expect((await c.send(tx.proxy.setRealPaysFee(stranger.address, true), alice)).error).toBe('proxy.NotProxy');

    // ── pure proxy: created, controlled through proxy(), killed by itself; spawner's deposit returned ──
    const ch0 = await acct(charlie.address);
    const created = await c.send(tx.proxy.createPure('Any', 0, 0), charlie);
    expect(created.ok, created.error).toBe(true);
    const pure = created.events.find(e => e.name === 'proxy.PureCreated')!.data[0].toString();
    const header = await api.rpc.chain.getHeader();
    const block = await api.rpc.chain.getBlock();
    const extIndex = block.block.extrinsics.findIndex(x => x.method.section === 'proxy' && x.method.method === 'createPure');
    expect((await acct(charlie.address)).reserved - ch0.reserved).toBe(PROXY_BASE + PROXY_FACTOR);
    expect((await c.send(tx.balances.transferKeepAlive(pure, TAO), alice)).ok).toBe(true);
    const kill = await c.send(tx.proxy.proxy(pure, null, tx.proxy.killPure(charlie.address, 'Any', 0, header.number.toNumber(), extIndex)), charlie);
    expect(executed(kill.events)).toBe('ok');
    expect((await q.proxy.proxies(pure))[0].length).toBe(0);
    expect((await acct(charlie.address)).reserved).toBe(ch0.reserved);

    // ── remove_proxies: everything unreserved ──
    const rm = await c.send(tx.proxy.removeProxies(), alice);
    expect(rm.ok, rm.error).toBe(true);
    expect((await q.proxy.proxies(alice.address))[0].length).toBe(0);
    expect((await acct(alice.address)).reserved).toBe(a0.reserved);
    expect((await q.proxy.realPaysFee(alice.address, bob.address)).isNone).toBe(true);
  }, 120_000);

  it('ProxyFilterRuntimeApi lists HEAD\'s proxy types and filters', async () => {
    const call = c.api.call as any;
    const types = (await call.proxyFilterRuntimeApi.getProxyTypes()).toJSON();
    expect(types.length).toBe(18);
    expect(types[11]).toEqual({ name: c.api.createType('Bytes', 'SmallTransfer').toHex(), index: 11, deprecated: false });
    expect(types.filter((x: any) => x.deprecated).map((x: any) => x.index)).toEqual([4, 6, 7, 12]);
    const small = (await call.proxyFilterRuntimeApi.getProxyFilter(11)).toJSON();
    expect(small.length).toBe(1);
    expect(small[0].filterMode).toBe('Allow');
    // Balances.transfer_keep_alive (5, 3) below 0.5 TAO.
    expect(small[0].calls[0]).toMatchObject({ palletIndex: 5, callIndex: 3, condition: { paramLessThan: { limit: 500_000_000 } } });
    const all = (await call.proxyFilterRuntimeApi.getProxyFilter(null)).toJSON();
    expect(all.map((f: any) => f.proxyType)).toEqual([0, 3, 5, 10, 11, 1, 2, 6, 4, 7, 8, 9, 12, 13, 14, 15, 16, 17]);
    const nonTransfer = all.find((f: any) => f.proxyType === 3);
    expect(nonTransfer.filterMode).toBe('Deny');
    expect(nonTransfer.calls[0]).toMatchObject({ palletIndex: 5, callName: null, callIndex: null });
  });
});
