// Deterministic mainnet-like subnets for the epoch benchmark (bench/epoch.ts) and any side-by-side
// measurement that needs the same inputs. Shape of a subnet (all from one seed, integer / IEEE basic
// arithmetic only, so every platform builds the same bytes):
//   - n uids; the `validators` largest stakes hold permits (MaxAllowedValidators), the others are miners;
//   - stake heavy-tailed: the k-th largest validator holds ≈ 0.92^(64k/validators) of the largest (× a
//     random factor in [0.5, 1.5)); miners hold little or nothing (most below StakeThreshold); ~30 % of validators
//     also hold root stake (TaoWeight 0.18);
//   - each validator weights `coverage` of the miners (dense: 95 % at random; sparse: the 10 % it rates best,
//     plus ~2 % at random) by a shared
//     heavy-tailed miner quality with ±20 % per-validator noise; ~15 % of validators dissent (random
//     weights, or most of their weight on a few favourite miners), ~half the validators also weight
//     some other validators; rows are stored max-upscaled to 65535 (as set_weights stores them);
//   - churn: a few miners registered after some validators' last update (their cells are masked as
//     outdated) and after the last epoch (their stored bonds are masked); two validators are inactive;
//   - stored bonds and permits come from `WARMUP_EPOCHS` epochs during which miner quality drifts and
//     validators re-weight, so bonds lag weights: cells where the bond exceeds the new weight take
//     liquid alpha's per-cell sigmoid (sell side), the rest the shared alpha;
//   - commit-reveal (optional): every validator holds a live commit from some blocks ago, so weights
//     onto uids registered after the commit are masked too.

import { runEpoch } from '../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput, SparseRowU16 } from '../runtime/pallets/subtensor/epoch/types.ts';

export interface SubnetShape {
  n: number;
  /** Permits (MaxAllowedValidators). */
  validators: number;
  /** Fraction of the miners each validator weights. */
  coverage: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  commitReveal: boolean;
}

export interface BenchCase {
  /** `<weights>-<config>-n<n>`, e.g. dense-yuma3la-n256: the name the side-by-side tools use. */
  name: string;
  n: number;
  weights: 'dense' | 'sparse' | 'dense-cr';
  config: 'classic' | 'yuma3la';
  shape: SubnetShape;
  seed: number;
}

const WARMUP_EPOCHS = 3;
const TEMPO = 360;

/** The benchmark's cases at the given sizes: dense and sparse, classic and Yuma3 + liquid α; commit-reveal at n ≤ 1024. */
export function benchCases(sizes: readonly number[]): BenchCase[] {
  const out: BenchCase[] = [];
  for (const n of sizes) {
    // 256 uids: 64 permits (a typical mainnet subnet); larger subnets: 256.
    const validators = n <= 256 ? 64 : 256;
    for (const weights of ['dense', 'sparse'] as const) {
      for (const config of ['classic', 'yuma3la'] as const) {
        const y = config === 'yuma3la';
        out.push({ name: `${weights}-${config}-n${n}`, n, weights, config, seed: n * 97 + (weights === 'dense' ? 1 : 2) + (y ? 10 : 0),
          shape: { n, validators, coverage: weights === 'dense' ? 0.95 : 0.1, yuma3: y, liquidAlpha: y, commitReveal: false } });
      }
    }
    if (n <= 1024) {
      out.push({ name: `densecr-yuma3la-n${n}`, n, weights: 'dense-cr', config: 'yuma3la', seed: n * 97 + 5,
        shape: { n, validators, coverage: 0.95, yuma3: true, liquidAlpha: true, commitReveal: true } });
    }
  }
  return out;
}

