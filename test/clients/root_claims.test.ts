// Root claims end to end through the node with @polkadot/api (what `btcli stake claim` and `stake list` use): the
// calls' bad inputs fail with HEAD's errors and change nothing; a validator with root stake earns root dividends on
// a subnet, which land in RootClaimable (a rate per unit of root stake, read by btcli as `(netuid, {bits})` pairs)
// rather than in its subnet pool; claim_root with Keep pays floor(rate × root stake) − RootClaimed as subnet stake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

/** SCALE i128 little-endian (an I96F32's bits). */
const i128le = (v: bigint) => { const b = new Uint8Array(16); for (let i = 0; i < 16; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn); return b; };

describe('root claims through the node', () => {
  it('errors change nothing; root dividends become claimable and claim_root pays them', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule;
    const [alice, bob] = [env.key('//Alice'), env.key('//Bob')];
    const aliceHot = env.key('//Alice_hk');
    const netuid = await createSubnet(env, alice, aliceHot);
    await env.sudo(tx.sudoSetNumRootClaims(0)); // no auto-claims: the explicit claim below is the only one

    // Bad inputs.
    const state = async () => JSON.stringify([(await q.rootClaimType(alice.address)).toJSON(), (await q.numRootClaim()).toJSON(),
      (await q.rootClaimableThreshold(netuid)).toJSON(), (await q.rootClaimed(netuid, aliceHot.address, alice.address)).toJSON()]);
    const before = await state();
    const fails: [any, any, string][] = [
      [tx.claimRoot([]), alice, 'subtensorModule.InvalidSubnetNumber'],
      [tx.claimRoot([1, 2, 3, 4, 5, 6]), alice, 'subtensorModule.InvalidSubnetNumber'],
      [tx.setRootClaimType({ KeepSubnets: { subnets: [] } }), alice, 'subtensorModule.InvalidSubnetNumber'],
      [tx.sudoSetRootClaimThreshold(netuid, 1000), bob, 'BadOrigin'],
      [tx.sudoSetRootClaimThreshold(netuid, 10_000_001), alice, 'subtensorModule.InvalidRootClaimThreshold'],
      [tx.sudoSetNumRootClaims(5), alice, 'BadOrigin'],
    ];
    for (const [call, signer, error] of fails) expect((await env.send(call, signer)).error).toBe(error);
    await expect(env.sudo(tx.sudoSetNumRootClaims(51))).rejects.toThrow(/InvalidNumRootClaim/);
    expect(await state()).toBe(before);

    // Alice's hotkey validates the subnet (owner uid 0, weight on itself) with stake on the subnet and on root.
    for (const [netuidOf, amount] of [[netuid, 100n * TAO], [0, 1_000n * TAO]] as const) {
      const r = await env.send(tx.addStake(aliceHot.address, netuidOf, amount), alice);
      expect(r.ok, r.error).toBe(true);
    }
    expect((await env.send(api.tx.balances.transferKeepAlive(aliceHot.address, 10n * TAO), alice)).ok).toBe(true);
    expect((await env.send(tx.setMechanismWeights(netuid, 0, [0], [65_535], 0), aliceHot)).ok).toBe(true);
    await env.sudo(api.tx.adminUtils.sudoSetTempo(netuid, 1000));
    // Root dividends accrue only when Σ moving prices > 1 ("root sell"): set this subnet's moving price to 2.0.
    const priceKey = q.subnetMovingPrice.key(netuid);
    await env.sudo(api.tx.system.setStorage([[priceKey, u8aToHex(i128le(2n << 32n))]]));
    await env.newBlocks(3);
    expect((await q.pendingRootAlphaDivs(netuid)).toBigInt()).toBeGreaterThan(0n);
    const subnetStakeBefore = (await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt();
    const ownerCutBefore = (await q.pendingOwnerCut(netuid)).toBigInt();
    await env.provider.send('dev_runEpoch', [netuid]);
    // The owner cut paid at the epoch: what was pending plus this block's share of its alpha emission.
    const ownerCut = ownerCutBefore + ((await q.subnetAlphaOutEmission(netuid)).toBigInt() * 11_796n) / 65_535n;

    const rootDivs = (await q.rootAlphaDividendsPerSubnet(netuid, aliceHot.address)).toBigInt();
    expect(rootDivs).toBeGreaterThan(0n);
    // A BTreeMap<NetUid, I96F32> in the metadata: @polkadot/api decodes it as a Map (btcli as (netuid, {bits}) pairs).
    const claimable = await q.rootClaimable(aliceHot.address);
    expect([...claimable.keys()].map((n: any) => n.toNumber())).toEqual([netuid]);
    const rate = BigInt([...claimable.values()][0].bits.toString());
    const rootStake = (await q.totalHotkeyAlpha(aliceHot.address, 0)).toBigInt();
    expect(rate).toBe((rootDivs << 32n) / rootStake);
    // The root dividends did not go into the subnet pool: it grew by the owner cut, the alpha dividends with their
    // 18% take and the take on the root dividends only (each recorded amount is after take: take = d·0.18/0.82).
    const alphaDivs = (await q.alphaDividendsPerSubnet(netuid, aliceHot.address)).toBigInt();
    const grown = (await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt() - subnetStakeBefore;
    const expected = ownerCut + (alphaDivs * 65_535n) / (65_535n - 11_796n) + (rootDivs * 11_796n) / (65_535n - 11_796n);
    const diff = grown > expected ? grown - expected : expected - grown;
    expect(diff).toBeLessThan(rootDivs / 100n);

    // Keep: the claim becomes alpha stake on the subnet; a second claim finds nothing.
    expect((await env.send(tx.setRootClaimType('Keep'), alice)).ok).toBe(true);
    expect((await q.rootClaimType(alice.address)).toString()).toBe('Keep');
    const aliceRoot = (await q.totalHotkeyAlpha(aliceHot.address, 0)).toBigInt(); // Alice is the only root staker
    const owed = (rate * aliceRoot) >> 32n;
    const stake0 = (await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt();
    const claim = await env.send(tx.claimRoot([netuid]), alice);
    expect(claim.ok, claim.error).toBe(true);
    expect(claim.events.map(e => e.name)).toContain('subtensorModule.RootClaimed');
    expect((await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt() - stake0).toBe(owed);
    expect((await q.rootClaimed(netuid, aliceHot.address, alice.address)).toBigInt()).toBe(owed);
    const again = await env.send(tx.claimRoot([netuid]), alice);
    expect(again.ok).toBe(true);
    expect((await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt() - stake0).toBe(owed);
  }, 120_000);
});
