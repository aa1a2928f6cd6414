// TypeScript reference (oracle) of subtensor HEAD's Yuma consensus epoch (`epoch/run_epoch.rs`):
// `runEpochReference` = `epoch_mechanism` (sparse, the production path) and `runEpochDense` =
// `epoch_dense_mechanism` (dense, test-only in subtensor, including its small differences: no owner
// special cases, no commit-reveal mask, rows of non-permitted non-validators left untouched).
// All arithmetic is on bigint raw fixed-point values (see fixed.ts); the step numbers refer to
// §4.3 of the reference spec.

import type { EpochInput, EpochOutput, SparseRowU16 } from './types.ts';
import { I32F32, I64F64, I96F32, U96F32, U64_MAX, convert, fromInt, safeDiv, satAdd, satMul, satSub, toU64 } from './fixed.ts';
import {
  type DenseMatrix,
  type Fx,
  type SparseMatrix,
  alphaSigmoid,
  colClipSparse,
  fixed64ToFixed32,
  fixed64ToU64,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  inplaceColClip,
  inplaceColMaxUpscale,
  inplaceColMaxUpscaleSparse,
  inplaceColNormalize,
  inplaceColNormalizeSparse,
  inplaceMaskCols,
  inplaceMaskDiag,
  inplaceMaskDiagExceptIndex,
  inplaceMaskMatrix,
  inplaceMaskRows,
  inplaceMaskVector,
  inplaceNormalize,
  inplaceNormalize64,
  inplaceNormalizeUsingSum,
  inplaceRowNormalize,
  inplaceRowNormalizeSparse,
  interpolate,
  interpolateSparse,
  isTopkNonzero,
  maskDiagSparse,
  maskDiagSparseExceptIndex,
  maskRowsSparse,
  matEma,
  matEmaAlpha,
  matEmaAlphaSparse,
  matEmaSparse,
  matVecMul,
  matVecMulSparse,
  matmul,
  matmulSparse,
  matmulTranspose,
  matmulTransposeSparse,
  rowHadamard,
  rowHadamardSparse,
  rowSum,
  rowSumSparse,
  scalarVecMaskSparseMatrix,
  sum,
  u16ProportionToFixed,
  u16ToFixed,
  vecMaskSparseMatrix,
  vecMul,
  weightedMedianCol,
  weightedMedianColSparse,
} from './math.ts';

const F = I32F32;
const ZERO = 0n;

// ---------- shared steps ----------

/** Step 1: inactive_i = LastUpdate_i + cutoff < block (saturating add). */
function inactiveMask(input: EpochInput): boolean[] {
  return input.lastUpdate.map((u) => {
    const s = u + input.activityCutoff;
    return (s > U64_MAX ? U64_MAX : s) < input.block;
  });
}

/** Output `active`: !inactive, false for uids beyond LastUpdate (Rust reads it with unwrap_or_default). */
function activeFlags(inactive: readonly boolean[], n: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push(i < inactive.length ? !inactive[i] : false);
  return out;
}

/** TaoWeight / u64::MAX in U96F32 (truncating division), widened to I64F64. */
function taoWeightI64F64(taoWeight: bigint): bigint {
  const w = safeDiv(U96F32, fromInt(U96F32, taoWeight), fromInt(U96F32, U64_MAX));
  return convert(U96F32, I64F64, w);
}

/** Combined stake per uid in I64F64: alpha + tao_weight · root (also the epoch terms' `stake`, voting power's input). */
export function combinedStake(input: EpochInput): bigint[] {
  const tw = taoWeightI64F64(input.taoWeight);
  const out: bigint[] = [];
  for (let i = 0; i < input.n; i++) {
    const alpha = fromInt(I64F64, input.alphaStake[i] ?? 0n);
    const root = fromInt(I64F64, input.rootStake[i] ?? 0n);
    out.push(satAdd(I64F64, alpha, satMul(I64F64, root, tw)));
  }
  return out;
}

