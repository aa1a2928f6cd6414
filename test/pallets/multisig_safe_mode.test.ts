// Multisig (13) and SafeMode (20) through the real node and @polkadot/api: a 2-of-3 multisig transfer (the
// multisig account derived by @polkadot/util-crypto's createKeyMulti, as wallets derive it), approvals by hash,
// cancellation, HEAD's errors; safe mode entered by sudo filters a transfer but lets whitelisted calls through,
// extends, exits by force and by timeout. Deposits are HEAD's runtime constants (deposit(1, 112) + 2·deposit(0, 32)).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createKeyMulti, encodeAddress, blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex, u8aCmp } from '@polkadot/util';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;
const DEPOSIT_BASE = 20_000_000n + 112n * 1_000_000n;
const DEPOSIT_FACTOR = 32n * 1_000_000n;
const MAX_WEIGHT = { refTime: 10_000_000_000n, proofSize: 100_000n };

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('Multisig through the node', () => {
  it('2-of-3 transfer, approval by hash, cancel and errors', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave');
    const acct = async (a: string) => { const d = (await api.query.system.account(a) as any).data; return { free: big(d.free), reserved: big(d.reserved) }; };
    const multisig = encodeAddress(createKeyMulti([alice.address, bob.address, charlie.address], 2), 42);
    const others = (me: string) => [alice, bob, charlie].map(k => k.address).filter(a => a !== me)
      .sort((x, y) => u8aCmp(api.createType('AccountId', x).toU8a(), api.createType('AccountId', y).toU8a()));
    expect((await c.send(tx.balances.transferKeepAlive(multisig, 10n * TAO), alice)).ok).toBe(true);

    // ── Alice opens, Bob completes with the call ──
    const inner = tx.balances.transferKeepAlive(dave.address, 3n * TAO);
    const hash = blake2AsU8a(inner.method.toU8a());
    const a0 = await acct(alice.address);
    const open = await c.send(tx.multisig.asMulti(2, others(alice.address), null, inner, MAX_WEIGHT), alice);
    expect(open.ok, open.error).toBe(true);
    const newEv = open.events.find(e => e.name === 'multisig.NewMultisig')!.data;
    expect(newEv[1].toString()).toBe(multisig);
    expect(u8aToHex(newEv[2].toU8a())).toBe(u8aToHex(hash));
    expect((await acct(alice.address)).reserved - a0.reserved).toBe(DEPOSIT_BASE + 2n * DEPOSIT_FACTOR);
    const pending = (await (api.query as any).multisig.multisigs(multisig, hash)).unwrap();
    const when = { height: pending.when.height.toNumber(), index: pending.when.index.toNumber() };
    expect(pending.approvals.map((a: any) => a.toString())).toEqual([alice.address]);

    // Errors on the way, state unchanged: no timepoint, wrong timepoint, unsorted signatories, threshold 1.
    expect((await c.send(tx.multisig.asMulti(2, others(bob.address), null, inner, MAX_WEIGHT), bob)).error).toBe('multisig.NoTimepoint');
    expect((await c.send(tx.multisig.asMulti(2, others(bob.address), { height: when.height, index: when.index + 1 }, inner, MAX_WEIGHT), bob)).error).toBe('multisig.WrongTimepoint');
    expect((await c.send(tx.multisig.asMulti(2, [...others(bob.address)].reverse(), when, inner, MAX_WEIGHT), bob)).error).toBe('multisig.SignatoriesOutOfOrder');
    expect((await c.send(tx.multisig.asMulti(1, others(bob.address), when, inner, MAX_WEIGHT), bob)).error).toBe('multisig.MinimumThreshold');
    expect((await c.send(tx.multisig.asMulti(2, others(bob.address), when, inner, { refTime: 1000n, proofSize: 0n }), bob)).error).toBe('multisig.MaxWeightTooLow');
    expect((await c.send(tx.multisig.approveAsMulti(2, others(alice.address), when, hash, MAX_WEIGHT), alice)).error).toBe('multisig.AlreadyApproved');
    expect((await c.send(tx.multisig.cancelAsMulti(2, others(bob.address), when, hash), bob)).error).toBe('multisig.NotOwner');

    const d0 = await acct(dave.address);
    const m0 = await acct(multisig);
    const done = await c.send(tx.multisig.asMulti(2, others(bob.address), when, inner, MAX_WEIGHT), bob);
    expect(done.ok, done.error).toBe(true);
    const exec = done.events.find(e => e.name === 'multisig.MultisigExecuted')!.data;
    expect(exec[4].isOk).toBe(true);
    expect((await acct(dave.address)).free).toBe(d0.free + 3n * TAO);
    expect((await acct(multisig)).free).toBe(m0.free - 3n * TAO);
    expect((await acct(alice.address)).reserved).toBe(a0.reserved);
    expect((await (api.query as any).multisig.multisigs(multisig, hash)).isNone).toBe(true);

    // ── Approval by hash (Charlie opens), then Alice executes; and a cancelled one ──
    const inner2 = tx.balances.transferKeepAlive(dave.address, TAO);
    const hash2 = blake2AsU8a(inner2.method.toU8a());
    expect((await c.send(tx.multisig.approveAsMulti(2, others(charlie.address), null, hash2, MAX_WEIGHT), charlie)).ok).toBe(true);
    const p2 = (await (api.query as any).multisig.multisigs(multisig, hash2)).unwrap();
    const when2 = { height: p2.when.height.toNumber(), index: p2.when.index.toNumber() };
    const ex2 = await c.send(tx.multisig.asMulti(2, others(alice.address), when2, inner2, MAX_WEIGHT), alice);
    expect(ex2.events.some(e => e.name === 'multisig.MultisigExecuted')).toBe(true);
    expect((await acct(dave.address)).free).toBe(d0.free + 4n * TAO);

    const inner3 = tx.balances.transferKeepAlive(dave.address, 5n * TAO);
    const hash3 = blake2AsU8a(inner3.method.toU8a());
    const b0 = await acct(bob.address);
    expect((await c.send(tx.multisig.approveAsMulti(2, others(bob.address), null, hash3, MAX_WEIGHT), bob)).ok).toBe(true);
    expect((await acct(bob.address)).reserved - b0.reserved).toBe(DEPOSIT_BASE + 2n * DEPOSIT_FACTOR);
    const p3 = (await (api.query as any).multisig.multisigs(multisig, hash3)).unwrap();
    const cancel = await c.send(tx.multisig.cancelAsMulti(2, others(bob.address), { height: p3.when.height, index: p3.when.index }, hash3), bob);
    expect(cancel.events.some(e => e.name === 'multisig.MultisigCancelled')).toBe(true);
    expect((await acct(bob.address)).reserved).toBe(b0.reserved);
    expect((await acct(dave.address)).free).toBe(d0.free + 4n * TAO);
  }, 120_000);
});

