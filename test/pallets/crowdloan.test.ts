// Crowdloan (27) and subnet leases (SubtensorModule 110/111) through the real node and @polkadot/api, the way the
// SDK's e2e crowdloan tests and btcli `crowd *` drive them: a crowdloan that finalizes into a target address, one
// that is refunded and dissolved, and one whose stored call registers a leased subnet operated by the beneficiary
// through a SubnetLeaseBeneficiary proxy and later terminated. Bad input gets HEAD's error with state unchanged.
// Expected values come from HEAD's rules computed here: funds account = ("modl", "bt/cloan", id) zero-padded, lease
// accounts = blake2_256(("leasing/coldkey" | "leasing/hotkey", lease_id)), shares = contribution / raised as U64F64
// (floor), refunds = floor(share × leftover) with the beneficiary taking the rest.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a, compactToU8a } from '@polkadot/util';
import { startClient, type Client } from '../subtensor-staking/node_client.ts';

const TAO = 1_000_000_000n;
const PROXY_DEPOSIT = 20_000_000n + 40n * 1_000_000n + 33n * 1_000_000n; // ProxyDepositBase + ProxyDepositFactor

const u32le = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
const fundsAccount = (id: number) => {
  const out = new Uint8Array(32);
  out.set(u8aConcat(stringToU8a('modl'), stringToU8a('bt/cloan'), u32le(id)));
  return encodeAddress(out, 42);
};
const scaleStr = (s: string) => u8aConcat(compactToU8a(s.length), stringToU8a(s));
const leaseAccount = (kind: string, id: number) => encodeAddress(blake2AsU8a(u8aConcat(scaleStr(`leasing/${kind}`), u32le(id))), 42);

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());

