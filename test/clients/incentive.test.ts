// The SDK's own e2e oracle `test_incentive` (bittensor 10.2.0 tests/e2e_tests/test_incentive.py; clients.md §2.6),
// reproduced with two keys instead of the subnet-template processes: Alice (subnet owner, validator) and Bob (miner)
// on a fresh subnet with commit-reveal off; Alice sets weights the way the template validator ends up setting them
// (some score on herself, the top score on Bob) through SDK 10's `set_mechanism_weights`. The SDK's waits are kept
// (next epoch start + 5, then next epoch start + tempo + 1) and its assertions checked, plus the exact u16 values
// Yuma gives a single validator: consensus = incentive = her normalised weight row, dividends = 1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
beforeEach(async () => { env = await startEnv(); }, 60_000);
afterEach(async () => { await env?.stop(); });

const U16_MAX = 65535;
const SELF_WEIGHT = 16384; // Alice's own score; Bob's is the row maximum (65535)

/** The SDK test's steps; `yuma3` false reproduces the chain its bonds expectation was recorded on (classic Yuma,
 *  bonds column-max-upscaled), true keeps HEAD's default for new subnets. Returns what the bonds check needs. */
async function scenario(yuma3: boolean) {
  const { api } = env;
  const call = api.call as any;
  const [alice, bob] = [env.key('//Alice'), env.key('//Bob')];
  const [aliceHot, bobHot] = [env.key('//Alice_hk'), env.key('//Bob_hk')];

  const netuid = await createSubnet(env, alice, aliceHot);
  if (!yuma3) await env.sudo(api.tx.adminUtils.sudoSetYuma3Enabled(netuid, false));
  expect(netuid).toBe(2); // localnet genesis holds 0 and 1 (btcli e2e: first created subnet is 2)
  const reg = await env.send(api.tx.subtensorModule.burnedRegister(netuid, bobHot.address), bob);
  expect(reg.ok, reg.error).toBe(true);
  // The hotkey signs set_weights: give it an account (providers > 0) like the SDK's funded test wallets.
  expect((await env.send(api.tx.balances.transferKeepAlive(aliceHot.address, 10n * TAO), alice)).ok).toBe(true);

  const neurons = async () => (await call.neuronInfoRuntimeApi.getNeuronsLite(netuid)).toArray();
  const n0 = await neurons();
  expect(n0.length).toBe(2);
  expect(n0.map((n: any) => n.hotkey.toString())).toEqual([aliceHot.address, bobHot.address]);

  const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const waitForBlock = async (target: number) => { const h = await head(); if (target > h) await env.newBlocks(target - h); };
  // SDK 10.2 subnets.get_next_epoch_start_block: computed client-side with the legacy modular formula
  // (blocks_until = tempo − (block + netuid + 1) mod (tempo + 1); start = block + blocks_until + 1), not via the
  // runtime API — so these waits are exactly the SDK's, whatever our (HEAD, stateful) scheduler does.
  const nextEpochStart = async () => {
    const block = await head();
    const tempo = Number((await (api.query.subtensorModule as any).tempo(netuid)).toString());
    return block + (tempo - ((block + netuid + 1) % (tempo + 1))) + 1;
  };

  // Wait for the first epoch: Alice (owner) holds a permit, nothing is scored yet.
  await waitForBlock((await nextEpochStart()) + 5);
  const [a1, b1] = await neurons();
  expect(a1.validatorPermit.isTrue).toBe(true);
  for (const v of [a1.dividends, a1.validatorTrust, a1.incentive, a1.consensus, b1.incentive, b1.consensus]) expect(v.toNumber()).toBe(0);

  const tempo = Number((await (api.query.subtensorModule as any).tempo(netuid)).toString());
  await env.sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, tempo));
  const sw = await env.send(api.tx.subtensorModule.setMechanismWeights(netuid, 0, [0, 1], [SELF_WEIGHT, U16_MAX], 0), aliceHot);
  expect(sw.ok, sw.error).toBe(true);
  expect(sw.events.map(e => e.name)).toContain('subtensorModule.WeightsSet');
  const epochIndex = async () => Number((await (api.query.subtensorModule as any).subnetEpochIndex(netuid)).toString());
  const epochsBefore = await epochIndex();

  await waitForBlock((await nextEpochStart()) + tempo + 1);

  // get_metagraph_info(selected_indices=[72]).validators: permitted uids by stake ascending (Bob's < Alice's).
  const sel = await call.subnetInfoRuntimeApi.getSelectiveMetagraph(netuid, [72]);
  const validators = sel.unwrap().validators.unwrap().map((x: any) => x.toNumber());
  expect(validators[0]).toBe(1);
  expect(validators[1]).toBe(0);

  const [a, b] = await neurons();
  expect(a.validatorPermit.isTrue).toBe(true);
  expect(a.dividends.toNumber()).toBe(U16_MAX);
  expect(a.validatorTrust.toNumber() / U16_MAX).toBeGreaterThan(0.99);
  expect(a.incentive.toNumber() / U16_MAX).toBeLessThan(0.5);
  expect(a.consensus.toNumber() / U16_MAX).toBeLessThan(0.5);
  expect(b.incentive.toNumber() / U16_MAX).toBeGreaterThan(0.5);
  expect(b.consensus.toNumber() / U16_MAX).toBeGreaterThan(0.5);
  const aliceStake = a.stake.toArray().reduce((s: bigint, [, amt]: any) => s + amt.toBigInt(), 0n);
  expect(aliceStake).toBeGreaterThan(0n);

  // One validator: consensus_j = her normalised weight w_j, incentive = normalize(w) = w; u16 = ⌊w·65535⌋ (±1
  // for the I32F32 rounding along the way).
  const rowSum = SELF_WEIGHT + U16_MAX;
  const expectU16 = (got: number, weight: number) => expect(Math.abs(got - Math.floor((weight / rowSum) * U16_MAX))).toBeLessThanOrEqual(1);
  expectU16(b.incentive.toNumber(), U16_MAX);
  expectU16(b.consensus.toNumber(), U16_MAX);
  expectU16(a.incentive.toNumber(), SELF_WEIGHT);
  expectU16(a.consensus.toNumber(), SELF_WEIGHT);

  // subtensor.subnets.bonds(netuid): query_map over Bonds(netuid) → [(uid, [(j, bond)])].
  const bondEntries = await (api.query.subtensorModule as any).bonds.entries(netuid);
  const bonds: [number, [number, number][]][] = bondEntries
    .map(([k, v]: any) => [k.args[1].toNumber(), v.toJSON()] as [number, [number, number][]])
    .sort((x: any, y: any) => x[0] - y[0]);
  const epochs = (await epochIndex()) - epochsBefore;
  const movingAverage = Number((await (api.query.subtensorModule as any).bondsMovingAverage(netuid)).toString());
  return { bonds, epochs, movingAverage };
}

