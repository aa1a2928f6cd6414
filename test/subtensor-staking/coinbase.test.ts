// Block pipeline in-process: halving at the 10.5M TAO crossing, TotalIssuance growth, pending accumulators,
// epoch scheduling (HEAD stateful and classic modular, MaxEpochsPerBlock deferral), and an epoch whose persisted
// outputs equal the epoch module's result on a hand-built input, with stakes growing by exactly what is paid.
import { describe, it, expect, afterEach } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { blockStep } from '../../runtime/pallets/subtensor/coinbase/block_step.ts';
import { stakeOf } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';
import { runEpochReference } from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput } from '../../runtime/pallets/subtensor/epoch/types.ts';
import { configureRuntime, runtimeConfig } from '../../runtime/config.ts';

const HALVING = 10_500_000n * TAO;
const I96_ONE = 1n << 32n;

/** A dynamic subnet with a live moving price, no owner cut and no root stake (so root_prop = 0). */
function emittingSubnet(env: Env, netuid: number, tempo = 10): void {
  env.addSubnet(netuid, 1, 1_000n * TAO, 1_000n * TAO);
  env.run(() => {
    N.Tempo.set(netuid, tempo);
    S.SubnetMovingPrice.set(netuid, { bits: I96_ONE / 2n });
    C.SubnetOwnerCut.set(0);
  });
}

function step(env: Env, block: number) {
  env.setBlock(block);
  return env.run(() => blockStep(block));
}

afterEach(() => configureRuntime({ epochSchedule: 'stateful' }));

describe('block emission and issuance', () => {
  it('halves exactly when TotalIssuance crosses 10.5M TAO; issuance grows by exactly the emissions', () => {
    const env = new Env();
    emittingSubnet(env, 1);
    const start = HALVING - TAO - TAO / 2n;
    env.run(() => S.TotalIssuance.set(start));
    // issuance < 10.5M → 1 TAO per block; ≥ 10.5M → 0.5 TAO (first halving), from §5.1.
    const expected = [TAO, TAO, TAO / 2n, TAO / 2n];
    let issuance = start;
    expected.forEach((e, i) => {
      const r = step(env, i + 1);
      expect(r.blockEmission).toBe(e);
      expect(r.recycled).toBe(0n);
      issuance += e;
      env.run(() => {
        expect(S.TotalIssuance.get()).toBe(issuance);
        expect(S.BlockEmission.get()).toBe(e);
      });
    });
    expect(issuance).toBe(HALVING + 3n * TAO / 2n);
  });

  it('with nothing to emit to, the minted emission is recycled and issuance is unchanged', () => {
    const env = new Env();
    env.run(() => S.TotalIssuance.set(1_000n * TAO));
    const r = step(env, 1);
    expect(r.blockEmission).toBe(TAO);
    expect(r.recycled).toBe(TAO);
    env.run(() => expect(S.TotalIssuance.get()).toBe(1_000n * TAO));
  });

  it('root_prop 0: all TAO emission buys alpha for the protocol; alpha out splits 50/50 into pending', () => {
    const env = new Env();
    emittingSubnet(env, 1, 100);
    step(env, 1);
    env.run(() => {
      // x = 1 TAO into (1000, 1000): alpha bought = 1000e9·1e9/(1001e9).
      expect(S.SubnetProtocolAlpha.get(1)).toBe((1_000n * TAO * TAO) / (1_001n * TAO));
      expect(S.SubnetTAO.get(1)).toBe(1_001n * TAO);
      expect(S.SubnetTaoInEmission.get(1)).toBe(0n);
      expect(S.SubnetAlphaOutEmission.get(1)).toBe(TAO);
      expect(C.PendingServerEmission.get(1)).toBe(TAO / 2n);
      expect(C.PendingValidatorEmission.get(1)).toBe(TAO / 2n);
      expect(C.PendingRootAlphaDivs.get(1)).toBe(0n);
      expect(C.BlocksSinceLastStep.get(1)).toBe(1n);
    });
  });
});