/** Step 2: threshold on the integer part (owner exempt when given), normalise in I64F64, drop to I32F32. */
function normalizedStake(input: EpochInput, exemptUid: number | null): Fx[] {
  const total = combinedStake(input);
  const filtered = total.map((s, uid) =>
    exemptUid !== uid && fixed64ToU64(s) < input.stakeThreshold ? 0n : s,
  );
  inplaceNormalize64(filtered);
  return filtered.map(fixed64ToFixed32);
}

function activeStakeOf(stake: readonly Fx[], inactive: readonly boolean[], forbids: readonly boolean[]): Fx[] {
  const active = stake.slice();
  inplaceMaskVector(inactive, active);
  inplaceMaskVector(forbids, active);
  inplaceNormalize(active);
  return active;
}

/** Step 12 anchor: the previous epoch's block + 1, or block − tempo if no epoch ran yet. */
function lastTempo(input: EpochInput): bigint {
  if (input.lastMechanismStepBlock === 0n) {
    const b = input.block - BigInt(input.tempo);
    return b < 0n ? 0n : b;
  }
  const s = input.lastMechanismStepBlock + 1n;
  return s > U64_MAX ? U64_MAX : s;
}

/** α = 1 − BondsMovingAverage / 1e6 (I64F64 quotient narrowed to I32F32). */
function disabledLiquidAlpha(bondsMovingAverage: bigint): Fx {
  const bma = safeDiv(I64F64, fromInt(I64F64, bondsMovingAverage), fromInt(I64F64, 1_000_000n));
  return satSub(F, F.one, convert(I64F64, F, bma));
}

function alphaParams(input: EpochInput): { low: Fx; high: Fx; steepness: Fx } {
  return {
    low: u16ProportionToFixed(input.alphaLow),
    high: u16ProportionToFixed(input.alphaHigh),
    steepness: fromInt(F, input.alphaSigmoidSteepness),
  };
}

function liquidAlphaActive(input: EpochInput, consensus: readonly Fx[]): boolean {
  return input.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== ZERO);
}

/** Step 13: emission split and amounts. */
function splitEmission(
  input: EpochInput,
  incentive: readonly Fx[],
  dividends: readonly Fx[],
  stake: readonly Fx[],
  activeStake: readonly Fx[],
): { server: bigint[]; validator: bigint[]; combined: bigint[] } {
  const n = Math.min(incentive.length, dividends.length);
  const combinedScores: Fx[] = [];
  for (let i = 0; i < n; i++) combinedScores.push(satAdd(F, incentive[i], dividends[i]));
  const emissionSum = sum(combinedScores);

  const serverShare = incentive.slice();
  let validatorShare = dividends.slice();
  let combinedShare = combinedScores.slice();
  inplaceNormalizeUsingSum(serverShare, emissionSum);
  inplaceNormalizeUsingSum(validatorShare, emissionSum);
  inplaceNormalize(combinedShare);
  if (emissionSum === ZERO) {
    const fallback = sum(activeStake) === ZERO ? stake : activeStake;
    validatorShare = fallback.slice();
    combinedShare = fallback.slice();
  }

  const rao = fromInt(I96F32, input.emission);
  // I32F32 → I96F32 keeps the raw value (both have 32 fractional bits).
  const amount = (share: Fx): bigint => toU64(I96F32, satMul(I96F32, convert(F, I96F32, share), rao));
  return {
    server: serverShare.map(amount),
    validator: validatorShare.map(amount),
    combined: combinedShare.map(amount),
  };
}

function toU16s(v: readonly Fx[]): number[] {
  return v.map(fixedProportionToU16);
}

/** Step 4 input: the stored ValidatorPermit, cut or padded with `false` to n. */
function storedPermits(input: EpochInput): boolean[] {
  const permits = input.validatorPermit.slice(0, input.n);
  while (permits.length < input.n) permits.push(false);
  return permits;
}

