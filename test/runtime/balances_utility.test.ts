// Balances semantics (frame's fungible rules with ED 500) and Utility batches under subtensor's call filter.
import { describe, it, expect, beforeAll } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { System } from '../../runtime/pallets/system/index.ts';
import { freeBalance, totalIssuance, transfer, withdraw, mint, canWithdraw } from '../../runtime/pallets/balances/index.ts';
import { derivativeAccountId } from '../../runtime/pallets/utility/index.ts';
import { DispatchError, ROOT } from '../../runtime/frame/dispatch.ts';
import { TestChain, callOf, eventNames } from '../helpers/runtime_harness.ts';

const id = (pk: Uint8Array) => ({ type: 'Id', value: pk });
const token = (kind: string) => ({ type: 'Token', value: { type: kind } });

describe('Balances', () => {
  let chain: TestChain;
  const kr = new Keyring({ type: 'sr25519' });
  const fresh = (name: string) => kr.addFromUri(`//${name}`).publicKey;
  beforeAll(async () => { chain = await TestChain.create(); });

  it('refuses to create an account below the ED and to overdraw (Token errors)', () => {
    const alice = { kind: 'Signed' as const, who: chain.alice.publicKey };
    expect(chain.dispatch(alice, 'Balances', 'transfer_allow_death', { dest: id(fresh('A1')), value: 499n })).toMatchObject({ ok: false, error: token('BelowMinimum') });
    expect(chain.dispatch(alice, 'Balances', 'transfer_allow_death', { dest: id(fresh('A1')), value: 10n ** 16n })).toMatchObject({ ok: false, error: token('FundsUnavailable') });
    const r = chain.dispatch(alice, 'Balances', 'transfer_allow_death', { dest: id(fresh('A1')), value: 500n });
    expect(r.ok).toBe(true);
    expect(eventNames(r.events)).toEqual(['System.NewAccount', 'Balances.Endowed', 'Balances.Transfer']);
  });

  it('keeps the sender alive with transfer_keep_alive and reaps it with transfer_allow_death', () => {
    const a2 = kr.addFromUri('//A2');
    const signedA2 = { kind: 'Signed' as const, who: a2.publicKey };
    expect(chain.dispatch({ kind: 'Signed', who: chain.alice.publicKey }, 'Balances', 'transfer_allow_death', { dest: id(a2.publicKey), value: 1000n }).ok).toBe(true);
    expect(chain.dispatch(signedA2, 'Balances', 'transfer_keep_alive', { dest: id(chain.bob.publicKey), value: 600n })).toMatchObject({ ok: false, error: token('NotExpendable') });
    const tiBefore = chain.query(() => totalIssuance());
    // Leaves 100 rao: dust, removed with the account.
    const r = chain.dispatch(signedA2, 'Balances', 'transfer_allow_death', { dest: id(chain.bob.publicKey), value: 900n });
    expect(r.ok).toBe(true);
    expect(eventNames(r.events)).toEqual(['System.KilledAccount', 'Balances.DustLost', 'Balances.Transfer']);
    chain.query(() => {
      expect(System.storage.Account.contains(a2.publicKey)).toBe(false);
      expect(totalIssuance()).toBe(tiBefore - 100n);
    });
  });

  it('transfer_all, burn, force_set_balance and force_adjust_total_issuance keep the books', () => {
    const a3 = kr.addFromUri('//A3');
    const s3 = { kind: 'Signed' as const, who: a3.publicKey };
    chain.dispatch({ kind: 'Signed', who: chain.alice.publicKey }, 'Balances', 'transfer_allow_death', { dest: id(a3.publicKey), value: 10_000n });
    expect(chain.dispatch(s3, 'Balances', 'burn', { value: 1_000n, keep_alive: true }).ok).toBe(true);
    expect(chain.query(() => freeBalance(a3.publicKey))).toBe(9_000n);
    expect(chain.dispatch(s3, 'Balances', 'transfer_all', { dest: id(chain.bob.publicKey), keep_alive: true }).ok).toBe(true);
    expect(chain.query(() => freeBalance(a3.publicKey))).toBe(500n);
    const ti = chain.query(() => totalIssuance());
    expect(chain.dispatch(ROOT, 'Balances', 'force_set_balance', { who: id(a3.publicKey), new_free: 2_500n }).ok).toBe(true);
    expect(chain.query(() => totalIssuance())).toBe(ti + 2_000n);
    expect(chain.dispatch(s3, 'Balances', 'force_set_balance', { who: id(a3.publicKey), new_free: 1n })).toMatchObject({ ok: false, error: { type: 'BadOrigin' } });
    expect(chain.dispatch(ROOT, 'Balances', 'force_adjust_total_issuance', { direction: { type: 'Increase' }, delta: 0n })).toMatchObject({ ok: false, error: { type: 'Module', value: { index: 5, error: new Uint8Array([11, 0, 0, 0]) } } });
  });

  it('exposes currency functions that throw DispatchErrors and keep Σ balances == TotalIssuance', () => {
    const x = fresh('Cur');
    chain.query(() => {
      const ti = totalIssuance();
      expect(mint(x, 499n)).toBe(0n); // below the ED for a new account: nothing happens
      expect(mint(x, 5_000n)).toBe(5_000n);
      expect(canWithdraw(x, 4_600n, true)).toBe(false);
      expect(canWithdraw(x, 4_500n, true)).toBe(true);
      expect(() => withdraw(x, 4_600n, true)).toThrow(DispatchError);
      withdraw(x, 4_600n, false); // leaves 400: dust, account reaped
      expect(freeBalance(x)).toBe(0n);
      expect(totalIssuance()).toBe(ti);
      expect(() => transfer(chain.bob.publicKey, x, 100n, true)).toThrow(/BelowMinimum/);
    });
  });
});

