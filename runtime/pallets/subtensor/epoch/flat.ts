// Flat (typed-array) form of the epoch contract: the fast path `runEpochFlat` (index.ts). Same fields
// and meaning as EpochInput/EpochOutput (types.ts), but per-uid vectors are typed arrays and the
// weights/bonds matrices are CSR, so the WASM marshaller copies whole arrays instead of walking JS
// tuples, and the outputs are plain copies of the module's result regions (no per-cell JS objects).

import type { EpochInput, EpochOutput, SparseRowU16 } from './types.ts';

/** u64::MAX marks "no live commit" in EpochInputFlat.firstLiveCommitBlock. */
export const NO_COMMIT = (1n << 64n) - 1n;

/**
 * Sparse u16 matrix in CSR form: row i holds cells rowPtr[i] .. rowPtr[i+1]−1 of cols/vals.
 * rowPtr has n + 1 entries (rowPtr[0] = 0); columns of a row strictly ascending (see runEpochFlat).
 */
export interface CsrU16 {
  rowPtr: Uint32Array;
  cols: Uint16Array;
  vals: Uint16Array;
}

/** EpochInput with typed arrays (each per-uid array has exactly n entries). */
export interface EpochInputFlat {
  n: number;
  block: bigint;
  tempo: number;
  activityCutoff: bigint;
  lastUpdate: BigUint64Array;
  blockAtRegistration: BigUint64Array;
  alphaStake: BigUint64Array;
  rootStake: BigUint64Array;
  taoWeight: bigint;
  stakeThreshold: bigint;
  ownerUid: number | null;
  /** 1 = permit, 0 = none. */
  validatorPermit: Uint8Array;
  maxAllowedValidators: number;
  weights: CsrU16;
  bonds: CsrU16;
  kappa: number;
  bondsPenalty: number;
  bondsMovingAverage: bigint;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  commitRevealEnabled: boolean;
  /** Earliest live commit block per uid; NO_COMMIT (u64::MAX) where there is none. */
  firstLiveCommitBlock: BigUint64Array;
  lastMechanismStepBlock: bigint;
  emission: bigint;
}

/** EpochOutput with typed arrays; every array is a fresh copy owned by the caller. */
export interface EpochOutputFlat {
  active: Uint8Array;
  validatorPermit: Uint8Array;
  incentive: Uint16Array;
  dividends: Uint16Array;
  consensus: Uint16Array;
  validatorTrust: Uint16Array;
  stakeWeight: Uint16Array;
  emission: BigUint64Array;
  serverEmission: BigUint64Array;
  validatorEmission: BigUint64Array;
  /** New bonds (rows of uids without a new permit are empty). */
  bonds: CsrU16;
}

/** Rows of [column, value] → CSR (columns ≥ 65536 cannot be uids and are clamped to 65535, still ≥ n). */
export function csrFromRows(rows: readonly (SparseRowU16 | undefined)[], n: number): CsrU16 {
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += rows[i]?.length ?? 0;
  const rowPtr = new Uint32Array(n + 1);
  const cols = new Uint16Array(nnz);
  const vals = new Uint16Array(nnz);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row !== undefined) {
      for (let k = 0; k < row.length; k++) {
        const cell = row[k];
        cols[o] = cell[0] > 0xffff ? 0xffff : cell[0];
        vals[o] = cell[1];
        o++;
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rowPtr, cols, vals };
}

/** CSR → rows of [column, value] tuples. */
export function rowsFromCsr(m: CsrU16, n: number): SparseRowU16[] {
  const rows: SparseRowU16[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = m.rowPtr[i];
    const e = m.rowPtr[i + 1];
    const row: SparseRowU16 = new Array(e - s);
    for (let k = s; k < e; k++) row[k - s] = [m.cols[k], m.vals[k]];
    rows[i] = row;
  }
  return rows;
}

const u64Array = (xs: readonly (bigint | undefined)[], n: number): BigUint64Array => {
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) out[i] = xs[i] ?? 0n; // stores wrap modulo 2^64 like the u64 fields
  return out;
};

/**
 * EpochInput → EpochInputFlat (missing per-uid entries read as 0 / false / no commit). A LastUpdate
 * shorter than n therefore becomes zero-padded, as the pallet stores it; `runEpoch` instead keeps
 * Rust's behaviour for a short LastUpdate (those uids inactive in the output), so only pass inputs
 * with full-length vectors when comparing the two paths.
 */