describe('Crowdloan through the node', () => {
  it('target route: errors, updates, contributions, withdraw, finalize; then refund and dissolve', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave');
    const fred = c.key('//Fred');
    const free = async (a: string) => big((await api.query.system.account(a) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const block = async () => (await api.rpc.chain.getHeader()).number.toNumber();

    // Constants as the SDK's get_crowdloan_constants reads them (fast-runtime durations).
    const k = api.consts.crowdloan as any;
    expect(big(k.absoluteMinimumContribution)).toBe(100_000_000n);
    expect(k.maxContributors.toNumber()).toBe(500);
    expect(k.minimumBlockDuration.toNumber()).toBe(50);
    expect(k.maximumBlockDuration.toNumber()).toBe(20_000);
    expect(big(k.minimumDeposit)).toBe(10n * TAO);
    expect(k.refundContributorsLimit.toNumber()).toBe(50);
    expect(u8aToHex(k.palletId.toU8a())).toBe(u8aToHex(stringToU8a('bt/cloan')));
    expect((await q.crowdloan.nextCrowdloanId()).toNumber()).toBe(0);
    expect((await q.crowdloan.crowdloans.entries()).length).toBe(0);

    // Every call on a crowdloan that does not exist: InvalidCrowdloanId.
    for (const call of [
      tx.crowdloan.contribute(0, 10n * TAO), tx.crowdloan.withdraw(0), tx.crowdloan.updateMinContribution(0, 10n * TAO),
      tx.crowdloan.updateCap(0, 10n * TAO), tx.crowdloan.updateEnd(0, 10_000), tx.crowdloan.dissolve(0), tx.crowdloan.finalize(0),
      tx.crowdloan.refund(0), tx.crowdloan.setMaxContribution(0, null),
    ]) {
      const r = await c.send(call, bob);
      expect(r.error).toBe('crowdloan.InvalidCrowdloanId');
    }

    // Creation errors, in HEAD's check order; nothing is created and Bob pays only the fees.
    const now = await block();
    const bad: [any[], string][] = [
      [[5n * TAO, TAO, 15n * TAO, now + 240, null, fred.address], 'DepositTooLow'],
      [[10n * TAO, TAO, 10n * TAO, now + 240, null, fred.address], 'CapTooLow'],
      [[10n * TAO, 10_000_000n, 15n * TAO, now + 240, null, fred.address], 'MinimumContributionTooLow'],
      [[10n * TAO, TAO, 15n * TAO, now + 240, null, null], 'InvalidFinalizationConfig'],
      [[10n * TAO, TAO, 15n * TAO, now + 240, tx.system.remark('0x00').method, fred.address], 'InvalidFinalizationConfig'],
      [[10n * TAO, TAO, 15n * TAO, now, null, fred.address], 'CannotEndInPast'],
      [[10n * TAO, TAO, 15n * TAO, now + 10, null, fred.address], 'BlockDurationTooShort'],
      [[10n * TAO, TAO, 15n * TAO, now + 20_100, null, fred.address], 'BlockDurationTooLong'],
      [[2_000_000n * TAO, TAO, 3_000_000n * TAO, now + 240, null, fred.address], 'InsufficientBalance'],
    ];
    for (const [args, error] of bad) {
      const before = await free(bob.address);
      const r = await c.send(tx.crowdloan.create(...args), bob);
      expect(r.error).toBe(`crowdloan.${error}`);
      expect(await free(bob.address)).toBe(before - fee(r.events));
    }
    expect((await q.crowdloan.nextCrowdloanId()).toNumber()).toBe(0);

    // ── Create: the deposit moves to the funds account, Bob is the first contributor ──
    const fund0 = fundsAccount(0);
    const bob0 = await free(bob.address);
    const end = (await block()) + 240;
    const created = await c.send(tx.crowdloan.create(10n * TAO, TAO, 15n * TAO, end, null, fred.address), bob);
    expect(created.ok, created.error).toBe(true);
    const ev = created.events.find(e => e.name === 'crowdloan.Created')!.data;
    expect(ev[0].toNumber()).toBe(0);
    expect(ev[1].toString()).toBe(bob.address);
    expect(ev[2].toNumber()).toBe(end);
    expect(big(ev[3])).toBe(15n * TAO);
    expect(await free(bob.address)).toBe(bob0 - 10n * TAO - fee(created.events));
    expect(await free(fund0)).toBe(10n * TAO);
    let info = (await q.crowdloan.crowdloans(0)).unwrap();
    expect(info.creator.toString()).toBe(bob.address);
    expect(info.fundsAccount.toString()).toBe(fund0);
    expect(big(info.raised)).toBe(10n * TAO);
    expect(info.targetAddress.unwrap().toString()).toBe(fred.address);
    expect(info.call.isNone).toBe(true);
    expect(info.contributorsCount.toNumber()).toBe(1);
    expect(big((await q.crowdloan.contributions(0, bob.address)).unwrap())).toBe(10n * TAO);
    expect((await q.crowdloan.nextCrowdloanId()).toNumber()).toBe(1);

    // ── Updates by the creator; by anyone else InvalidOrigin ──
    expect((await c.send(tx.crowdloan.updateEnd(0, end + 100), alice)).error).toBe('crowdloan.InvalidOrigin');
    expect((await c.send(tx.crowdloan.updateEnd(0, end + 100), bob)).ok).toBe(true);
    expect((await c.send(tx.crowdloan.updateCap(0, 5n * TAO), bob)).error).toBe('crowdloan.CapTooLow'); // below raised
    expect((await c.send(tx.crowdloan.updateCap(0, 20n * TAO), bob)).ok).toBe(true);
    expect((await c.send(tx.crowdloan.updateMinContribution(0, 5n * TAO), bob)).ok).toBe(true);
    info = (await q.crowdloan.crowdloans(0)).unwrap();
    expect([info.end.toNumber(), big(info.cap), big(info.minContribution)]).toEqual([end + 100, 20n * TAO, 5n * TAO]);

    // ── Contributions: the minimum, withdraw (the amount comes back), the cap ──
    expect((await c.send(tx.crowdloan.contribute(0, TAO), alice)).error).toBe('crowdloan.ContributionTooLow');
    expect((await c.send(tx.crowdloan.contribute(0, 5n * TAO), alice)).ok).toBe(true);
    expect((await c.send(tx.crowdloan.contribute(0, 5n * TAO), charlie)).ok).toBe(true);
    const ch0 = await free(charlie.address);
    const wd = await c.send(tx.crowdloan.withdraw(0), charlie);
    expect(wd.ok, wd.error).toBe(true);
    expect(await free(charlie.address)).toBe(ch0 + 5n * TAO - fee(wd.events));
    expect((await q.crowdloan.contributions(0, charlie.address)).isNone).toBe(true);
    // The creator may not withdraw the deposit itself.
    expect((await c.send(tx.crowdloan.withdraw(0), bob)).error).toBe('crowdloan.DepositCannotBeWithdrawn');
    expect((await c.send(tx.crowdloan.withdraw(0), dave)).error).toBe('crowdloan.NoContribution');
    // Charlie asks for 8 TAO but only 5 are left before the cap: 5 are taken.
    const ch1 = await free(charlie.address);
    const over = await c.send(tx.crowdloan.contribute(0, 8n * TAO), charlie);
    expect(over.ok, over.error).toBe(true);
    expect(big(over.events.find(e => e.name === 'crowdloan.Contributed')!.data[2])).toBe(5n * TAO);
    expect(await free(charlie.address)).toBe(ch1 - 5n * TAO - fee(over.events));
    expect((await c.send(tx.crowdloan.contribute(0, TAO * 5n), alice)).error).toBe('crowdloan.CapRaised');
    const contributions = new Map((await q.crowdloan.contributions.entries(0)).map(([key, v]: any) => [key.args[1].toString(), big(v.unwrap())]));
    expect(contributions).toEqual(new Map([[bob.address, 10n * TAO], [alice.address, 5n * TAO], [charlie.address, 5n * TAO]]));
    info = (await q.crowdloan.crowdloans(0)).unwrap();
    expect([big(info.raised), info.contributorsCount.toNumber()]).toEqual([20n * TAO, 3]);
    expect(await free(fund0)).toBe(20n * TAO);

    // ── Finalize: only the creator; the raised amount goes to the target ──
    expect((await c.send(tx.crowdloan.finalize(0), alice)).error).toBe('crowdloan.InvalidOrigin');
    expect(await free(fred.address)).toBe(0n);
    const fin = await c.send(tx.crowdloan.finalize(0), bob);
    expect(fin.ok, fin.error).toBe(true);
    expect(fin.events.some(e => e.name === 'crowdloan.Finalized')).toBe(true);
    expect(await free(fred.address)).toBe(20n * TAO);
    expect(await free(fund0)).toBe(0n);
    expect((await q.crowdloan.crowdloans(0)).unwrap().finalized.isTrue).toBe(true);
    expect((await c.send(tx.crowdloan.finalize(0), bob)).error).toBe('crowdloan.AlreadyFinalized');
    expect((await c.send(tx.crowdloan.contribute(0, 5n * TAO), charlie)).error).toBe('crowdloan.CapRaised');
    expect((await c.send(tx.crowdloan.dissolve(0), bob)).error).toBe('crowdloan.AlreadyFinalized');
    expect((await c.send(tx.crowdloan.refund(0), bob)).error).toBe('crowdloan.AlreadyFinalized');

    // ── A second crowdloan that is refunded and dissolved ──
    const fund1 = fundsAccount(1);
    expect((await c.send(tx.crowdloan.create(10n * TAO, TAO, 20n * TAO, (await block()) + 240, null, dave.address), bob)).ok).toBe(true);
    // A per-contributor maximum: at least the minimum and the creator's contribution; contributions are clamped to it.
    expect((await c.send(tx.crowdloan.setMaxContribution(1, 5n * TAO), bob)).error).toBe('crowdloan.MaximumContributionTooLow');
    expect((await c.send(tx.crowdloan.setMaxContribution(1, 12n * TAO), bob)).ok).toBe(true);
    expect(big((await q.crowdloan.maxContributions(1)).unwrap())).toBe(12n * TAO);
    expect((await c.send(tx.crowdloan.updateMinContribution(1, 13n * TAO), bob)).error).toBe('crowdloan.MinimumContributionTooHigh');
    const a0 = await free(alice.address), d0 = await free(dave.address);
    const ca = await c.send(tx.crowdloan.contribute(1, 3n * TAO), alice);
    expect(ca.ok, ca.error).toBe(true);
    const cd = await c.send(tx.crowdloan.contribute(1, 5n * TAO), dave);
    expect(cd.ok, cd.error).toBe(true);
    expect(big((await q.crowdloan.crowdloans(1)).unwrap().raised)).toBe(18n * TAO);
    expect((await c.send(tx.crowdloan.setMaxContribution(1, null), bob)).ok).toBe(true);
    expect((await q.crowdloan.maxContributions(1)).isNone).toBe(true);
    // Not ready to dissolve while others' contributions are in; refund only by the creator.
    expect((await c.send(tx.crowdloan.dissolve(1), bob)).error).toBe('crowdloan.NotReadyToDissolve');
    expect((await c.send(tx.crowdloan.refund(1), charlie)).error).toBe('crowdloan.InvalidOrigin');
    const rf = await c.send(tx.crowdloan.refund(1), bob);
    expect(rf.ok, rf.error).toBe(true);
    expect(rf.events.some(e => e.name === 'crowdloan.AllRefunded')).toBe(true);
    expect(await free(alice.address)).toBe(a0 - fee(ca.events));
    expect(await free(dave.address)).toBe(d0 - fee(cd.events));
    info = (await q.crowdloan.crowdloans(1)).unwrap();
    expect([big(info.raised), info.contributorsCount.toNumber()]).toEqual([10n * TAO, 1]);
    expect((await c.send(tx.crowdloan.dissolve(1), alice)).error).toBe('crowdloan.InvalidOrigin');
    const bob1 = await free(bob.address);
    const ds = await c.send(tx.crowdloan.dissolve(1), bob);
    expect(ds.ok, ds.error).toBe(true);
    expect(await free(bob.address)).toBe(bob1 + 10n * TAO - fee(ds.events));
    expect((await q.crowdloan.crowdloans(1)).isNone).toBe(true);
    expect((await q.crowdloan.contributions.entries(1)).length).toBe(0);
    expect((await q.system.account(fund1)).providers.toNumber()).toBe(0); // the funds account is gone
    expect((await q.crowdloan.crowdloans.entries()).length).toBe(1);
  }, 240_000);

  it('call route: a leased subnet registered from the raised funds, operated by proxy, then terminated', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie');
    const bobHot = c.key('//Bob//lease-owner-hot');
    const free = async (a: string) => big((await api.query.system.account(a) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const block = async () => (await api.rpc.chain.getHeader()).number.toNumber();

    // Outside a finalize there is no crowdloan being finalized.
    expect((await c.send(tx.subtensorModule.registerLeasedNetwork(30, null), bob)).error).toBe('crowdloan.InvalidCrowdloanId');

    const id = (await q.crowdloan.nextCrowdloanId()).toNumber();
    const leaseId = (await q.subtensorModule.nextSubnetLeaseId()).toNumber();
    const lock = big(await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost());
    const deposit = 10n * TAO;
    const cap = lock + 100n * TAO;
    const fromAlice = (cap - deposit) * 2n / 3n;
    const fromCharlie = cap - deposit - fromAlice;
    const leaseEnd = (await block()) + 30;
    const leaseCall = tx.subtensorModule.registerLeasedNetwork(30, leaseEnd).method;
    const cr = await c.send(tx.crowdloan.create(deposit, TAO, cap, (await block()) + 200, leaseCall, null), bob);
    expect(cr.ok, cr.error).toBe(true);
    expect((await q.crowdloan.crowdloans(id)).unwrap().call.unwrap().isInline).toBe(true); // 7 bytes: kept inline
    expect((await c.send(tx.crowdloan.contribute(id, fromAlice), alice)).ok).toBe(true);
    expect((await c.send(tx.crowdloan.contribute(id, fromCharlie), charlie)).ok).toBe(true);
    expect(big((await q.crowdloan.crowdloans(id)).unwrap().raised)).toBe(cap);

    const netuidsBefore = (await q.subtensorModule.networksAdded.entries()).length;
    const [aliceBefore, charlieBefore, bobBefore] = [await free(alice.address), await free(charlie.address), await free(bob.address)];
    const fin = await c.send(tx.crowdloan.finalize(id), bob);
    expect(fin.ok, fin.error).toBe(true);
    expect((await q.crowdloan.currentCrowdloanId()).isNone).toBe(true);
    const created = fin.events.find(e => e.name === 'subtensorModule.SubnetLeaseCreated')!.data;
    const netuid = created[2].toNumber();
    expect(created[0].toString()).toBe(bob.address);
    expect(created[1].toNumber()).toBe(leaseId);
    expect(created[3].unwrap().toNumber()).toBe(leaseEnd);
    expect((await q.subtensorModule.networksAdded.entries()).length).toBe(netuidsBefore + 1);

    // The subnet belongs to the keyless lease coldkey/hotkey; the lease records its cost (lock + proxy deposit).
    const coldkey = leaseAccount('coldkey', leaseId), hotkey = leaseAccount('hotkey', leaseId);
    expect((await q.subtensorModule.subnetOwner(netuid)).toString()).toBe(coldkey);
    expect((await q.subtensorModule.subnetOwnerHotkey(netuid)).toString()).toBe(hotkey);
    expect((await q.subtensorModule.subnetUidToLeaseId(netuid)).unwrap().toNumber()).toBe(leaseId);
    const lease = (await q.subtensorModule.subnetLeases(leaseId)).unwrap();
    expect(lease.beneficiary.toString()).toBe(bob.address);
    expect(lease.coldkey.toString()).toBe(coldkey);
    expect(lease.hotkey.toString()).toBe(hotkey);
    expect(lease.emissionsShare.toNumber()).toBe(30);
    expect(lease.netuid.toNumber()).toBe(netuid);
    const locked = big(await q.subtensorModule.networkLastLockCost());
    const cost = locked + PROXY_DEPOSIT;
    expect(big(lease.cost)).toBe(cost);
    expect((await q.subtensorModule.delegates(hotkey)).toNumber()).toBe(0);
    const [proxies, proxyDeposit] = await q.proxy.proxies(coldkey);
    expect(proxies.map((p: any) => [p.delegate.toString(), p.proxyType.toString(), p.delay.toNumber()])).toEqual([[bob.address, 'SubnetLeaseBeneficiary', 0]]);
    expect(big(proxyDeposit)).toBe(PROXY_DEPOSIT);

    // Shares and refunds of the leftover (raised − cost) by the shares, the beneficiary taking the rest.
    const leftover = cap - cost;
    const share = (x: bigint) => (x << 64n) / cap;
    const refundOf = (x: bigint) => (share(x) * leftover) >> 64n;
    for (const [who, amount] of [[alice.address, fromAlice], [charlie.address, fromCharlie]] as const) {
      expect(big((await q.subtensorModule.subnetLeaseShares(leaseId, who)).bits)).toBe(share(amount));
    }
    expect(big((await q.subtensorModule.subnetLeaseShares(leaseId, bob.address)).bits)).toBe(0n);
    expect(await free(alice.address)).toBe(aliceBefore + refundOf(fromAlice));
    expect(await free(charlie.address)).toBe(charlieBefore + refundOf(fromCharlie));
    expect(await free(bob.address)).toBe(bobBefore - fee(fin.events) + leftover - refundOf(fromAlice) - refundOf(fromCharlie));
    expect(await free(coldkey)).toBe(0n);
    expect(await free(fundsAccount(id))).toBe(0n);

    // The beneficiary operates the subnet through its proxy (start_call passes the filter, a transfer does not).
    const started = await c.send(tx.proxy.proxy(coldkey, null, tx.subtensorModule.startCall(netuid)), bob);
    expect(started.ok, started.error).toBe(true);
    expect(started.events.find(e => e.name === 'proxy.ProxyExecuted')!.data[0].isOk).toBe(true);
    expect((await q.subtensorModule.firstEmissionBlockNumber(netuid)).isSome).toBe(true);
    const moved = await c.send(tx.proxy.proxy(coldkey, null, tx.balances.transferAllowDeath(bob.address, 1n)), bob);
    const res = moved.events.find(e => e.name === 'proxy.ProxyExecuted')!.data[0];
    expect(api.registry.findMetaError(res.asErr.asModule).name).toBe('CallFiltered');

    // ── terminate_lease: only the beneficiary, only after the end block, with a hotkey it owns ──
    expect((await c.send(tx.subtensorModule.terminateLease(leaseId + 7, bobHot.address), bob)).error).toBe('subtensorModule.LeaseDoesNotExist');
    expect((await c.send(tx.subtensorModule.terminateLease(leaseId, bobHot.address), alice)).error).toBe('subtensorModule.ExpectedBeneficiaryOrigin');
    expect((await c.send(tx.subtensorModule.terminateLease(leaseId, bobHot.address), bob)).error).toBe('subtensorModule.LeaseHasNotEnded');
    await c.newBlock(Math.max(0, leaseEnd - (await block())));
    expect((await c.send(tx.subtensorModule.terminateLease(leaseId, bobHot.address), bob)).error).toBe('subtensorModule.BeneficiaryDoesNotOwnHotkey');
    expect((await q.subtensorModule.subnetLeases(leaseId)).isSome).toBe(true);
    // try_associate_hotkey (btcli `wallet associate-hotkey`) makes Bob the hotkey's owner.
    const assoc = await c.send(tx.subtensorModule.tryAssociateHotkey(bobHot.address), bob);
    expect(assoc.ok, assoc.error).toBe(true);
    expect((await q.subtensorModule.owner(bobHot.address)).toString()).toBe(bob.address);
    const term = await c.send(tx.subtensorModule.terminateLease(leaseId, bobHot.address), bob);
    expect(term.ok, term.error).toBe(true);
    expect(term.events.some(e => e.name === 'subtensorModule.SubnetLeaseTerminated')).toBe(true);
    expect((await q.subtensorModule.subnetOwner(netuid)).toString()).toBe(bob.address);
    expect((await q.subtensorModule.subnetOwnerHotkey(netuid)).toString()).toBe(bobHot.address);
    expect((await q.subtensorModule.subnetLeases(leaseId)).isNone).toBe(true);
    expect((await q.subtensorModule.subnetLeaseShares.entries(leaseId)).length).toBe(0);
    expect((await q.proxy.proxies(coldkey))[0].length).toBe(0);
    // As at HEAD, the netuid → lease id entry stays (the coinbase then finds no lease and pays no dividends).
    expect((await q.subtensorModule.subnetUidToLeaseId(netuid)).unwrap().toNumber()).toBe(leaseId);
  }, 240_000);

  it('call route as the SDK test does it: register_network dispatched as the creator; a long call kept in Preimage', async () => {
    const { api } = c;
    const tx = api.tx as any;
    const q = api.query as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob');
    const fredHot = c.key('//Fred//hot'), eveHot = c.key('//Eve//hot');
    const free = async (a: string) => big((await api.query.system.account(a) as any).data.free);
    const fee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const block = async () => (await api.rpc.chain.getHeader()).number.toNumber();

    // SDK test_crowdloan_with_call: the stored register_network(fred's hotkey) runs with Bob's origin, so Bob pays
    // the lock; the raised funds stay in the funds account.
    const id = (await q.crowdloan.nextCrowdloanId()).toNumber();
    const cr = await c.send(tx.crowdloan.create(10n * TAO, 5n * TAO, 30n * TAO, (await block()) + 2400, tx.subtensorModule.registerNetwork(fredHot.address).method, null), bob);
    expect(cr.ok, cr.error).toBe(true);
    expect((await c.send(tx.crowdloan.contribute(id, 20n * TAO), alice)).ok).toBe(true);
    const owners = async () => new Set((await q.subtensorModule.subnetOwnerHotkey.entries()).map(([, v]: any) => v.toString()));
    expect((await owners()).has(fredHot.address)).toBe(false);
    const bob0 = await free(bob.address);
    const fin = await c.send(tx.crowdloan.finalize(id), bob);
    expect(fin.ok, fin.error).toBe(true);
    expect((await owners()).has(fredHot.address)).toBe(true);
    const locked = big(await q.subtensorModule.networkLastLockCost());
    expect(await free(bob.address)).toBe(bob0 - fee(fin.events) - locked);
    expect(await free(fundsAccount(id))).toBe(30n * TAO);

    // A call over 128 encoded bytes is noted in Preimage (requested, no deposit) and looked up at finalize; its
    // failure (here: the lock is not affordable for Dave) fails the finalize and leaves the crowdloan as it was.
    const identity = { subnetName: 'x'.repeat(60), githubRepo: 'y'.repeat(60), subnetContact: '', subnetUrl: '', discord: '', description: '', logoUrl: '', additional: '' };
    const long = tx.subtensorModule.registerNetworkWithIdentity(eveHot.address, identity).method;
    expect(long.toU8a().length).toBeGreaterThan(128);
    const hash = u8aToHex(blake2AsU8a(long.toU8a()));
    const dave = c.key('//Dave');
    const id2 = id + 1;
    const lockNow = big(await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost());
    expect(lockNow).toBeGreaterThan(big((await api.query.system.account(dave.address) as any).data.free));
    expect((await c.send(tx.crowdloan.create(10n * TAO, TAO, 11n * TAO, (await block()) + 100, long, null), dave)).ok).toBe(true);
    const stored = (await q.crowdloan.crowdloans(id2)).unwrap().call.unwrap();
    expect(stored.isLookup).toBe(true);
    expect(stored.asLookup.hash_.toHex()).toBe(hash);
    expect(stored.asLookup.len.toNumber()).toBe(long.toU8a().length);
    expect((await q.preimage.requestStatusFor(hash)).unwrap().isRequested).toBe(true);
    expect((await c.send(tx.crowdloan.contribute(id2, TAO), alice)).ok).toBe(true);
    const failed = await c.send(tx.crowdloan.finalize(id2), dave);
    expect(failed.error).toBe('subtensorModule.CannotAffordLockCost');
    expect((await q.crowdloan.crowdloans(id2)).unwrap().finalized.isFalse).toBe(true);
    expect((await q.crowdloan.currentCrowdloanId()).isNone).toBe(true);
    // Refund and dissolve drop the stored call from Preimage.
    expect((await c.send(tx.crowdloan.refund(id2), dave)).ok).toBe(true);
    expect((await c.send(tx.crowdloan.dissolve(id2), dave)).ok).toBe(true);
    expect((await q.preimage.requestStatusFor(hash)).isNone).toBe(true);
    expect((await q.preimage.preimageFor([hash, long.toU8a().length])).isNone).toBe(true);
  }, 240_000);
});
