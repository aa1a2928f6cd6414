// Lease dividends (HEAD distribute_leased_network_dividends, called by the coinbase after the owner cut is staked to
// the lease hotkey): a lease is made through a real crowdloan finalize on the in-process chain, then owner cuts are
// paid at chosen block numbers. Expected values are HEAD's formulas computed here: the contributors' part is
// Percent::mul_ceil(emissions_share, cut) = ceil(cut·p/100), accumulated until a block that is a multiple of
// LeaseDividendsDistributionInterval (100); then each shareholder receives ceil(share·total) (share as U64F64 bits),
// the beneficiary the rest, all as stake on the lease hotkey moved from the lease coldkey — or nothing at all if
// one move fails (then the whole total stays accumulated).
import { describe, it, expect, beforeAll } from 'vitest';
import { TestChain, callOf } from '../helpers/runtime_harness.ts';
import { signed } from '../../runtime/frame/dispatch.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { System, readEvents } from '../../runtime/pallets/system/index.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakeOf, increaseStake } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { distributeLeasedNetworkDividends } from '../../runtime/pallets/subtensor/subnets/leasing.ts';
import { networkLockCost } from '../../runtime/pallets/subtensor/subnets/subnets.ts';

const TAO = 1_000_000_000n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

let chain: TestChain;
let lease: { coldkey: Uint8Array; hotkey: Uint8Array; netuid: number; beneficiary: Uint8Array };
let shares: [Uint8Array, bigint][];
const LEASE_ID = 0;

beforeAll(async () => {
  chain = await TestChain.create();
  const { alice, bob, charlie } = chain;
  const lock = chain.query(() => networkLockCost());
  const cap = lock + 10n * TAO;
  const fromAlice = 3n * (cap - 10n * TAO) / 4n;
  const call = callOf('SubtensorModule', 'register_leased_network', { emissions_share: 30, end_block: null });
  const ok = (r: { ok: boolean; error?: unknown }) => { if (!r.ok) throw new Error(JSON.stringify(r.error)); };
  ok(chain.dispatch(signed(bob.publicKey), 'Crowdloan', 'create', { deposit: 10n * TAO, min_contribution: TAO, cap, end: 100, call, target_address: null }));
  ok(chain.dispatch(signed(alice.publicKey), 'Crowdloan', 'contribute', { crowdloan_id: 0, amount: fromAlice }));
  ok(chain.dispatch(signed(charlie.publicKey), 'Crowdloan', 'contribute', { crowdloan_id: 0, amount: cap - 10n * TAO - fromAlice }));
  ok(chain.dispatch(signed(bob.publicKey), 'Crowdloan', 'finalize', { crowdloan_id: 0 }));
  lease = chain.query(() => S.SubnetLeases.get(LEASE_ID))!;
  shares = chain.query(() => S.SubnetLeaseShares.iterPrefix(LEASE_ID).map(([who, s]) => [who, s.bits] as [Uint8Array, bigint]));
  expect(shares.length).toBe(2);
  // Shares are contribution / raised.
  const expected = new Map([[Buffer.from(alice.publicKey).toString('hex'), (fromAlice << 64n) / cap],
    [Buffer.from(charlie.publicKey).toString('hex'), ((cap - 10n * TAO - fromAlice) << 64n) / cap]]);
  for (const [who, bits] of shares) expect(bits).toBe(expected.get(Buffer.from(who).toString('hex')));
}, 60_000);

/** Pays an owner cut at block `n` as the coinbase does (stake to the owner hotkey, then the lease hook). */
function payOwnerCut(overlay: OverlayState, n: number, cut: bigint) {
  return withState(overlay, () => {
    System.storage.Number.set(n);
    System.storage.Events.kill();
    increaseStake(lease.hotkey, lease.coldkey, lease.netuid, cut);
    distributeLeasedNetworkDividends(LEASE_ID, cut);
    const events = readEvents().map(e => e.event).filter(e => e.type === 'SubtensorModule' && e.value.type === 'SubnetLeaseDividendsDistributed');
    return { accumulated: S.AccumulatedLeaseDividends.get(LEASE_ID), events };
  });
}
const stake = (overlay: OverlayState, who: Uint8Array) => withState(overlay, () => stakeOf(lease.hotkey, who, lease.netuid));

describe('lease dividends', () => {
  it('accumulate off-interval, then pay ceil(share × total) per shareholder and the rest to the beneficiary', () => {
    const overlay = new OverlayState(chain.state);
    const cut1 = 7_777_777_777n, cut2 = 123_456_789_012n;
    const first = payOwnerCut(overlay, 150, cut1);
    expect(first.events).toEqual([]);
    expect(first.accumulated).toBe(ceilDiv(cut1 * 30n, 100n));
    const before = new Map([...shares.map(([w]) => w), lease.beneficiary, lease.coldkey].map(w => [w, stake(overlay, w)] as const));
    const second = payOwnerCut(overlay, 200, cut2);
    const total = ceilDiv(cut1 * 30n, 100n) + ceilDiv(cut2 * 30n, 100n);
    expect(second.accumulated).toBe(0n);
    let paid = 0n;
    for (const [who, bits] of shares) {
      const alpha = ceilDiv(bits * total, 1n << 64n);
      expect(stake(overlay, who) - before.get(who)!).toBe(alpha);
      paid += alpha;
    }
    expect(stake(overlay, lease.beneficiary) - before.get(lease.beneficiary)!).toBe(total - paid);
    // The lease coldkey got cut2 and gave the total away.
    expect(stake(overlay, lease.coldkey) - before.get(lease.coldkey)!).toBe(cut2 - total);
    expect(second.events.length).toBe(3);
    expect(second.events.map(e => e.value.value.alpha).reduce((a: bigint, b: bigint) => a + b, 0n)).toBe(total);
  });

  it('a move under the minimum stake value undoes the whole distribution and keeps the total accumulated', () => {
    const overlay = new OverlayState(chain.state);
    const tiny = 10n;
    const before = shares.map(([w]) => stake(overlay, w));
    const r = payOwnerCut(overlay, 300, tiny);
    expect(r.events).toEqual([]);
    expect(r.accumulated).toBe(ceilDiv(tiny * 30n, 100n));
    expect(shares.map(([w]) => stake(overlay, w))).toEqual(before);
  });

  it('an ended lease pays nothing and accumulates nothing', () => {
    const overlay = new OverlayState(chain.state);
    withState(overlay, () => S.SubnetLeases.set(LEASE_ID, { ...lease, end_block: 250 } as any));
    const r = payOwnerCut(overlay, 250, 5n * TAO);
    expect(r.events).toEqual([]);
    expect(r.accumulated).toBe(0n);
  });
});
