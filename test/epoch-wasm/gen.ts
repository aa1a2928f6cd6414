// Random EpochInput generator shared by the differential test and the benchmark. Deterministic from
// a seed (xorshift128+), so a failing fast-check case can be replayed from its seed alone.

import type { EpochInput, SparseRowU16 } from '../../runtime/pallets/subtensor/epoch/types.ts';

const U64_MAX = (1n << 64n) - 1n;

export class Rng {
  private s0: bigint;
  private s1: bigint;
  constructor(seed: number) {
    this.s0 = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x1234567n);
    this.s1 = BigInt.asUintN(64, BigInt(seed) ^ 0xdeadbeefcafef00dn);
    for (let i = 0; i < 8; i++) this.next64();
  }
  next64(): bigint {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x = BigInt.asUintN(64, x ^ (x << 23n));
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return BigInt.asUintN(64, this.s1 + y);
  }
  /** Uniform integer in [0, bound) for bound ≤ 2^32. */
  int(bound: number): number {
    return Number(this.next64() >> 32n) % bound;
  }
  /** Uniform bigint in [0, bound). */
  big(bound: bigint): bigint {
    return bound <= 0n ? 0n : ((this.next64() << 64n) | this.next64()) % bound;
  }
  chance(p: number): boolean {
    return this.int(1_000_000) < p * 1_000_000;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Sorted distinct columns: k of them from 0..n-1 (plus occasionally one ≥ n, which the epoch drops). */
function randomRow(rng: Rng, n: number, k: number, allowOutOfRange: boolean): SparseRowU16 {
  const cols = new Set<number>();
  while (cols.size < Math.min(k, n)) cols.add(rng.int(n));
  if (allowOutOfRange && rng.chance(0.05)) cols.add(n + rng.int(4));
  return [...cols]
    .sort((a, b) => a - b)
    .map((j) => [j, rng.chance(0.15) ? 0 : rng.chance(0.2) ? 65535 : rng.int(65536)] as [number, number]);
}

export interface GenOptions {
  n: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  commitReveal: boolean;
  withOwner: boolean;
  /** Fraction of uids each weights/bonds row references at most (random when absent). */
  density?: number;
}

/** A random subnet: stakes incl. zeros, sparse weights/bonds with zeros, registrations, hyperparameters. */
export function randomEpochInput(seed: number, o: GenOptions): EpochInput {
  const rng = new Rng(seed);
  const n = o.n;
  const block = 1000n + rng.big(100_000n);
  const tempo = rng.pick([1, 10, 99, 360]);
  const activityCutoff = rng.pick([1n, 50n, 5000n, 1n + rng.big(2000n)]);
  const lastUpdate: bigint[] = [];
  const blockAtRegistration: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const lu = rng.chance(0.1) ? 0n : block - rng.big(activityCutoff * 2n + 1n);
    lastUpdate.push(lu < 0n ? 0n : lu);
    const r = rng.chance(0.15) ? lastUpdate[i] : rng.chance(0.1) ? block - BigInt(rng.int(tempo + 2)) : rng.big(block);
    blockAtRegistration.push(r < 0n ? 0n : r);
  }
  // Per-uid stake stays below ~2.1e16 rao (all alpha / TAO ever issued): beyond 2^63 in total the
  // I64F64 stake sum would wrap, which no real subnet reaches.
  const stakeScale = rng.pick([1n, 1_000n, 1_000_000_000n, 10n ** 13n]);
  const alphaStake: bigint[] = [];
  const rootStake: bigint[] = [];
  const zeroShare = rng.pick([0, 0.2, 0.6]);
  for (let i = 0; i < n; i++) {
    alphaStake.push(rng.chance(zeroShare) ? 0n : rng.big(stakeScale * 1000n));
    rootStake.push(rng.chance(0.7) ? 0n : rng.big(stakeScale * 1000n));
  }
  const taoWeight = rng.pick([0n, U64_MAX, rng.next64(), 3320413933267719290n]);
  const stakeThreshold = rng.chance(0.6) ? 0n : rng.big(stakeScale * 300n);
  const ownerUid = o.withOwner && n > 0 ? (rng.chance(0.1) ? n + 2 : rng.int(n)) : null;
  const validatorPermit: boolean[] = [];
  for (let i = 0; i < n; i++) validatorPermit.push(rng.chance(0.6));
  const maxAllowedValidators = rng.pick([0, 1, 8, 64, 256, n, n + 5]);
  const density = o.density ?? rng.pick([0.05, 0.3, 1]);
  const weights: SparseRowU16[] = [];
  const bonds: SparseRowU16[] = [];
  for (let i = 0; i < n; i++) {
    weights.push(rng.chance(0.7) ? randomRow(rng, n, 1 + rng.int(Math.max(1, Math.ceil(n * density))), true) : []);
    bonds.push(rng.chance(0.5) ? randomRow(rng, n, 1 + rng.int(Math.max(1, Math.ceil(n * density))), true) : []);
  }
  const alphaA = rng.int(65536);
  const alphaB = rng.int(65536);
  const ordered = rng.chance(0.85);
  const firstLiveCommitBlock: (bigint | null)[] = [];
  for (let i = 0; i < n; i++) firstLiveCommitBlock.push(rng.chance(0.5) ? null : rng.big(block + 1n));
  return {
    n,
    block,
    tempo,
    activityCutoff,
    lastUpdate,
    blockAtRegistration,
    alphaStake,
    rootStake,
    taoWeight,
    stakeThreshold,
    ownerUid,
    validatorPermit,
    maxAllowedValidators,
    weights,
    bonds,
    kappa: rng.pick([32767, 0, 65535, rng.int(65536)]),
    bondsPenalty: rng.pick([65535, 0, rng.int(65536)]),
    bondsMovingAverage: rng.pick([900_000n, 975_000n, 0n, 1_000_000n, rng.big(1_000_001n)]),
    yuma3: o.yuma3,
    liquidAlpha: o.liquidAlpha,
    alphaLow: ordered ? Math.min(alphaA, alphaB) : alphaA,
    alphaHigh: ordered ? Math.max(alphaA, alphaB) : alphaB,
    alphaSigmoidSteepness: rng.pick([1000, 0, -1000, rng.int(65536) - 32768]),
    commitRevealEnabled: o.commitReveal,
    firstLiveCommitBlock,
    lastMechanismStepBlock: rng.chance(0.5) ? 0n : rng.big(block),
    emission: rng.pick([0n, 1_000_000_000n, rng.big(10n ** 12n), U64_MAX]),
  };
}