/** Step 14: the epoch's results in the units the pallet stores (u16 proportions, u64 emission). */
function epochOutput(o: {
  active: boolean[]; newPermits: boolean[]; incentive: readonly Fx[]; dividends: readonly Fx[]; consensus: readonly Fx[];
  validatorTrust: readonly Fx[]; stake: readonly Fx[]; emission: ReturnType<typeof splitEmission>; bonds: SparseRowU16[];
}): EpochOutput {
  return {
    active: o.active,
    validatorPermit: o.newPermits,
    incentive: toU16s(o.incentive),
    dividends: toU16s(o.dividends),
    consensus: toU16s(o.consensus),
    validatorTrust: toU16s(o.validatorTrust),
    stakeWeight: toU16s(o.stake),
    emission: o.emission.combined,
    serverEmission: o.emission.server,
    validatorEmission: o.emission.validator,
    bonds: o.bonds,
  };
}

// ---------- sparse (production) ----------

function weightsSparse(input: EpochInput): SparseMatrix {
  const n = input.n;
  const m: SparseMatrix = [];
  for (let i = 0; i < n; i++) {
    const row = input.weights[i] ?? [];
    m.push(row.filter(([j]) => j < n).map(([j, w]) => [j, u16ToFixed(w)] as [number, Fx]));
  }
  return m;
}

function bondsSparse(input: EpochInput, asProportion: boolean): SparseMatrix {
  const m: SparseMatrix = [];
  for (let i = 0; i < input.n; i++) {
    const row = input.bonds[i] ?? [];
    m.push(
      row.map(([j, b]) => {
        const v = u16ToFixed(b);
        return [j, asProportion ? fixedToFixedU16Proportion(v) : v] as [number, Fx];
      }),
    );
  }
  return m;
}

/**
 * compute_liquid_alpha_values_sparse: one alpha per (row, column < consensus.len()). The weight and
 * bond of a cell are found by the same forward peek-walk over the stored row order as the Rust
 * iterator code (so unsorted rows behave identically). mat_ema_alpha_sparse only reads the alpha of
 * columns present in the weights row, so the (costly) sigmoid is evaluated for those cells only;
 * every other entry is 0 and never read.
 */
function liquidAlphaValuesSparse(input: EpochInput, weights: SparseMatrix, bonds: SparseMatrix, consensus: readonly Fx[]): DenseMatrix {
  if (weights.length !== bonds.length) return [];
  const { low, high, steepness } = alphaParams(input);
  const memo = new Map<string, Fx>();
  return weights.map((wRow, i) => {
    const bRow = bonds[i];
    const alphas = new Array<Fx>(consensus.length).fill(ZERO);
    if (wRow.length === 0) return alphas;
    const used = new Set<number>(wRow.map(([j]) => j));
    let wPos = 0;
    let bPos = 0;
    for (let j = 0; j < consensus.length; j++) {
      let weight = ZERO;
      while (wPos < wRow.length) {
        const [c, v] = wRow[wPos];
        if (c < j) wPos++;
        else {
          if (c === j) weight = v;
          break;
        }
      }
      let bond = ZERO;
      while (bPos < bRow.length) {
        const [c, v] = bRow[bPos];
        if (c < j) bPos++;
        else {
          if (c === j) bond = v;
          break;
        }
      }
      if (!used.has(j)) continue;
      const key = `${consensus[j]},${weight},${bond}`;
      let alpha = memo.get(key);
      if (alpha === undefined) {
        alpha = alphaSigmoid(consensus[j], weight, bond, low, high, steepness);
        memo.set(key, alpha);
      }
      alphas[j] = alpha;
    }
    return alphas;
  });
}

/**
 * The epoch's intermediate vectors (I32F32 raw values unless noted), filled in when a record object is passed to
 * `runEpochReference` — what dev_epochExplain shows. Nothing is copied when no record is asked for.
 */
export interface EpochIntermediates {
  active: boolean[];
  /** Normalised combined stake S (after the stake threshold). */
  stake: Fx[];
  /** Permits the epoch reads (stored, owner forced) and the new ones (top-k stake). */
  validatorPermit: boolean[];
  newValidatorPermit: boolean[];
  /** S masked by inactivity and missing permits, normalised. */
  activeStake: Fx[];
  /** Weights after the row / diagonal / outdated / commit-reveal masks, before and after row normalisation. */
  weightsMasked: SparseMatrix;
  weights: SparseMatrix;
  consensus: Fx[];
  clippedWeights: SparseMatrix;
  validatorTrust: Fx[];
  /** Ranks before normalisation (the normalised ranks are the incentive). */
  ranks: Fx[];
  incentive: Fx[];
  weightsForBonds: SparseMatrix;
  /** Bonds the EMA starts from (stored bonds, masked for new registrations; Yuma3: as proportions, classic: column-normalised). */
  bondsBefore: SparseMatrix;
  /** Bonds after the EMA, in the form that is stored (as u16 proportions). */
  bondsAfter: SparseMatrix;
  dividends: Fx[];
}