export function toFlatInput(input: EpochInput): EpochInputFlat {
  const n = input.n;
  const permit = new Uint8Array(n);
  const commit = new BigUint64Array(n);
  for (let i = 0; i < n; i++) {
    permit[i] = input.validatorPermit[i] ? 1 : 0;
    const c = input.firstLiveCommitBlock[i];
    commit[i] = c === null || c === undefined ? NO_COMMIT : c;
  }
  return {
    ...input,
    lastUpdate: u64Array(input.lastUpdate, n),
    blockAtRegistration: u64Array(input.blockAtRegistration, n),
    alphaStake: u64Array(input.alphaStake, n),
    rootStake: u64Array(input.rootStake, n),
    validatorPermit: permit,
    firstLiveCommitBlock: commit,
    weights: csrFromRows(input.weights, n),
    bonds: csrFromRows(input.bonds, n),
  };
}

/** EpochInputFlat → EpochInput (for the TS reference). */
export function fromFlatInput(input: EpochInputFlat): EpochInput {
  const n = input.n;
  return {
    ...input,
    lastUpdate: Array.from(input.lastUpdate),
    blockAtRegistration: Array.from(input.blockAtRegistration),
    alphaStake: Array.from(input.alphaStake),
    rootStake: Array.from(input.rootStake),
    validatorPermit: Array.from(input.validatorPermit, (x) => x !== 0),
    firstLiveCommitBlock: Array.from(input.firstLiveCommitBlock, (c) => (c === NO_COMMIT ? null : c)),
    weights: rowsFromCsr(input.weights, n),
    bonds: rowsFromCsr(input.bonds, n),
  };
}

/** EpochOutputFlat → EpochOutput. */
export function fromFlatOutput(out: EpochOutputFlat): EpochOutput {
  return { ...fromFlatOutputCsr(out), bonds: rowsFromCsr(out.bonds, out.active.length) };
}

/** EpochOutput with the bonds to store kept as CSR: what a caller persisting them row by row needs (no object per cell). */
export type EpochOutputCsr = Omit<EpochOutput, 'bonds'> & { bonds: CsrU16 };

/** EpochOutputFlat → EpochOutputCsr: the per-uid vectors as arrays, the bonds as they are. */
export function fromFlatOutputCsr(out: EpochOutputFlat): EpochOutputCsr {
  const n = out.active.length;
  const bools = (v: Uint8Array): boolean[] => {
    const r: boolean[] = new Array(n);
    for (let i = 0; i < n; i++) r[i] = v[i] !== 0;
    return r;
  };
  // Plain indexed loops: Array.from over typed arrays goes through the iterator protocol.
  const nums = (v: Uint16Array): number[] => {
    const r: number[] = new Array(n);
    for (let i = 0; i < n; i++) r[i] = v[i];
    return r;
  };
  const bigs = (v: BigUint64Array): bigint[] => {
    const r: bigint[] = new Array(n);
    for (let i = 0; i < n; i++) r[i] = v[i];
    return r;
  };
  return {
    active: bools(out.active),
    validatorPermit: bools(out.validatorPermit),
    incentive: nums(out.incentive),
    dividends: nums(out.dividends),
    consensus: nums(out.consensus),
    validatorTrust: nums(out.validatorTrust),
    stakeWeight: nums(out.stakeWeight),
    emission: bigs(out.emission),
    serverEmission: bigs(out.serverEmission),
    validatorEmission: bigs(out.validatorEmission),
    bonds: out.bonds,
  };
}

/** EpochOutput → EpochOutputFlat (the reference's result on the flat path's fallback). */
export function toFlatOutput(out: EpochOutput): EpochOutputFlat {
  const n = out.active.length;
  return {
    active: Uint8Array.from(out.active, (b) => (b ? 1 : 0)),
    validatorPermit: Uint8Array.from(out.validatorPermit, (b) => (b ? 1 : 0)),
    incentive: Uint16Array.from(out.incentive),
    dividends: Uint16Array.from(out.dividends),
    consensus: Uint16Array.from(out.consensus),
    validatorTrust: Uint16Array.from(out.validatorTrust),
    stakeWeight: Uint16Array.from(out.stakeWeight),
    emission: BigUint64Array.from(out.emission),
    serverEmission: BigUint64Array.from(out.serverEmission),
    validatorEmission: BigUint64Array.from(out.validatorEmission),
    bonds: csrFromRows(out.bonds, n),
  };
}
