// Marshalling between EpochInput/EpochOutput and the AssemblyScript epoch (build/epoch.wasm).
// The module owns one arena in its linear memory: `layout(n, nnzW, nnzB)` places every input, output
// and scratch region (growing memory only when a bigger epoch arrives, so steady-state calls allocate
// nothing inside WASM); the JS side writes flat typed arrays (CSR for weights/bonds; column and value
// arrays u16), calls `runEpoch()` and reads the outputs back. `run` marshals the EpochInput/EpochOutput
// contract (JS arrays and [col, value] tuples), `runFlat` the typed-array contract of flat.ts (whole
// array copies, no per-cell JS objects).

import fs from 'node:fs';
import type { EpochInput, EpochOutput, SparseRowU16 } from './types.ts';
import { type EpochInputFlat, type EpochOutputFlat, fromFlatOutput } from './flat.ts';
import { U64_MAX } from './fixed.ts';

/** Raw exports of build/epoch.wasm (see assembly/index.ts). */
export interface EpochWasmExports {
  memory: WebAssembly.Memory;
  layout(n: number, nnzW: number, nnzB: number, blockCells?: number): void;
  regionPtr(id: number): number;
  runEpoch(): void;
  /** 1 when the weights/bonds input rows are strictly ascending by column (needs P_N written). */
  rowsAscending(): number;
  scratch(bytes: number): number;
  version(): number;
  /** Cells each step of the last runEpoch touched (u64 counts at the returned address; ids in STEP_CELLS). */
  stepCells(): number;
  [kernel: string]: unknown;
}

// Region ids and parameter slots: must match assembly/layout.ts.
const R = {
  LAST_UPDATE: 0, REG: 1, ALPHA: 2, ROOT: 3, COMMIT: 4, PERMIT: 5,
  W_PTR: 6, W_COL: 7, W_VAL: 8, B_PTR: 9, B_COL: 10, B_VAL: 11, PARAMS: 12,
  O_ACTIVE: 13, O_PERMIT: 14, O_INCENTIVE: 15, O_DIVIDENDS: 16, O_CONSENSUS: 17, O_VTRUST: 18,
  O_STAKEW: 19, O_EMISSION: 20, O_SERVER: 21, O_VALIDATOR: 22, O_B_PTR: 23, O_B_COL: 24, O_B_VAL: 25,
} as const;
const P = {
  N: 0, BLOCK: 1, TEMPO: 2, CUTOFF: 3, TAO_WEIGHT: 4, STAKE_THRESHOLD: 5, OWNER: 6, MAX_VALIDATORS: 7,
  KAPPA: 8, BONDS_PENALTY: 9, BMA: 10, YUMA3: 11, LIQUID: 12, ALPHA_LOW: 13, ALPHA_HIGH: 14,
  STEEPNESS: 15, COMMIT_REVEAL: 16, LAST_STEP: 17, EMISSION: 18, OUT_NNZ: 19,
} as const;
const PARAM_SLOTS = 32;

/** Step ids the module reports through env.epochMark when a step ends (assembly/marks.ts). */
export const EPOCH_STEPS = ['start', 'stake + permits (1–5)', 'weights mask + normalise (6)', 'consensus (7)',
  'clip + trust + incentive (8–10)', 'bonds read (11–12)', 'bonds EMA (12)', 'dividends + stored bonds (12)',
  'emission + outputs (13–14)'] as const;

/** Count ids of stepCells() (assembly/stats.ts). */
export const STEP_CELLS = ['storedWeights', 'maskedWeights', 'consensusCells', 'consensusColumns', 'clippedCells',
  'clipKept', 'weightsForBonds', 'storedBonds', 'bondsKept', 'emaCells', 'sigmoidCells', 'outBonds', 'activeRows'] as const;

/** Receives every step boundary of every epoch while set (a benchmark's timer); null: ignored. */
export const epochStepHook: { mark: ((step: number) => void) | null } = { mark: null };

export function instantiateEpochWasm(bytes: Uint8Array<ArrayBuffer>): EpochWasmExports {
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort() {
        throw new Error('epoch.wasm: abort');
      },
      epochMark(step: number) {
        epochStepHook.mark?.(step);
      },
    },
  });
  return instance.exports as unknown as EpochWasmExports;
}

/**
 * Load and instantiate the module synchronously; null when the file is missing. A file caught
 * half-written by a concurrent `npm run build:wasm` fails to compile: retry a few times, 100 ms apart.
 */
