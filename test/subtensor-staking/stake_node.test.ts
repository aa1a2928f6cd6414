// Staking through the real node and @polkadot/api: round trips on mechanism 0 (root, 1:1) and mechanism 1 (a new
// subnet's 50/50 pool with HEAD's swap fee, paid to the block author //One) checked against HEAD's formulas
// (test/helpers/head_swap.ts) and the fee each extrinsic paid; nominators of
// one hotkey gain pro rata from validator dividends; bad input fails with subtensor's error and changes nothing but
// the fee.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startClient, type Client } from './node_client.ts';
import { headSwap, headOut, headFee } from '../helpers/head_swap.ts';

const TAO = 1_000_000_000n;
let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('staking through the node', () => {
  it('round trips, pro-rata gains and errors', async () => {
    const { api } = c;
    const q = api.query.subtensorModule as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave');
    const ownerHot = c.key('//Alice//stake-owner');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const stakeOf = async (hot: string, cold: string, netuid: number) =>
      big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot, cold, netuid)).unwrap().stake);
    const sudo = async (call: any) => {
      const r = await c.send(api.tx.sudo.sudo(call), alice);
      expect(r.events.find(e => e.name === 'sudo.Sudid')!.data[0].isOk).toBe(true);
    };

    const reg = await c.send(api.tx.subtensorModule.registerNetwork(ownerHot.address), alice);
    expect(reg.ok, reg.error).toBe(true);
    const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
    expect(big(await q.subnetMechanism(netuid))).toBe(1n);
    expect((await c.send(api.tx.subtensorModule.startCall(netuid), alice)).ok).toBe(true);

    // ── Mechanism 0 (root): 1:1 in and out ──
    const b0 = await free(bob.address);
    const add0 = await c.send(api.tx.subtensorModule.addStake(ownerHot.address, 0, 5n * TAO), bob);
    expect(add0.ok, add0.error).toBe(true);
    expect(await stakeOf(ownerHot.address, bob.address, 0)).toBe(5n * TAO);
    const rem0 = await c.send(api.tx.subtensorModule.removeStake(ownerHot.address, 0, 5n * TAO), bob);
    expect(rem0.ok, rem0.error).toBe(true);
    expect(await free(bob.address)).toBe(b0 - fee(add0.events) - fee(rem0.events));
    expect(await stakeOf(ownerHot.address, bob.address, 0)).toBe(0n);

    // ── Mechanism 1: HEAD's pool with the fee taken first (emission is still disabled, so only trades move it) ──
    const author = c.key('//One').address; // the Aura authority: swap fees and transaction fees go to it
    const T0 = big(await q.subnetTAO(netuid)), A0 = big(await q.subnetAlphaIn(netuid));
    const x = 100n * TAO;
    const b1 = await free(bob.address), o1 = await free(author);
    const add1 = await c.send(api.tx.subtensorModule.addStake(ownerHot.address, netuid, x), bob);
    expect(add1.ok, add1.error).toBe(true);
    const buy = headSwap(T0, A0, x);
    const alpha = buy.out;
    expect(await stakeOf(ownerHot.address, bob.address, netuid)).toBe(alpha);
    const ev = add1.events.find(e => e.name === 'subtensorModule.StakeAdded')!.data;
    expect([big(ev[2]), big(ev[3]), big(ev[4]), big(ev[5])]).toEqual([x, alpha, BigInt(netuid), headFee(x)]);
    expect(big(await q.subnetTAO(netuid))).toBe(T0 + buy.net);
    expect(big(await q.subnetAlphaIn(netuid))).toBe(A0 - alpha);
    expect(await free(author)).toBe(o1 + fee(add1.events) + buy.fee);
    const o2 = await free(author);
    const rem1 = await c.send(api.tx.subtensorModule.removeStake(ownerHot.address, netuid, alpha), bob);
    expect(rem1.ok, rem1.error).toBe(true);
    const T1 = T0 + buy.net, A1 = A0 - alpha;
    const sell = headSwap(A1, T1, alpha);
    const evr = rem1.events.find(e => e.name === 'subtensorModule.StakeRemoved')!.data;
    expect([big(evr[2]), big(evr[3]), big(evr[5])]).toEqual([sell.out, sell.net, sell.fee]);
    expect(await free(bob.address)).toBe(b1 - fee(add1.events) - fee(rem1.events) - x + sell.out);
    // The fee alpha is sold fee-free into the pool and its TAO paid to the author.
    const authorTao = headOut(A1 + sell.net, T1 - sell.out, sell.fee);
    expect(await free(author)).toBe(o2 + fee(rem1.events) + authorTao);
    expect(big(await q.subnetAlphaIn(netuid))).toBe(A0);
    expect(big(await q.subnetTAO(netuid))).toBe(T1 - sell.out - authorTao);

    // ── Bad input: subtensor's error, nothing changes but the fee ──
    const snapshot = async () => JSON.stringify([
      (await q.subnetTAO(netuid)).toString(), (await q.subnetAlphaIn(netuid)).toString(), (await q.totalStake()).toString(),
      (await q.alpha(ownerHot.address, dave.address, netuid)).toString(), (await q.subnetTAO(1)).toString(),
    ]);
    const stranger = c.key('//Nobody//hot');
    const cases: [any, string][] = [
      [api.tx.subtensorModule.addStake(ownerHot.address, netuid, 1_000_000n), 'subtensorModule.AmountTooLow'],
      // DefaultMinStake + the fee on it (1007 rao) is the minimum; one rao less is too low.
      [api.tx.subtensorModule.addStake(ownerHot.address, netuid, 2_001_006n), 'subtensorModule.AmountTooLow'],
      [api.tx.subtensorModule.addStake(ownerHot.address, netuid, 1_000_000n * TAO), 'subtensorModule.NotEnoughBalanceToStake'],
      [api.tx.subtensorModule.addStake(ownerHot.address, 1, TAO), 'subtensorModule.SubtokenDisabled'],
      [api.tx.subtensorModule.addStake(stranger.address, netuid, TAO), 'subtensorModule.HotKeyAccountNotExists'],
      // remove_stake caps at the stake held (none here: AmountTooLow); the limit variant does not.
      [api.tx.subtensorModule.removeStake(ownerHot.address, netuid, TAO), 'subtensorModule.AmountTooLow'],
      [api.tx.subtensorModule.removeStakeLimit(ownerHot.address, netuid, TAO, 0, false), 'subtensorModule.NotEnoughStakeToWithdraw'],
      [api.tx.subtensorModule.addStake(ownerHot.address, 99, TAO), 'subtensorModule.SubnetNotExists'],
    ];
    for (const [tx, error] of cases) {
      const before = await snapshot();
      const bal = await free(dave.address);
      const r = await c.send(tx, dave);
      expect(r.ok).toBe(false);
      expect(r.error).toBe(error);
      expect(await snapshot()).toBe(before);
      expect(await free(dave.address)).toBe(bal - fee(r.events));
    }

    // ── Nominators gain pro rata from the hotkey's dividends ──
    await sudo(api.tx.adminUtils.sudoSetSubnetEmissionEnabled(netuid, true));
    for (const [who, amt] of [[bob, 30n * TAO], [charlie, 90n * TAO]] as const) {
      const r = await c.send(api.tx.subtensorModule.addStake(ownerHot.address, netuid, amt), who);
      expect(r.ok, r.error).toBe(true);
    }
    const sb = await stakeOf(ownerHot.address, bob.address, netuid);
    const sc = await stakeOf(ownerHot.address, charlie.address, netuid);
    const idx0 = big(await q.subnetEpochIndex(netuid));
    const tempo = Number((await q.tempo(netuid)).toString());
    for (let i = 0; i < 2 * tempo + 2 && big(await q.subnetEpochIndex(netuid)) < idx0 + 2n; i++) await c.newBlock();
    expect(big(await q.subnetEpochIndex(netuid))).toBe(idx0 + 2n);
    const gb = (await stakeOf(ownerHot.address, bob.address, netuid)) - sb;
    const gc = (await stakeOf(ownerHot.address, charlie.address, netuid)) - sc;
    expect(gb).toBeGreaterThan(0n);
    // gain_b / gain_c = stake_b / stake_c up to the floor of each stake (≤ 1 rao each).
    const cross = gb * sc - gc * sb;
    expect(cross < 0n ? -cross : cross).toBeLessThanOrEqual(sb + sc);
  }, 120_000);
});