describe('SafeMode through the node', () => {
  it('filters non-whitelisted calls while entered; force extend/exit and timeout', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const sudo = async (call: any) => {
      const r = await c.send(tx.sudo.sudo(call), alice);
      const sudid = r.events.find(e => e.name === 'sudo.Sudid')!.data[0];
      return sudid.isOk ? 'ok' : (() => { const m = api.registry.findMetaError(sudid.asErr.asModule); return `${m.section}.${m.name}`; })();
    };

    expect((await c.send(tx.safeMode.enter(), bob)).error).toBe('safeMode.NotConfigured');
    expect(await sudo(tx.safeMode.forceExit())).toBe('safeMode.Exited');
    expect(await sudo(tx.safeMode.forceEnter())).toBe('ok');
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    expect((await q.safeMode.enteredUntil()).unwrap().toNumber()).toBe(head + 7200);
    expect(await sudo(tx.safeMode.forceEnter())).toBe('safeMode.Entered');

    // A transfer is filtered (fee paid, nothing moved); a batch of it too; a whitelisted call is not.
    const c0 = await free(charlie.address);
    const t1 = await c.send(tx.balances.transferKeepAlive(charlie.address, TAO), bob);
    expect(t1.error).toBe('system.CallFiltered');
    expect(await free(charlie.address)).toBe(c0);
    const remark = await c.send(tx.system.remark('0x01'), bob);
    expect(remark.ok, remark.error).toBe(true);
    // Multisig is whitelisted, but the transfer it dispatches from the multisig account meets the filter.
    const ms = await c.send(tx.multisig.asMultiThreshold1([charlie.address], tx.balances.transferKeepAlive(charlie.address, TAO)), bob);
    expect(ms.error).toBe('system.CallFiltered');

    expect(await sudo(tx.safeMode.forceExtend())).toBe('ok');
    expect((await q.safeMode.enteredUntil()).unwrap().toNumber()).toBe(head + 7200 + 3600);
    expect(await sudo(tx.safeMode.forceExit())).toBe('ok');
    expect((await q.safeMode.enteredUntil()).isNone).toBe(true);
    expect((await c.send(tx.balances.transferKeepAlive(charlie.address, TAO), bob)).ok).toBe(true);
    expect(await free(charlie.address)).toBe(c0 + TAO);

    // Timeout: entered until the next block; the block after it exits (block number > EnteredUntil).
    expect(await sudo(tx.safeMode.forceEnter())).toBe('ok');
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    await c.setStorage([[q.safeMode.enteredUntil.key(), u8aToHex(api.createType('u32', now + 1).toU8a())]]);
    await c.newBlock();
    expect((await q.safeMode.enteredUntil()).unwrap().toNumber()).toBe(now + 1);
    await c.newBlock();
    expect((await q.safeMode.enteredUntil()).isNone).toBe(true);
    const exited = (await c.headEvents()).find(e => e.name === 'safeMode.Exited');
    expect(exited?.data[0].toString()).toBe('Timeout');
  }, 120_000);
});