const copyRows = (m: SparseMatrix): SparseMatrix => m.map((r) => r.map(([j, v]) => [j, v] as [number, Fx]));

export function runEpochReference(input: EpochInput, record?: Partial<EpochIntermediates>): EpochOutput {
  const n = input.n;
  const ownerUid = input.ownerUid !== null && input.ownerUid < n ? input.ownerUid : null;

  // 1. Activity.
  const inactive = inactiveMask(input);
  const active = activeFlags(inactive, n);

  // 2. Stake (owner exempt from the threshold).
  const stake = normalizedStake(input, ownerUid);

  // 4. Validator permits: old permits with the owner forced, new permits by top-k non-zero stake.
  const permits = storedPermits(input);
  if (ownerUid !== null) permits[ownerUid] = true;
  const forbids = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, input.maxAllowedValidators);
  if (ownerUid !== null && ownerUid < newPermits.length) newPermits[ownerUid] = true;

  // 5. Active stake (old permits).
  const activeStake = activeStakeOf(stake, inactive, forbids);

  // 6. Weights.
  let weights = weightsSparse(input);
  weights = maskRowsSparse(forbids, weights);
  weights = ownerUid !== null ? maskDiagSparseExceptIndex(weights, ownerUid) : maskDiagSparse(weights);
  weights = vecMaskSparseMatrix(weights, input.lastUpdate, input.blockAtRegistration, (updated, registered) => updated <= registered);
  if (input.commitRevealEnabled) {
    const commitBlocks: bigint[] = [];
    for (let i = 0; i < n; i++) commitBlocks.push(input.firstLiveCommitBlock[i] ?? U64_MAX);
    weights = vecMaskSparseMatrix(weights, commitBlocks, input.blockAtRegistration, (cb, reg) => cb < reg);
  }
  if (record) record.weightsMasked = copyRows(weights);
  inplaceRowNormalizeSparse(weights);

  // 7–9. Consensus, clipping, validator trust.
  const kappa = u16ProportionToFixed(input.kappa);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const clipped = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clipped);

  // 10. Rank / incentive.
  const ranks = matmulSparse(clipped, activeStake, n);
  if (record) record.ranks = ranks.slice();
  inplaceNormalize(ranks);
  const incentive = ranks.slice();

  // 11. Weights for bonds.
  const bondsPenalty = u16ProportionToFixed(input.bondsPenalty);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);

  // 12. Bonds and dividends.
  const anchor = lastTempo(input);
  let dividends: Fx[];
  let emaBonds: SparseMatrix;
  if (input.yuma3) {
    let bonds = bondsSparse(input, true);
    bonds = scalarVecMaskSparseMatrix(bonds, anchor, input.blockAtRegistration, (lt, reg) => lt <= reg);
    if (record) record.bondsBefore = copyRows(bonds);
    if (liquidAlphaActive(input, consensus)) {
      const alphas = liquidAlphaValuesSparse(input, weightsForBonds, bonds, consensus);
      emaBonds = matEmaAlphaSparse(weightsForBonds, bonds, alphas);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, disabledLiquidAlpha(input.bondsMovingAverage));
    }
    const emaNorm = emaBonds.map((r) => r.map(([j, v]) => [j, v] as [number, Fx]));
    inplaceColNormalizeSparse(emaNorm, n);
    const totalBondsPerValidator = rowSumSparse(matVecMulSparse(emaNorm, incentive));
    dividends = vecMul(totalBondsPerValidator, activeStake);
    inplaceNormalize(dividends);
  } else {
    let bonds = bondsSparse(input, false);
    bonds = scalarVecMaskSparseMatrix(bonds, anchor, input.blockAtRegistration, (lt, reg) => lt <= reg);
    inplaceColNormalizeSparse(bonds, n);
    if (record) record.bondsBefore = copyRows(bonds);
    const delta = rowHadamardSparse(weightsForBonds, activeStake);
    inplaceColNormalizeSparse(delta, n);
    emaBonds = matEmaSparse(delta, bonds, disabledLiquidAlpha(input.bondsMovingAverage));
    inplaceColNormalizeSparse(emaBonds, n);
    dividends = matmulTransposeSparse(emaBonds, incentive);
    inplaceNormalize(dividends);
    inplaceColMaxUpscaleSparse(emaBonds, n);
  }

  if (record) {
    Object.assign(record, {
      active, stake, validatorPermit: permits, newValidatorPermit: newPermits, activeStake, weights: copyRows(weights),
      consensus, clippedWeights: copyRows(clipped), validatorTrust, incentive, weightsForBonds: copyRows(weightsForBonds),
      bondsAfter: copyRows(emaBonds), dividends,
    });
  }

  // 13. Emission split.
  const emission = splitEmission(input, incentive, dividends, stake, activeStake);

  // 14. Outputs; a uid without a new permit stores an empty bonds row.
  const bondsOut: SparseRowU16[] = [];
  for (let i = 0; i < n; i++) {
    if (newPermits[i]) bondsOut.push((emaBonds[i] ?? []).map(([j, v]) => [j, fixedProportionToU16(v)] as [number, number]));
    else bondsOut.push([]);
  }
  return epochOutput({ active, newPermits, incentive, dividends, consensus, validatorTrust, stake, emission, bonds: bondsOut });
}