describe('epoch scheduling', () => {
  it('HEAD stateful: every tempo blocks from LastEpochBlock; MaxEpochsPerBlock defers the rest by one block', () => {
    const env = new Env();
    for (const n of [1, 2, 3]) emittingSubnet(env, n, 5);
    env.run(() => C.MaxEpochsPerBlock.set(2));
    const runs: number[][] = [];
    for (let b = 1; b <= 11; b++) runs.push(step(env, b).epochsRun);
    // LastEpochBlock = 0 → due at block 5 for all three; cap 2 → subnet 3 deferred to block 6.
    expect(runs[4]).toEqual([1, 2]);
    expect(runs[5]).toEqual([3]);
    expect(runs[9]).toEqual([1, 2]);
    expect(runs[10]).toEqual([3]);
    expect(runs.flat().length).toBe(6);
    const deferred = env.events.filter(e => e.name === 'EpochDeferred');
    expect(deferred[0].value).toEqual({ netuid: 3, from_block: 5n, to_block: 6n });
    env.run(() => expect(C.SubnetEpochIndex.get(3)).toBe(2n));
  });

  it('classic modular: runs when blocks_until_next_epoch = tempo − (block + netuid + 1) % (tempo + 1) is 0', () => {
    configureRuntime({ epochSchedule: 'modular' });
    expect(runtimeConfig.epochSchedule).toBe('modular');
    const env = new Env();
    emittingSubnet(env, 1, 5);
    emittingSubnet(env, 2, 5);
    const runs: [number, number][] = [];
    for (let b = 1; b <= 13; b++) for (const n of step(env, b).epochsRun) runs.push([b, n]);
    // (b + n + 1) % 6 == 5: netuid 2 at b = 2, 8; netuid 1 at b = 3, 9 (period tempo + 1, staggered by netuid).
    expect(runs).toEqual([[2, 2], [3, 1], [8, 2], [9, 1]]);
  });
});