export function loadEpochWasm(file: string): EpochWasm | null {
  for (let attempt = 0; ; attempt++) {
    if (!fs.existsSync(file)) return null;
    try {
      return new EpochWasm(instantiateEpochWasm(new Uint8Array(fs.readFileSync(file))));
    } catch (err) {
      if (attempt >= 10 || !(err instanceof WebAssembly.CompileError)) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** Scalar fields shared by EpochInput and EpochInputFlat. */
type EpochScalars = Omit<EpochInput, 'lastUpdate' | 'blockAtRegistration' | 'alphaStake' | 'rootStake' | 'validatorPermit' | 'weights' | 'bonds' | 'firstLiveCommitBlock'>;

export class EpochWasm {
  readonly exports: EpochWasmExports;

  constructor(exports: EpochWasmExports) {
    this.exports = exports;
  }

  /** What the last epoch touched, per step (counts by STEP_CELLS name). */
  stepCells(): Record<(typeof STEP_CELLS)[number], number> {
    const at = this.exports.stepCells() >>> 0;
    const v = new BigUint64Array(this.exports.memory.buffer, at, STEP_CELLS.length);
    return Object.fromEntries(STEP_CELLS.map((k, i) => [k, Number(v[i])])) as Record<(typeof STEP_CELLS)[number], number>;
  }

  /** WebAssembly memory size in 64 KiB pages (the arena only grows). */
  memoryPages(): number {
    return this.exports.memory.buffer.byteLength / 65536;
  }

  /**
   * The epoch in WASM, or null when a weights/bonds row is not strictly ascending by column: the
   * WASM kernels merge rows as sorted lists, while subtensor (and the TS reference) give unsorted or
   * duplicated rows order-dependent results (dense scatter, peeking iterators). Storage written by
   * set_weights keeps the caller's uid order, so the caller must fall back to the reference then.
   */
  run(input: EpochInput): EpochOutput | null {
    const buf = this.writeInput(input);
    if (buf === null) return null;
    this.exports.runEpoch();
    // Output straight from linear memory (bond rows as one tuple per cell: the compat contract's shape).
    return fromFlatOutput(this.outputViews(buf, input.n));
  }

  /** `run`'s input contract with the flat output (copied out of linear memory): no object per bond cell. */
  runToFlat(input: EpochInput): EpochOutputFlat | null {
    const buf = this.writeInput(input);
    if (buf === null) return null;
    this.exports.runEpoch();
    return this.copyOutputs(buf, input.n);
  }

  /** Lay out the arena and write an EpochInput into it; null when a weights/bonds row is not strictly ascending. */
  private writeInput(input: EpochInput): ArrayBuffer | null {
    const ex = this.exports;
    const n = input.n;
    let nnzW = 0;
    let nnzB = 0;
    for (let i = 0; i < n; i++) {
      nnzW += input.weights[i]?.length ?? 0;
      nnzB += input.bonds[i]?.length ?? 0;
    }
    let permits = 0;
    for (let i = 0; i < n; i++) if (input.validatorPermit[i]) permits++;
    ex.layout(n, nnzW, nnzB, consensusBlockCells(n, nnzW, permits));
    // Views are taken after layout(): memory.grow detaches the previous buffer.
    const buf = ex.memory.buffer;
    const at = (id: number): number => ex.regionPtr(id) >>> 0;

    const lastUpdate = new BigUint64Array(buf, at(R.LAST_UPDATE), n);
    const reg = new BigUint64Array(buf, at(R.REG), n);
    const alpha = new BigUint64Array(buf, at(R.ALPHA), n);
    const root = new BigUint64Array(buf, at(R.ROOT), n);
    const commit = new BigUint64Array(buf, at(R.COMMIT), n);
    const permit = new Uint8Array(buf, at(R.PERMIT), n);
    // BigUint64Array stores wrap modulo 2^64 (ToBigUint64), like the u64 fields they carry.
    for (let i = 0; i < n; i++) {
      lastUpdate[i] = input.lastUpdate[i] ?? 0n;
      reg[i] = input.blockAtRegistration[i] ?? 0n;
      alpha[i] = input.alphaStake[i] ?? 0n;
      root[i] = input.rootStake[i] ?? 0n;
      const c = input.firstLiveCommitBlock[i];
      commit[i] = c === null || c === undefined ? U64_MAX : c;
      permit[i] = input.validatorPermit[i] ? 1 : 0;
    }
    const sortedW = writeCsr(input.weights, n, new Uint32Array(buf, at(R.W_PTR), n + 1), new Uint16Array(buf, at(R.W_COL), nnzW), new Uint16Array(buf, at(R.W_VAL), nnzW));
    const sortedB = writeCsr(input.bonds, n, new Uint32Array(buf, at(R.B_PTR), n + 1), new Uint16Array(buf, at(R.B_COL), nnzB), new Uint16Array(buf, at(R.B_VAL), nnzB));
    if (!sortedW || !sortedB) return null;
    this.writeParams(input, buf);
    return buf;
  }


  /**
   * The epoch on the flat contract: whole-array copies in and out. Null when a weights/bonds row is
   * not strictly ascending (as `run`). Throws a RangeError when a per-uid array is shorter than n or
   * a CSR is inconsistent (rowPtr length n + 1, cols/vals holding rowPtr[n] cells).
   */
  runFlat(input: EpochInputFlat): EpochOutputFlat | null {
    const ex = this.exports;
    const n = input.n;
    checkFlat(input);
    const w = input.weights;
    const b = input.bonds;
    const nnzW = w.rowPtr[n];
    const nnzB = b.rowPtr[n];
    let permits = 0;
    for (let i = 0; i < n; i++) permits += input.validatorPermit[i] ? 1 : 0;
    ex.layout(n, nnzW, nnzB, consensusBlockCells(n, nnzW, permits));
    const buf = ex.memory.buffer;
    const at = (id: number): number => ex.regionPtr(id) >>> 0;
    new BigUint64Array(buf, at(R.LAST_UPDATE), n).set(input.lastUpdate.subarray(0, n));
    new BigUint64Array(buf, at(R.REG), n).set(input.blockAtRegistration.subarray(0, n));
    new BigUint64Array(buf, at(R.ALPHA), n).set(input.alphaStake.subarray(0, n));
    new BigUint64Array(buf, at(R.ROOT), n).set(input.rootStake.subarray(0, n));
    new BigUint64Array(buf, at(R.COMMIT), n).set(input.firstLiveCommitBlock.subarray(0, n));
    new Uint8Array(buf, at(R.PERMIT), n).set(input.validatorPermit.subarray(0, n));
    new Uint32Array(buf, at(R.W_PTR), n + 1).set(w.rowPtr.subarray(0, n + 1));
    new Uint16Array(buf, at(R.W_COL), nnzW).set(w.cols.subarray(0, nnzW));
    new Uint16Array(buf, at(R.W_VAL), nnzW).set(w.vals.subarray(0, nnzW));
    new Uint32Array(buf, at(R.B_PTR), n + 1).set(b.rowPtr.subarray(0, n + 1));
    new Uint16Array(buf, at(R.B_COL), nnzB).set(b.cols.subarray(0, nnzB));
    new Uint16Array(buf, at(R.B_VAL), nnzB).set(b.vals.subarray(0, nnzB));
    this.writeParams(input, buf);
    if (ex.rowsAscending() === 0) return null;
    ex.runEpoch();
    return this.copyOutputs(buf, n);
  }

  /** The result regions of the last runEpoch, copied: they stay valid after the next epoch. */
  private copyOutputs(buf: ArrayBuffer, n: number): EpochOutputFlat {
    const v = this.outputViews(buf, n);
    return {
      active: v.active.slice(),
      validatorPermit: v.validatorPermit.slice(),
      incentive: v.incentive.slice(),
      dividends: v.dividends.slice(),
      consensus: v.consensus.slice(),
      validatorTrust: v.validatorTrust.slice(),
      stakeWeight: v.stakeWeight.slice(),
      emission: v.emission.slice(),
      serverEmission: v.serverEmission.slice(),
      validatorEmission: v.validatorEmission.slice(),
      bonds: { rowPtr: v.bonds.rowPtr.slice(), cols: v.bonds.cols.slice(), vals: v.bonds.vals.slice() },
    };
  }

  /** The result regions of the last runEpoch as views into linear memory (no copies). */
  private outputViews(buf: ArrayBuffer, n: number): EpochOutputFlat {
    const at = (id: number): number => this.exports.regionPtr(id) >>> 0;
    const rowPtr = new Uint32Array(buf, at(R.O_B_PTR), n + 1);
    const nnz = rowPtr[n];
    return {
      active: new Uint8Array(buf, at(R.O_ACTIVE), n),
      validatorPermit: new Uint8Array(buf, at(R.O_PERMIT), n),
      incentive: new Uint16Array(buf, at(R.O_INCENTIVE), n),
      dividends: new Uint16Array(buf, at(R.O_DIVIDENDS), n),
      consensus: new Uint16Array(buf, at(R.O_CONSENSUS), n),
      validatorTrust: new Uint16Array(buf, at(R.O_VTRUST), n),
      stakeWeight: new Uint16Array(buf, at(R.O_STAKEW), n),
      emission: new BigUint64Array(buf, at(R.O_EMISSION), n),
      serverEmission: new BigUint64Array(buf, at(R.O_SERVER), n),
      validatorEmission: new BigUint64Array(buf, at(R.O_VALIDATOR), n),
      bonds: { rowPtr, cols: new Uint16Array(buf, at(R.O_B_COL), nnz), vals: new Uint16Array(buf, at(R.O_B_VAL), nnz) },
    };
  }

  private writeParams(input: EpochScalars, buf: ArrayBuffer): void {
    const params = new BigUint64Array(buf, this.exports.regionPtr(R.PARAMS) >>> 0, PARAM_SLOTS);
    params[P.N] = BigInt(input.n);
    params[P.BLOCK] = input.block;
    params[P.TEMPO] = BigInt(input.tempo);
    params[P.CUTOFF] = input.activityCutoff;
    params[P.TAO_WEIGHT] = input.taoWeight;
    params[P.STAKE_THRESHOLD] = input.stakeThreshold;
    params[P.OWNER] = input.ownerUid === null ? U64_MAX : BigInt(input.ownerUid);
    params[P.MAX_VALIDATORS] = BigInt(input.maxAllowedValidators);
    params[P.KAPPA] = BigInt(input.kappa);
    params[P.BONDS_PENALTY] = BigInt(input.bondsPenalty);
    params[P.BMA] = input.bondsMovingAverage;
    params[P.YUMA3] = input.yuma3 ? 1n : 0n;
    params[P.LIQUID] = input.liquidAlpha ? 1n : 0n;
    params[P.ALPHA_LOW] = BigInt(input.alphaLow);
    params[P.ALPHA_HIGH] = BigInt(input.alphaHigh);
    params[P.STEEPNESS] = BigInt(input.alphaSigmoidSteepness);
    params[P.COMMIT_REVEAL] = input.commitRevealEnabled ? 1n : 0n;
    params[P.LAST_STEP] = input.lastMechanismStepBlock;
    params[P.EMISSION] = input.emission;
  }
}

/**
 * Room for the consensus' dense block (assembly/steps/consensus.ts): rows with active stake need a stored
 * permit (or are the owner's) → at most permits + 1 rows of n cells; the block is used only when the rows'
 * cells fill a quarter of it, so never beyond 4 × nnzW.
 */
function consensusBlockCells(n: number, nnzW: number, permits: number): number {
  return Math.min(n * (permits + 1), 4 * nnzW);
}

function checkFlat(input: EpochInputFlat): void {
  const n = input.n;
  const short = (name: string, len: number, need: number): void => {
    if (len < need) throw new RangeError(`runEpochFlat: ${name} has ${len} entries, needs ${need}`);
  };
  short('lastUpdate', input.lastUpdate.length, n);
  short('blockAtRegistration', input.blockAtRegistration.length, n);
  short('alphaStake', input.alphaStake.length, n);
  short('rootStake', input.rootStake.length, n);
  short('validatorPermit', input.validatorPermit.length, n);
  short('firstLiveCommitBlock', input.firstLiveCommitBlock.length, n);
  for (const [name, m] of [['weights', input.weights], ['bonds', input.bonds]] as const) {
    short(`${name}.rowPtr`, m.rowPtr.length, n + 1);
    if (m.rowPtr[0] !== 0) throw new RangeError(`runEpochFlat: ${name}.rowPtr[0] must be 0`);
    for (let i = 0; i < n; i++) {
      if (m.rowPtr[i + 1] < m.rowPtr[i]) throw new RangeError(`runEpochFlat: ${name}.rowPtr decreases at row ${i}`);
    }
    short(`${name}.cols`, m.cols.length, m.rowPtr[n]);
    short(`${name}.vals`, m.vals.length, m.rowPtr[n]);
  }
}

/** Rows → CSR; returns whether every row is strictly ascending by column. */
function writeCsr(rows: SparseRowU16[], n: number, ptr: Uint32Array, col: Uint16Array, val: Uint16Array): boolean {
  let o = 0;
  let sorted = true;
  ptr[0] = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row !== undefined) {
      let prev = -1;
      for (let k = 0; k < row.length; k++) {
        const cell = row[k];
        const j = cell[0];
        if (j <= prev) sorted = false;
        prev = j;
        // Columns ≥ 65536 cannot be uids (n ≤ 65535): clamped, they stay out of range and are dropped.
        col[o] = j > 0xffff ? 0xffff : j;
        val[o] = cell[1];
        o++;
      }
    }
    ptr[i + 1] = o;
  }
  return sorted;
}
