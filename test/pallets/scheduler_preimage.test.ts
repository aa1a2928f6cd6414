// Scheduler (15) and Preimage (14) through the real node and @polkadot/api: a call scheduled by Root runs in
// on_initialize of exactly its block (not before), named tasks and cancellation, a periodic task, a failing task
// retried after its period, a call too long to inline kept in Preimage; HEAD's errors for bad input. Preimage's
// deposit is HEAD's HoldConsideration price: deposit(2, 64) + deposit(0, 1) per byte, held under reason Preimage.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('Scheduler and Preimage through the node', () => {
  it('runs scheduled calls at their block, periodic and retried; errors', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
    const sudo = async (call: any) => {
      const r = await c.send(tx.sudo.sudo(call), alice);
      const sudid = r.events.find(e => e.name === 'sudo.Sudid')!.data[0];
      return sudid.isOk ? 'ok' : (() => { const m = api.registry.findMetaError(sudid.asErr.asModule); return `${m.section}.${m.name}`; })();
    };
    const initEvents = async () => (await c.headEvents()).filter(e => e.index === null);
    const errName = (r: any) => r.asErr.isModule ? (() => { const m = api.registry.findMetaError(r.asErr.asModule); return `${m.section}.${m.name}`; })() : JSON.stringify(r.asErr.toJSON());

    // ── one-shot: force_transfer Bob → Charlie at block N ──
    const n = (await head()) + 4;
    const c0 = await free(charlie.address);
    expect(await sudo(tx.scheduler.schedule(n, null, 0, tx.balances.forceTransfer(bob.address, charlie.address, TAO)))).toBe('ok');
    const agenda = await q.scheduler.agenda(n);
    expect(agenda.length).toBe(1);
    expect(agenda[0].unwrap().call.isInline).toBe(true);
    while ((await head()) < n - 1) await c.newBlock();
    expect(await free(charlie.address)).toBe(c0);
    await c.newBlock();
    expect(await head()).toBe(n);
    const dispatched = (await initEvents()).find(e => e.name === 'scheduler.Dispatched')!;
    expect(dispatched.data[0].map((x: any) => x.toNumber())).toEqual([n, 0]);
    expect(dispatched.data[2].isOk).toBe(true);
    expect(await free(charlie.address)).toBe(c0 + TAO);
    expect((await q.scheduler.agenda(n)).length).toBe(0);
    expect((await q.scheduler.incompleteSince()).unwrap().toNumber()).toBe(n + 1);

    // ── bad input: past block, signed origin, unknown task, duplicate name ──
    expect(await sudo(tx.scheduler.schedule(await head(), null, 0, tx.system.remark('0x')))).toBe('scheduler.TargetBlockNumberInPast');
    expect((await c.send(tx.scheduler.schedule((await head()) + 5, null, 0, tx.system.remark('0x')), bob)).error).toBe('BadOrigin');
    expect(await sudo(tx.scheduler.cancel((await head()) + 5, 0))).toBe('scheduler.NotFound');
    const name = blake2AsU8a('payout');
    const m = (await head()) + 5;
    expect(await sudo(tx.scheduler.scheduleNamed(name, m, null, 0, tx.balances.forceTransfer(bob.address, charlie.address, TAO)))).toBe('ok');
    expect(await sudo(tx.scheduler.scheduleNamed(name, m + 1, null, 0, tx.system.remark('0x')))).toBe('scheduler.FailedToSchedule');
    expect((await q.scheduler.lookup(name)).unwrap().map((x: any) => x.toNumber())).toEqual([m, 0]);
    expect(await sudo(tx.scheduler.cancelNamed(name))).toBe('ok');
    expect((await q.scheduler.lookup(name)).isNone).toBe(true);
    expect((await q.scheduler.agenda(m)).length).toBe(0);

    // ── periodic: every 2 blocks, 3 runs; schedule_after(k) runs at now + k + 1 ──
    const d0 = await free(dave.address);
    expect(await sudo(tx.scheduler.scheduleAfter(1, [2, 3], 0, tx.balances.forceTransfer(bob.address, dave.address, TAO)))).toBe('ok');
    const first = (await head()) + 2;
    const runs: number[] = [];
    for (let i = 0; i < 8; i++) {
      await c.newBlock();
      if ((await initEvents()).some(e => e.name === 'scheduler.Dispatched')) runs.push(await head());
    }
    expect(runs).toEqual([first, first + 2, first + 4]);
    expect(await free(dave.address)).toBe(d0 + 3n * TAO);

    // ── retry: a failing call (more than Eve has) retried once after 2 blocks, then given up ──
    const eve = c.key('//Eve');
    const r = (await head()) + 3;
    expect(await sudo(tx.scheduler.schedule(r, null, 0, tx.balances.forceTransfer(eve.address, dave.address, 10n ** 18n)))).toBe('ok');
    expect(await sudo(tx.scheduler.setRetry([r, 0], 1, 2))).toBe('ok');
    const results: [number, string][] = [];
    for (let i = 0; i < 7; i++) {
      await c.newBlock();
      const ev = (await initEvents()).find(e => e.name === 'scheduler.Dispatched');
      if (ev) results.push([await head(), ev.data[2].isOk ? 'ok' : errName(ev.data[2])]);
    }
    expect(results.map(x => x[0])).toEqual([r, r + 2]);
    expect(results.map(x => x[1])).toEqual(['{"token":"FundsUnavailable"}', '{"token":"FundsUnavailable"}']);
    expect((await q.scheduler.retries([r + 2, 0])).isNone).toBe(true);

    // ── a call longer than 128 bytes goes through Preimage (Bounded::Lookup) and still runs ──
    const longCall = tx.utility.batchAll([
      tx.balances.forceTransfer(bob.address, charlie.address, 1n), tx.balances.forceTransfer(bob.address, charlie.address, 2n),
      tx.balances.forceTransfer(bob.address, charlie.address, 3n),
    ]);
    expect(longCall.method.toU8a().length).toBeGreaterThan(128);
    const l = (await head()) + 3;
    const c1 = await free(charlie.address);
    expect(await sudo(tx.scheduler.schedule(l, null, 0, longCall))).toBe('ok');
    const stored = (await q.scheduler.agenda(l))[0].unwrap().call;
    expect(stored.isLookup).toBe(true);
    const hash = blake2AsU8a(longCall.method.toU8a());
    // (`.hash` on a polkadot-js codec is its own blake2 hash, so the fields are read from the JSON form)
    expect(stored.asLookup.toJSON()).toEqual({ hash: u8aToHex(hash), len: longCall.method.toU8a().length });
    expect((await q.preimage.requestStatusFor(hash)).unwrap().isRequested).toBe(true);
    while ((await head()) < l) await c.newBlock();
    expect(await free(charlie.address)).toBe(c1 + 6n);
  }, 120_000);

  it('Preimage: a signed note holds the deposit, unnote releases it; errors', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const bob = c.key('//Bob'), charlie = c.key('//Charlie');
    const acct = async (a: string) => { const d = (await api.query.system.account(a) as any).data; return { free: big(d.free), reserved: big(d.reserved) }; };
    const bytes = new Uint8Array(200).map((_, i) => i);
    const hash = blake2AsU8a(bytes);
    const b0 = await acct(bob.address);
    const noted = await c.send(tx.preimage.notePreimage(u8aToHex(bytes)), bob);
    expect(noted.ok, noted.error).toBe(true);
    const deposit = 20_000_000n * 2n + 64n * 1_000_000n + 200n * 1_000_000n;
    expect((await acct(bob.address)).reserved - b0.reserved).toBe(deposit);
    const holds = (await api.query.balances.holds(bob.address)) as any;
    expect(holds[0].id.toJSON()).toEqual({ preimage: 'Preimage' });
    expect(big(holds[0].amount)).toBe(deposit);
    expect(u8aToHex((await q.preimage.preimageFor([hash, 200])).unwrap().toU8a(true))).toBe(u8aToHex(bytes));
    expect((await c.send(tx.preimage.notePreimage(u8aToHex(bytes)), bob)).error).toBe('preimage.AlreadyNoted');
    expect((await c.send(tx.preimage.unnotePreimage(hash), charlie)).error).toBe('preimage.NotAuthorized');
    expect((await c.send(tx.preimage.requestPreimage(hash), charlie)).error).toBe('BadOrigin');
    const un = await c.send(tx.preimage.unnotePreimage(hash), bob);
    expect(un.ok, un.error).toBe(true);
    expect((await acct(bob.address)).reserved).toBe(b0.reserved);
    expect((await q.preimage.requestStatusFor(hash)).isNone).toBe(true);
    expect((await q.preimage.preimageFor([hash, 200])).isNone).toBe(true);
    expect((await c.send(tx.preimage.unnotePreimage(hash), bob)).error).toBe('preimage.NotNoted');
  }, 60_000);
});