describe('Utility under the no-nesting call filter', () => {
  let chain: TestChain;
  beforeAll(async () => { chain = await TestChain.create(); });
  const remark = (origin = true) => callOf('System', origin ? 'remark_with_event' : 'remark', { remark: new Uint8Array([1]) });
  const badCall = () => callOf('Balances', 'force_transfer', { source: { type: 'Id', value: new Uint8Array(32) }, dest: { type: 'Id', value: new Uint8Array(32) }, value: 1n });

  it('batch stops at the first failure, batch_all rolls everything back, force_batch carries on', () => {
    const bob = chain.bob;
    const b = chain.signAndApply(bob, 'Utility', 'batch', { calls: [remark(), badCall(), remark()] });
    expect(b.result).toEqual({ ok: { ok: [] } });
    expect(eventNames(b.events).filter(n => n.startsWith('Utility') || n.startsWith('System.Re'))).toEqual(['System.Remarked', 'Utility.ItemCompleted', 'Utility.BatchInterrupted']);
    const all = chain.signAndApply(bob, 'Utility', 'batch_all', { calls: [remark(), badCall()] });
    expect(all.result).toEqual({ ok: { err: { type: 'BadOrigin' } } });
    expect(eventNames(all.events).some(n => n === 'System.Remarked')).toBe(false);
    const force = chain.signAndApply(bob, 'Utility', 'force_batch', { calls: [badCall(), remark()] });
    expect(eventNames(force.events).filter(n => n.startsWith('Utility'))).toEqual(['Utility.ItemFailed', 'Utility.ItemCompleted', 'Utility.BatchCompletedWithErrors']);
  });

  it('rejects a batch nested in a batch with System.CallFiltered, unless dispatched as Root', () => {
    const nested = { calls: [callOf('Utility', 'batch', { calls: [remark(false)] })] };
    const r = chain.signAndApply(chain.bob, 'Utility', 'batch', nested);
    expect(r.result).toEqual({ ok: { err: { type: 'Module', value: { index: 0, error: new Uint8Array([5, 0, 0, 0]) } } } });
    expect(chain.dispatch(ROOT, 'Utility', 'batch', nested).ok).toBe(true);
  });

  it('as_derivative dispatches from blake2_256("modlpy/utilisuba" ++ who ++ index)', () => {
    const derived = derivativeAccountId(chain.bob.publicKey, 7);
    chain.signAndApply(chain.bob, 'Balances', 'transfer_allow_death', { dest: { type: 'Id', value: derived }, value: 1_000_000n });
    const r = chain.signAndApply(chain.bob, 'Utility', 'as_derivative', { index: 7, call: remark() });
    expect(r.result).toEqual({ ok: { ok: [] } });
    const remarked = r.events.find(e => e.event.value.type === 'Remarked')!.event.value.value;
    expect(remarked.sender).toEqual(derived);
  });
});