describe('epoch distribution', () => {
  it('persists exactly what the epoch computes and pays miners/validators exactly', () => {
    const env = new Env();
    const tempo = 10;
    emittingSubnet(env, 1, tempo);
    const owner = acct(100), ownerHot = acct(101);
    const vCold = [acct(10), acct(11)], vHot = [acct(20), acct(21)];
    const mCold = [acct(30), acct(31), acct(32)], mHot = [acct(40), acct(41), acct(42)];
    env.run(() => {
      N.SubnetOwner.set(1, owner);
      N.SubnetOwnerHotkey.set(1, ownerHot);
      N.CommitRevealWeightsEnabled.set(1, false);
    });
    env.ownHotkey(owner, ownerHot);
    vCold.forEach((c, i) => env.ownHotkey(c, vHot[i]));
    mCold.forEach((c, i) => env.ownHotkey(c, mHot[i]));
    env.setBlock(1);
    const hotkeys = [ownerHot, ...vHot, ...mHot];
    env.run(() => hotkeys.forEach(h => appendNeuron(1, h, 1n)));
    // Validators stake 100 and 300 TAO worth of alpha, take 0 so they keep all dividends.
    vCold.forEach((c, i) => {
      env.fund(c, 1_000n * TAO);
      expect(env.dispatch(c, 'add_stake', { hotkey: vHot[i], netuid: 1, amount_staked: [100n, 300n][i] * TAO }).ok).toBe(true);
      env.run(() => S.Delegates.set(vHot[i], 0));
    });
    // Permits from a previous epoch; validators weight the miners.
    env.run(() => {
      N.ValidatorPermit.set(1, [true, true, true, false, false, false]);
      N.Weights.set(1, 1, [[3, 65535], [4, 32768], [5, 0]]);
      N.Weights.set(1, 2, [[3, 10000], [4, 65535], [5, 20000]]);
      N.LastUpdate.set(1, [1n, 2n, 2n, 1n, 1n, 1n]);
    });
    const stakesBefore = env.run(() => ({
      v: vHot.map((h, i) => stakeOf(h, vCold[i], 1)),
      m: mHot.map((h, i) => stakeOf(h, mCold[i], 1)),
    }));
    for (let b = 2; b < tempo; b++) expect(step(env, b).epochsRun).toEqual([]);
    const pendingBefore = env.run(() => [C.PendingServerEmission.get(1), C.PendingValidatorEmission.get(1)]);
    // This block adds 0.5 TAO to each accumulator (alpha out 1 TAO, no owner cut, root_prop 0).
    const server = pendingBefore[0] + TAO / 2n, validator = pendingBefore[1] + TAO / 2n;
    expect(server).toBe(9n * TAO / 2n); // blocks 2..10 each add 0.5 TAO
    const alphaStakes = env.run(() => hotkeys.map(h => S.TotalHotkeyAlpha.get(h, 1)));

    const r = step(env, tempo);
    expect(r.epochsRun).toEqual([1]);

    // The epoch module, fed the pre-epoch state by hand.
    const input: EpochInput = {
      n: 6, block: BigInt(tempo), tempo, activityCutoff: (13_889n * BigInt(tempo)) / 1000n,
      lastUpdate: [1n, 2n, 2n, 1n, 1n, 1n], blockAtRegistration: [1n, 1n, 1n, 1n, 1n, 1n],
      alphaStake: alphaStakes, rootStake: [0n, 0n, 0n, 0n, 0n, 0n],
      taoWeight: 971_718_665_099_567_868n, stakeThreshold: 0n, ownerUid: 0,
      validatorPermit: [true, true, true, false, false, false], maxAllowedValidators: 128,
      weights: [[], [[3, 65535], [4, 32768], [5, 0]], [[3, 10000], [4, 65535], [5, 20000]], [], [], []],
      bonds: [[], [], [], [], [], []],
      kappa: 32767, bondsPenalty: 65535, bondsMovingAverage: 900_000n, yuma3: false, liquidAlpha: false,
      alphaLow: 45875, alphaHigh: 58982, alphaSigmoidSteepness: 1000,
      commitRevealEnabled: false, firstLiveCommitBlock: [null, null, null, null, null, null],
      lastMechanismStepBlock: 0n, emission: server + validator,
    };
    const out = runEpochReference(input);
    env.run(() => {
      expect(N.Incentive.get(1)).toEqual(out.incentive);
      expect(N.Dividends.get(1)).toEqual(out.dividends);
      expect(N.Emission.get(1)).toEqual(out.emission);
      expect(N.Consensus.get(1)).toEqual(out.consensus);
      expect(N.ValidatorTrust.get(1)).toEqual(out.validatorTrust);
      expect(N.ValidatorPermit.get(1)).toEqual(out.validatorPermit);
      expect(N.Active.get(1)).toEqual(out.active);
      expect(N.StakeWeight.get(1)).toEqual(out.stakeWeight);
      expect(C.PendingServerEmission.get(1)).toBe(0n);
      expect(C.LastEpochBlock.get(1)).toBe(BigInt(tempo));
    });
    // Non-zero where they should be: miners 3,4 have incentive, validators dividends; miner 5 got weight 0/20000.
    expect(out.incentive[3]).toBeGreaterThan(0);
    expect(out.incentive[4]).toBeGreaterThan(0);
    expect(out.dividends[1]).toBeGreaterThan(0);
    expect(out.dividends[2]).toBeGreaterThan(0);
    expect(out.incentive[1]).toBe(0);

    // Miners: stake grows by exactly their server emission. Validators: pending validator alpha shared by their
    // epoch dividends, in U96F32: floor(P · floor(v_i·2^32/Σv) / 2^32).
    const vSum = out.validatorEmission.reduce((a, b) => a + b, 0n);
    env.run(() => {
      mHot.forEach((h, i) => expect(stakeOf(h, mCold[i], 1) - stakesBefore.m[i]).toBe(out.serverEmission[3 + i]));
      vHot.forEach((h, i) => {
        const share = (out.validatorEmission[1 + i] << 32n) / vSum;
        expect(stakeOf(h, vCold[i], 1) - stakesBefore.v[i]).toBe((validator * share) >> 32n);
      });
    });
  });
});