/** mulberry32: a small deterministic 32-bit generator (the generator needs speed, not quality). */
class Rand {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(bound: number): number { return Math.floor(this.next() * bound); }
  chance(p: number): boolean { return this.next() < p; }
  /** Fisher–Yates permutation of 0..n−1. */
  perm(n: number): number[] {
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = this.int(i + 1); const t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
}

const RAO = 1_000_000_000;

/** The subnet of `c` at its benchmark block: warm bonds and permits, as a running chain would hold them. */
export function makeBenchSubnet(c: BenchCase): EpochInput {
  const { n, validators: v, coverage } = c.shape;
  const rng = new Rand(c.seed);
  const block0 = 1_000_000n;
  // Stake ranks: uid order is shuffled so validators are not uids 0..v−1.
  const order = rng.perm(n);
  const alphaStake = new Array<bigint>(n).fill(0n);
  const rootStake = new Array<bigint>(n).fill(0n);
  let top = 2e6 * RAO; // 2M α on the largest validator
  // Rank decay 0.92 per validator at 64 permits, its 4th root at 256 (sqrt only: exact in IEEE arithmetic),
  // so the smallest permit holds about the same share of the largest at either size.
  let decay = 0.92;
  for (let x = v; x > 64; x /= 4) decay = Math.sqrt(Math.sqrt(decay));
  const isValidator = new Array<boolean>(n).fill(false);
  for (let k = 0; k < n; k++) {
    const uid = order[k];
    if (k < v) {
      isValidator[uid] = true;
      alphaStake[uid] = BigInt(Math.floor(top * (0.5 + rng.next())));
      if (rng.chance(0.3)) rootStake[uid] = BigInt(Math.floor(top * 4 * rng.next()));
      top *= decay;
    } else if (rng.chance(0.4)) {
      // Miners: dust to a few α (StakeThreshold below drops most of it).
      alphaStake[uid] = BigInt(Math.floor(5 * RAO * rng.next() * rng.next()));
    }
  }
  const validatorUids = order.slice(0, v).sort((a, b) => a - b);
  const minerUids = order.slice(v).sort((a, b) => a - b);
  // Registrations: long ago, except a churn of recently (re)registered miners.
  const blockAtRegistration = new Array<bigint>(n);
  for (let i = 0; i < n; i++) blockAtRegistration[i] = BigInt(1000 + rng.int(500_000));
  // Miner quality: heavy-tailed (u^4), drifting between epochs.
  const quality = minerUids.map(() => { const u = rng.next(); return u * u * u * u + 0.001; });
  const dissent = validatorUids.map(() => (rng.chance(0.15) ? (rng.chance(0.5) ? 1 : 2) : 0));
  const favourites = validatorUids.map(() => Array.from({ length: 4 }, () => minerUids[rng.int(minerUids.length)]));
  const weightsValidators = validatorUids.map(() => rng.chance(0.5));
  // Dense: a random `coverage` of the miners; sparse: the top `coverage` by the validator's own noisy view
  // of quality (so validators overlap on the good miners and consensus forms), plus a few random picks.
  const covered = validatorUids.map(() => {
    if (coverage >= 0.5) return minerUids.map(() => rng.chance(coverage));
    const view = quality.map((q, m) => [q * (0.7 + 0.6 * rng.next()), m] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const pick = minerUids.map(() => rng.chance(0.02));
    for (let t = 0; t < Math.ceil(coverage * minerUids.length); t++) pick[view[t][1]] = true;
    return pick;
  });

  const rowOf = (vi: number, i: number): SparseRowU16 => {
    const cells = new Map<number, number>();
    minerUids.forEach((j, m) => {
      if (!covered[vi][m]) return;
      let w: number;
      if (dissent[vi] === 1) w = rng.next();
      else if (dissent[vi] === 2) w = favourites[vi].includes(j) ? 1 : quality[m] * 0.05 * rng.next();
      else w = quality[m] * (0.8 + 0.4 * rng.next());
      cells.set(j, w);
    });
    if (weightsValidators[vi]) for (const j of validatorUids) if (rng.chance(0.25)) cells.set(j, 0.002 * rng.next());
    if (rng.chance(0.3)) cells.set(i, 0.5); // a self-weight (the epoch masks the diagonal)
    let max = 0;
    for (const w of cells.values()) max = Math.max(max, w);
    return [...cells.entries()].sort((a, b) => a[0] - b[0]).map(([j, w]) => [j, max > 0 ? Math.round((w / max) * 65535) : 0] as [number, number]);
  };

  const input: EpochInput = {
    n,
    block: block0,
    tempo: TEMPO,
    activityCutoff: 5000n,
    lastUpdate: new Array<bigint>(n).fill(0n),
    blockAtRegistration,
    alphaStake,
    rootStake,
    taoWeight: 3320413933267719290n, // 0.18
    stakeThreshold: BigInt(RAO), // 1 α: most miners' dust counts as 0
    ownerUid: null,
    validatorPermit: isValidator.slice(),
    maxAllowedValidators: v,
    weights: new Array<SparseRowU16>(n).fill([]).map(() => []),
    bonds: new Array<SparseRowU16>(n).fill([]).map(() => []),
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: 900_000n,
    yuma3: c.shape.yuma3,
    liquidAlpha: c.shape.liquidAlpha,
    alphaLow: 45875,
    alphaHigh: 58982,
    alphaSigmoidSteepness: 1000,
    commitRevealEnabled: c.shape.commitReveal,
    firstLiveCommitBlock: new Array<bigint | null>(n).fill(null),
    lastMechanismStepBlock: 0n,
    emission: 1_000_000_000n,
  };
  let state = input;
  for (let epoch = 0; epoch <= WARMUP_EPOCHS; epoch++) {
    const block = block0 + BigInt(epoch * TEMPO);
    // Validators re-weight within the tempo before this epoch; miner quality drifts by up to ±40 %.
    if (epoch > 0) for (let m = 0; m < quality.length; m++) quality[m] *= 0.6 + 0.8 * rng.next();
    const lastUpdate = state.lastUpdate.slice();
    const weights = state.weights.slice();
    validatorUids.forEach((i, vi) => {
      // Two validators went quiet long ago (inactive); the rest set weights within the last tempo.
      if (vi === 3 || vi === 7) { lastUpdate[i] = block - 6000n; if (epoch === 0) weights[i] = rowOf(vi, i); return; }
      lastUpdate[i] = block - BigInt(1 + rng.int(TEMPO - 1));
      weights[i] = rowOf(vi, i);
    });
    // Churn: ~2 % of the miners re-register during each tempo (a fresh uid: no weights or bonds on it yet).
    const registrations = state.blockAtRegistration.slice();
    for (const j of minerUids) if (rng.chance(0.02)) registrations[j] = block - BigInt(rng.int(TEMPO));
    const commits = state.firstLiveCommitBlock.map((_, i) => (c.shape.commitReveal && isValidator[i] ? block - BigInt(50 + rng.int(TEMPO)) : null));
    const next: EpochInput = {
      ...state, block, lastUpdate, weights, blockAtRegistration: registrations, firstLiveCommitBlock: commits,
      lastMechanismStepBlock: epoch === 0 ? 0n : block - BigInt(TEMPO),
    };
    if (epoch === WARMUP_EPOCHS) return next;
    const out = runEpoch(next, { impl: 'wasm' });
    state = { ...next, bonds: out.bonds, validatorPermit: out.validatorPermit };
  }
  throw new Error('unreachable');
}