// ---------- dense (test path) ----------

function weightsDense(input: EpochInput): DenseMatrix {
  const n = input.n;
  const m: DenseMatrix = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<Fx>(n).fill(ZERO);
    for (const [j, w] of input.weights[i] ?? []) if (j < n) row[j] = u16ToFixed(w);
    m.push(row);
  }
  return m;
}

function bondsDense(input: EpochInput, asProportion: boolean): DenseMatrix {
  const n = input.n;
  const m: DenseMatrix = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<Fx>(n).fill(ZERO);
    for (const [j, b] of input.bonds[i] ?? []) {
      if (j < n) row[j] = asProportion ? fixedToFixedU16Proportion(u16ToFixed(b)) : u16ToFixed(b);
    }
    m.push(row);
  }
  return m;
}

function liquidAlphaValuesDense(input: EpochInput, weights: DenseMatrix, bonds: DenseMatrix, consensus: readonly Fx[]): DenseMatrix {
  if (weights.length !== bonds.length) return [];
  const { low, high, steepness } = alphaParams(input);
  return weights.map((wRow, i) => {
    const bRow = bonds[i];
    const len = Math.min(wRow.length, bRow.length, consensus.length);
    const alphas: Fx[] = [];
    for (let j = 0; j < len; j++) alphas.push(alphaSigmoid(consensus[j], wRow[j], bRow[j], low, high, steepness));
    return alphas;
  });
}