describe('root proportion', () => {
  it('with root stake and Σ moving prices > 1, root alpha accrues as root dividends, caps the injection and is claimable by root stakers', () => {
    const env = new Env();
    for (const n of [1, 2, 3]) emittingSubnet(env, n, 100);
    env.addSubnet(0, 0);
    const cold = acct(1), hot = acct(2);
    env.ownHotkey(cold, hot);
    env.fund(cold, 10_000n * TAO);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 0, amount_staked: 5_000n * TAO }).ok).toBe(true);
    const [tao0, issuance1, tw] = env.run(() => [S.SubnetTAO.get(0), S.SubnetAlphaIn.get(1) + S.SubnetAlphaOut.get(1), S.TaoWeight.get()]);
    expect(tao0).toBe(5_000n * TAO);
    step(env, 1);
    // root_prop = w·T0 / (w·T0 + alpha issuance) in U96F32 (w = TaoWeight/u64::MAX), taken (as in HEAD's
    // emit_to_subnets) after this block's alpha_in injection and alpha_out mint; root alpha = root_prop·out·½.
    const [alphaInEm, alphaOutEm] = env.run(() => [S.SubnetAlphaInEmission.get(1), S.SubnetAlphaOutEmission.get(1)]);
    expect(alphaOutEm).toBe(TAO);
    const issuance = issuance1 + alphaInEm + alphaOutEm;
    const U64_MAX = (1n << 64n) - 1n;
    const w = (tw << 32n) / U64_MAX;
    const rootTao = ((tao0 << 32n) * w) >> 32n;
    const rootProp = (rootTao << 32n) / (rootTao + (issuance << 32n));
    const out = TAO << 32n;
    const rootAlpha = (((rootProp * out) >> 32n) * (1n << 31n)) >> 32n;
    env.run(() => {
      expect(rootAlpha).toBeGreaterThan(0n);
      expect(C.PendingRootAlphaDivs.get(1)).toBe(rootAlpha >> 32n);
      expect(C.PendingServerEmission.get(1)).toBe(TAO / 2n);
      expect(C.PendingValidatorEmission.get(1)).toBe(((out >> 1n) - rootAlpha) >> 32n);
      // Injection: each subnet gets a third of the TAO; alpha_in = tao/price capped at root_prop·alpha_emission.
      expect(S.SubnetAlphaInEmission.get(1)).toBeGreaterThan(0n);
    });
    // The root-staked hotkey validates subnet 1: at the epoch it receives the pending root alpha as dividends.
    // Auto-claims off (NumRootClaim 0): the claim below is the explicit one.
    env.run(() => { appendNeuron(1, hot, 1n); N.ValidatorPermit.set(1, [true]); S.NumRootClaim.set(0n); });
    let pendingRoot = 0n, rateBefore = 0n;
    for (let b = 2; b <= 100; b++) {
      [pendingRoot, rateBefore] = env.run(() => [C.PendingRootAlphaDivs.get(1), S.RootClaimable.get(hot)[0]?.[1].bits ?? 0n]);
      step(env, b);
    }
    const rootDivs = env.run(() => {
      expect(C.LastEpochBlock.get(1)).toBe(100n);
      const rootDivs = S.RootAlphaDividendsPerSubnet.get(1, hot);
      const alphaDivs = S.AlphaDividendsPerSubnet.get(1, hot);
      expect(rootDivs).toBeGreaterThan(pendingRoot * 8n / 10n); // all of it, less the 18% take
      // Root dividends are not staked on subnet 1: they become claimable per unit of root stake (HEAD
      // increase_root_claimable_for_hotkey_and_subnet: I96F32 amount / root stake).
      const rootStake = S.TotalHotkeyAlpha.get(hot, 0);
      expect(S.RootClaimable.get(hot)).toEqual([[1, { bits: rateBefore + (rootDivs << 32n) / rootStake }]]);
      // The hotkey's only nominator is its owner: the stake on subnet 1 is the takes and the alpha dividends.
      expect(stakeOf(hot, cold, 1)).toBe(S.TotalHotkeyAlpha.get(hot, 1));
      expect(S.TotalHotkeyAlpha.get(hot, 1)).toBeGreaterThanOrEqual(alphaDivs);
      expect(S.TotalHotkeyAlpha.get(hot, 1)).toBeLessThan(alphaDivs + rootDivs);
      return rootDivs;
    });
    // claim_root (Keep): the owner, sole root staker, is owed floor(rate × its root stake) and gets it as stake.
    expect(env.dispatch(cold, 'set_root_claim_type', { new_root_claim_type: { type: 'Keep' } })).toEqual({ ok: true });
    const [before, rate, rootStake] = env.run(() => [stakeOf(hot, cold, 1), S.RootClaimable.get(hot)[0][1].bits, stakeOf(hot, cold, 0)]);
    const owed = (rate * rootStake) >> 32n;
    // The rate's floor loses less than rootStake / 2^32 rao (here under 1,200 of ≈ 8.16e9).
    expect(owed).toBeLessThanOrEqual(rootDivs);
    expect(rootDivs - owed).toBeLessThanOrEqual(rootStake >> 32n);
    expect(env.dispatch(cold, 'claim_root', { subnets: [1] })).toEqual({ ok: true });
    env.run(() => {
      expect(stakeOf(hot, cold, 1) - before).toBe(owed);
      expect(S.RootClaimed.get(1, hot, cold)).toBe(owed);
    });
    expect(env.events.at(-1)).toMatchObject({ name: 'RootClaimed', value: { coldkey: cold } });
    // Nothing more to claim: a second claim changes no stake.
    expect(env.dispatch(cold, 'claim_root', { subnets: [1] })).toEqual({ ok: true });
    expect(env.run(() => stakeOf(hot, cold, 1) - before)).toBe(owed);
  });
});