describe('SDK test_incentive oracle', () => {
  it('classic Yuma (the SDK\'s recorded chain): Alice dividends 1.0, vtrust > 0.99; Bob incentive/consensus > 0.5; bonds exactly as the SDK lists', async () => {
    const { bonds } = await scenario(false);
    expect(bonds).toEqual([[0, [[0, U16_MAX], [1, U16_MAX]]], [1, []]]);
  });

  it('Yuma3 (HEAD default for new subnets): same outcome; bonds are the EMA of the weight row, (1 − (1−α)^k)·w', async () => {
    const { bonds, epochs, movingAverage } = await scenario(true);
    expect(epochs).toBeGreaterThanOrEqual(1);
    const alpha = 1 - movingAverage / 1e6;
    const rowSum = SELF_WEIGHT + U16_MAX;
    const expected = (w: number) => Math.floor((1 - (1 - alpha) ** epochs) * (w / rowSum) * U16_MAX);
    expect(bonds.map(([uid]: [number, unknown]) => uid)).toEqual([0, 1]);
    const [[, row0], [, row1]] = bonds;
    expect(row1).toEqual([]);
    expect(row0.map(([j]: [number, number]) => j)).toEqual([0, 1]);
    expect(Math.abs(row0[0][1] - expected(SELF_WEIGHT))).toBeLessThanOrEqual(2);
    expect(Math.abs(row0[1][1] - expected(U16_MAX))).toBeLessThanOrEqual(2);
  });
});