export function runEpochDense(input: EpochInput): EpochOutput {
  const n = input.n;
  const ownerUid = input.ownerUid !== null && input.ownerUid < n ? input.ownerUid : null;

  const inactive = inactiveMask(input);
  const active = activeFlags(inactive, n);
  const outdated: boolean[][] = input.lastUpdate.map((u) => input.blockAtRegistration.map((r) => u <= r));
  const anchor = lastTempo(input);
  const recentlyRegistered = input.blockAtRegistration.map((r) => anchor <= r);

  // The dense path applies the stake threshold to everyone and does not force the owner's permits.
  const stake = normalizedStake(input, null);
  const permits = storedPermits(input);
  const forbids = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, input.maxAllowedValidators);
  const activeStake = activeStakeOf(stake, inactive, forbids);

  const weights = weightsDense(input);
  inplaceMaskRows(forbids, weights);
  if (ownerUid !== null) inplaceMaskDiagExceptIndex(weights, ownerUid);
  else inplaceMaskDiag(weights);
  inplaceMaskDiag(weights); // as in Rust: the diagonal is masked again, owner included
  inplaceMaskMatrix(outdated, weights);
  inplaceRowNormalize(weights);

  const kappa = u16ProportionToFixed(input.kappa);
  const consensus = weightedMedianCol(activeStake, weights, kappa);
  const clipped = weights.map((r) => r.slice());
  inplaceColClip(clipped, consensus);
  const validatorTrust = rowSum(clipped);

  const ranks = matmul(clipped, activeStake);
  inplaceNormalize(ranks);
  const incentive = ranks.slice();

  const bondsPenalty = u16ProportionToFixed(input.bondsPenalty);
  const weightsForBonds = interpolate(weights, clipped, bondsPenalty);

  let dividends: Fx[];
  let emaBonds: DenseMatrix;
  if (input.yuma3) {
    const bonds = bondsDense(input, true);
    inplaceMaskCols(recentlyRegistered, bonds);
    if (liquidAlphaActive(input, consensus)) {
      const alphas = liquidAlphaValuesDense(input, weightsForBonds, bonds, consensus);
      emaBonds = matEmaAlpha(weightsForBonds, bonds, alphas);
    } else {
      emaBonds = matEma(weightsForBonds, bonds, disabledLiquidAlpha(input.bondsMovingAverage));
    }
    const emaNorm = emaBonds.map((r) => r.slice());
    inplaceColNormalize(emaNorm);
    const totalBondsPerValidator = rowSum(matVecMul(emaNorm, incentive));
    dividends = vecMul(totalBondsPerValidator, activeStake);
    inplaceNormalize(dividends);
  } else {
    const bonds = bondsDense(input, false);
    inplaceMaskCols(recentlyRegistered, bonds);
    inplaceColNormalize(bonds);
    const delta = rowHadamard(weightsForBonds, activeStake);
    inplaceColNormalize(delta);
    emaBonds = matEma(delta, bonds, disabledLiquidAlpha(input.bondsMovingAverage));
    inplaceColNormalize(emaBonds);
    dividends = matmulTranspose(emaBonds, incentive);
    inplaceNormalize(dividends);
    inplaceColMaxUpscale(emaBonds);
  }

  const emission = splitEmission(input, incentive, dividends, stake, activeStake);

  // New permit: full dense row (0..n zipped with the row); lost permit: empty row; otherwise the
  // stored row is left untouched (the dense path does not write it).
  const bondsOut: SparseRowU16[] = [];
  for (let i = 0; i < n; i++) {
    const ema = emaBonds[i];
    if (ema === undefined) {
      bondsOut.push((input.bonds[i] ?? []).map(([j, b]) => [j, b] as [number, number]));
    } else if (newPermits[i]) {
      const row: SparseRowU16 = [];
      for (let j = 0; j < n && j < ema.length; j++) row.push([j, fixedProportionToU16(ema[j])]);
      bondsOut.push(row);
    } else if (permits[i]) {
      bondsOut.push([]);
    } else {
      bondsOut.push((input.bonds[i] ?? []).map(([j, b]) => [j, b] as [number, number]));
    }
  }
  return epochOutput({ active, newPermits, incentive, dividends, consensus, validatorTrust, stake, emission, bonds: bondsOut });
}

/** Activity cutoff in blocks from ActivityCutoffFactorMilli and tempo: max(1, factor·tempo/1000). */
export function activityCutoffBlocks(factorMilli: number, tempo: number): bigint {
  const c = (BigInt(factorMilli) * BigInt(tempo)) / 1000n;
  return c < 1n ? 1n : c;
}


/**
 * `do_reset_bonds` (when BondsResetOn): every stored bonds row with column `uid` removed. Only the
 * epoch scenario tests apply it so far: the pallet does not call it (Commitments' ResetBondsFlag
 * records LastBondsReset but resets no bonds).
 */
export function bondsWithoutColumn(bonds: readonly SparseRowU16[], uid: number): SparseRowU16[] {
  return bonds.map((row) => row.filter(([j]) => j !== uid).map(([j, v]) => [j, v] as [number, number]));
}
