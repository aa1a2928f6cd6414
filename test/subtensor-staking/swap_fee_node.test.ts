// HEAD's swap fee and guards through the real node and @polkadot/api: Swap.FeeRate 33 by default, the SDK's
// test_stake_fee numbers (get_stake_add_fee of 1 TAO = 0.000503547 TAO, root unstake fee 0, movement fees at most
// that), sim_swap's fee and slippage fields, Swap.set_fee_rate (root only, ≤ 10,000, existing subnet) and the
// deprecated liquidity calls, the 1000 × reserve input cap, a limit price on the wrong side of spot. Every failure
// leaves the state as it was (only the transaction fee is paid). Expected values: test/helpers/head_swap.ts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startClient, type Client } from './node_client.ts';
import { headSwap, headFee } from '../helpers/head_swap.ts';

const TAO = 1_000_000_000n;
let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('swap fee through the node', () => {
  it('fee rate, SDK stake-fee numbers, set_fee_rate and the swap guards', async () => {
    const { api } = c;
    const q = api.query.subtensorModule as any;
    const qs = api.query.swap as any;
    const call = api.call as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), dave = c.key('//Dave');
    const hotA = c.key('//Alice//swap-owner'), hotB = c.key('//Bob//swap-owner');
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const txFee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const sudoResult = async (inner: any) => {
      const r = await c.send(api.tx.sudo.sudo(inner), alice);
      const res = r.events.find(e => e.name === 'sudo.Sudid')!.data[0];
      if (res.isOk) return 'Ok';
      const m = api.registry.findMetaError(res.asErr.asModule);
      return `${m.section}.${m.name}`;
    };

    // Two subnets, as the SDK test registers (sn2 by Alice, sn3 by Bob).
    const netuids: number[] = [];
    for (const [who, hot] of [[alice, hotA], [bob, hotB]] as const) {
      const r = await c.send(api.tx.subtensorModule.registerNetwork(hot.address), who);
      expect(r.ok, r.error).toBe(true);
      netuids.push(Number(r.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString()));
    }
    const [sn2, sn3] = netuids;
    expect(Number((await qs.feeRate(sn2)).toString())).toBe(33);

    // ── The SDK's test_stake_fee: get_stake_add_fee(1 TAO, sn2) = sim_swap_tao_for_alpha(sn2, 1e9).tao_fee ──
    const add = await call.swapRuntimeApi.simSwapTaoForAlpha(sn2, TAO);
    expect(big(add.taoFee)).toBe(503_547n); // Balance.from_tao(0.000503547)
    const T2 = big(await q.subnetTAO(sn2)), A2 = big(await q.subnetAlphaIn(sn2));
    const s = headSwap(T2, A2, TAO);
    expect([big(add.taoAmount), big(add.alphaAmount), big(add.alphaFee)]).toEqual([s.net, s.out, 0n]);
    // get_unstake_fee(root, 1 TAO): alpha_fee of a root sell is 0.
    expect(big((await call.swapRuntimeApi.simSwapAlphaForTao(0, TAO)).alphaFee)).toBe(0n);
    // get_stake_movement_fee sn2 → sn3: tao_fee of the destination buy with the TAO the origin sell yields ≤ the min fee.
    const sold = await call.swapRuntimeApi.simSwapAlphaForTao(sn2, TAO);
    const moveFee = big((await call.swapRuntimeApi.simSwapTaoForAlpha(sn3, big(sold.taoAmount))).taoFee);
    expect(moveFee).toBe(headFee(big(sold.taoAmount)));
    expect(moveFee <= 503_547n).toBe(true);
    // StakeInfoRuntimeApi.get_stake_fee: approx fee on the destination subnet; 0 when origin = destination.
    expect(big(await call.stakeInfoRuntimeApi.getStakeFee(null, bob.address, [hotA.address, sn2], bob.address, TAO))).toBe(503_547n);
    expect(big(await call.stakeInfoRuntimeApi.getStakeFee([hotA.address, sn2], bob.address, [hotA.address, sn2], bob.address, TAO))).toBe(0n);

    // ── Swap.set_fee_rate: root only, at most MaxFeeRate, on an existing subnet; failures change nothing ──
    const feeRates = async () => JSON.stringify([(await qs.feeRate(sn2)).toString(), (await qs.feeRate(99)).toString()]);
    const before = await feeRates();
    const signed = await c.send(api.tx.swap.setFeeRate(sn2, 0), bob);
    expect([signed.ok, signed.error]).toEqual([false, 'BadOrigin']);
    expect(await sudoResult(api.tx.swap.setFeeRate(sn2, 10_001))).toBe('swap.FeeRateTooHigh');
    expect(await sudoResult(api.tx.swap.setFeeRate(99, 5))).toBe('swap.MechanismDoesNotExist');
    expect(await feeRates()).toBe(before);
    const dep = await c.send(api.tx.swap.toggleUserLiquidity(sn2, true), bob);
    expect([dep.ok, dep.error]).toEqual([false, 'swap.Deprecated']);
    expect(api.tx.swap.setFeeRate.meta.index.toNumber()).toBe(0);

    // ── Guards (after start_call so staking is allowed); each leaves the pools and balances as they were ──
    expect((await c.send(api.tx.subtensorModule.startCall(sn2), alice)).ok).toBe(true);
    const snapshot = async () => JSON.stringify([(await q.subnetTAO(sn2)).toString(), (await q.subnetAlphaIn(sn2)).toString(),
      (await q.totalStake()).toString(), (await q.alpha(hotA.address, dave.address, sn2)).toString()]);
    const spot = big(await call.swapRuntimeApi.currentAlphaPrice(sn2));
    const cases: [any, string][] = [
      // More than 1000 × SubnetTAO is refused before anything else.
      [api.tx.subtensorModule.addStake(hotA.address, sn2, T2 * 1_000n + 1n), 'subtensorModule.InsufficientLiquidity'],
      // A buy limit at or below the spot price: the simulated swap fails in the Swap pallet.
      [api.tx.subtensorModule.addStakeLimit(hotA.address, sn2, TAO, spot, true), 'swap.PriceLimitExceeded'],
      [api.tx.subtensorModule.addStake(hotA.address, sn2, 2_000_000n + headFee(2_000_000n) - 1n), 'subtensorModule.AmountTooLow'],
    ];
    for (const [tx, error] of cases) {
      const st = await snapshot();
      const bal = await free(dave.address);
      const r = await c.send(tx, dave);
      expect([r.ok, r.error]).toEqual([false, error]);
      expect(await snapshot()).toBe(st);
      expect(await free(dave.address)).toBe(bal - txFee(r.events));
    }
    // The minimum itself stakes, and its event carries the fee.
    const ok = await c.send(api.tx.subtensorModule.addStake(hotA.address, sn2, 2_000_000n + headFee(2_000_000n)), dave);
    expect(ok.ok, ok.error).toBe(true);
    expect(big(ok.events.find(e => e.name === 'subtensorModule.StakeAdded')!.data[5])).toBe(headFee(2_000_000n + headFee(2_000_000n)));

    // ── With the fee rate set to 0 by root, staking pays no swap fee ──
    expect(await sudoResult(api.tx.swap.setFeeRate(sn2, 0))).toBe('Ok');
    expect(Number((await qs.feeRate(sn2)).toString())).toBe(0);
    const zero = await c.send(api.tx.subtensorModule.addStake(hotA.address, sn2, TAO), dave);
    expect(zero.ok, zero.error).toBe(true);
    expect(big(zero.events.find(e => e.name === 'subtensorModule.StakeAdded')!.data[5])).toBe(0n);
    expect(big((await call.swapRuntimeApi.simSwapTaoForAlpha(sn2, TAO)).taoFee)).toBe(0n);
  }, 120_000);
});
