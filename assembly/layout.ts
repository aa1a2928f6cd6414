// The arena of the epoch module: the region table handed to the JS marshaller (runtime/pallets/subtensor/epoch/
// wasm.ts mirrors its ids and parameter slots), the scratch regions of the steps, `layout()` and the
// input check `rowsAscending()`. Sparse matrices are CSR: rowPtr u32[n+1], col u32[nnz], val i64[nnz]
// (raw I32F32); the input and output regions (stored weights / bonds) carry u16 columns and u16 values.

import { ldU16, ldU32, arenaReset, take, arenaCommit } from './mem';

// ---- region table (addresses handed to the JS marshaller) ----
export const R_LAST_UPDATE = 0;
export const R_REG = 1;
export const R_ALPHA = 2;
export const R_ROOT = 3;
export const R_COMMIT = 4;
export const R_PERMIT = 5;
export const R_W_PTR = 6;
export const R_W_COL = 7;
export const R_W_VAL = 8;
export const R_B_PTR = 9;
export const R_B_COL = 10;
export const R_B_VAL = 11;
export const R_PARAMS = 12;
export const R_O_ACTIVE = 13;
export const R_O_PERMIT = 14;
export const R_O_INCENTIVE = 15;
export const R_O_DIVIDENDS = 16;
export const R_O_CONSENSUS = 17;
export const R_O_VTRUST = 18;
export const R_O_STAKEW = 19;
export const R_O_EMISSION = 20;
export const R_O_SERVER = 21;
export const R_O_VALIDATOR = 22;
export const R_O_B_PTR = 23;
export const R_O_B_COL = 24;
export const R_O_B_VAL = 25;
const R_COUNT = 26;

// Parameter slots (u64 each) in R_PARAMS.
export const P_N = 0;
export const P_BLOCK = 1;
export const P_TEMPO = 2;
export const P_CUTOFF = 3;
export const P_TAO_WEIGHT = 4;
export const P_STAKE_THRESHOLD = 5;
export const P_OWNER = 6; // u64::MAX = none
export const P_MAX_VALIDATORS = 7;
export const P_KAPPA = 8;
export const P_BONDS_PENALTY = 9;
export const P_BMA = 10;
export const P_YUMA3 = 11;
export const P_LIQUID = 12;
export const P_ALPHA_LOW = 13;
export const P_ALPHA_HIGH = 14;
export const P_STEEPNESS = 15; // i16 sign-extended
export const P_COMMIT_REVEAL = 16;
export const P_LAST_STEP = 17;
export const P_EMISSION = 18;
export const P_OUT_NNZ = 19; // output: stored bond cells
const P_COUNT = 32;

const regionTable: usize = memory.data(R_COUNT * 4);

export function regionPtr(id: i32): usize { return <usize>load<u32>(regionTable + (<usize>id << 2)); }

// ---- scratch regions (written by layout() only; each step's file says which it uses) ----
export let S: usize = 0, A: usize = 0, C: usize = 0, VT: usize = 0, INC: usize = 0, DIV: usize = 0;
export let XLO: usize = 0, XHI: usize = 0;          // combined stake, 128-bit (units of 2^-32 rao)
export let IDX: usize = 0, IDX2: usize = 0, IDX3: usize = 0, ROWK: usize = 0;
export let OLDP: usize = 0, INACT: usize = 0;
export let HIST: usize = 0;
export let BCOL: usize = 0, BINV: usize = 0, BINV2: usize = 0, DCOL: usize = 0, DINV: usize = 0, BVALID: usize = 0;
export let wCap: usize = 0; // cells of the W-sized regions (nnzW from layout)
export let blockCap: usize = 0; // cells of M3_V and M5_V: max(nnzW, blockCells) (the consensus' dense block)
export let COLACC: usize = 0, COLINV: usize = 0, COLMAX: usize = 0, SCORES: usize = 0, USTAKE: usize = 0;
// CSR matrices: W (masked, row-normalised weights), WC (clipped), M3 (interpolated / CSC scratch),
// MB (bonds), M5 (ΔB values over WB's structure), ME (EMA bonds).
export let W_P: usize = 0, W_C: usize = 0, W_V: usize = 0;
export let WC_P: usize = 0, WC_C: usize = 0, WC_V: usize = 0;
export let M3_P: usize = 0, M3_C: usize = 0, M3_V: usize = 0;
export let MB_P: usize = 0, MB_C: usize = 0, MB_V: usize = 0;
export let M5_V: usize = 0;
export let ME_P: usize = 0, ME_C: usize = 0, ME_V: usize = 0;

function setRegion(id: i32, p: usize): void { store<u32>(regionTable + (<usize>id << 2), <u32>p); }

/**
 * Lay out the arena for n uids, nnzW stored weight cells and nnzB stored bond cells; M3_V and M5_V hold
 * at least blockCells cells (room for the consensus' rows × columns block; 0 when a caller omits it).
 */
export function layout(n: i32, nnzW: i32, nnzB: i32, blockCells: i32): void {
  arenaReset();
  wCap = <usize>nnzW;
  blockCap = max(<usize>nnzW, <usize>max(blockCells, 0));
  const un = <usize>n, uw = <usize>nnzW, ub = <usize>nnzB, ue = uw + ub;
  setRegion(R_LAST_UPDATE, take(un * 8));
  setRegion(R_REG, take(un * 8));
  setRegion(R_ALPHA, take(un * 8));
  setRegion(R_ROOT, take(un * 8));
  setRegion(R_COMMIT, take(un * 8));
  setRegion(R_PERMIT, take(un));
  setRegion(R_W_PTR, take((un + 1) * 4));
  setRegion(R_W_COL, take(uw * 2));
  setRegion(R_W_VAL, take(uw * 2));
  setRegion(R_B_PTR, take((un + 1) * 4));
  setRegion(R_B_COL, take(ub * 2));
  setRegion(R_B_VAL, take(ub * 2));
  setRegion(R_PARAMS, take(P_COUNT * 8));
  setRegion(R_O_ACTIVE, take(un));
  setRegion(R_O_PERMIT, take(un));
  setRegion(R_O_INCENTIVE, take(un * 2));
  setRegion(R_O_DIVIDENDS, take(un * 2));
  setRegion(R_O_CONSENSUS, take(un * 2));
  setRegion(R_O_VTRUST, take(un * 2));
  setRegion(R_O_STAKEW, take(un * 2));
  setRegion(R_O_EMISSION, take(un * 8));
  setRegion(R_O_SERVER, take(un * 8));
  setRegion(R_O_VALIDATOR, take(un * 8));
  setRegion(R_O_B_PTR, take((un + 1) * 4));
  setRegion(R_O_B_COL, take(ue * 2));
  setRegion(R_O_B_VAL, take(ue * 2));
  S = take(un * 8); A = take(un * 8); C = take(un * 8); VT = take(un * 8); INC = take(un * 8); DIV = take(un * 8);
  XLO = take(un * 8); XHI = take(un * 8);
  IDX = take(un * 4); IDX2 = take(un * 4); IDX3 = take(un * 4); ROWK = take(un * 4);
  OLDP = take(un); INACT = take(un);
  HIST = take(256 * 8);
  BCOL = take(un * 8); BINV = take(un * 8); BINV2 = take(un * 8); DCOL = take(un * 8); DINV = take(un * 8); BVALID = take(un);
  COLACC = take(un * 8); COLINV = take(un * 8); COLMAX = take(un * 8); SCORES = take(un * 8); USTAKE = take(un * 8);
  W_P = take((un + 1) * 4); W_C = take(uw * 4); W_V = take(uw * 8);
  WC_P = take((un + 1) * 4); WC_C = take(uw * 4); WC_V = take(uw * 8);
  M3_P = take((un + 1) * 4); M3_C = take(uw * 4); M3_V = take(blockCap * 8);
  MB_P = take((un + 1) * 4); MB_C = take(ub * 4); MB_V = take(ub * 8);
  M5_V = take(blockCap * 8);
  ME_P = take((un + 1) * 4); ME_C = take(ue * 4); ME_V = take(ue * 8);
  arenaCommit();
}

// @ts-ignore: decorator
@inline export function param(slot: i32): u64 { return load<u64>(regionPtr(R_PARAMS) + (<usize>slot << 3)); }

/**
 * 1 when every stored weights and bonds row (input regions, n = P_N) has strictly ascending columns,
 * else 0 (the JS side then falls back to the reference; see wasm.ts).
 */
export function rowsAscending(): i32 {
  const n = <i32>param(P_N);
  for (let m = 0; m < 2; m++) {
    const p = regionPtr(m == 0 ? R_W_PTR : R_B_PTR), c = regionPtr(m == 0 ? R_W_COL : R_B_COL);
    for (let i = 0; i < n; i++) {
      const e = <i32>ldU32(p, i + 1);
      let q = <i32>ldU32(p, i) + 1;
      // Eight neighbour pairs at a time: c[q−1+t] < c[q+t] for t = 0..7.
      for (; q + 8 <= e; q += 8) {
        const prev = v128.load(c + (<usize>(q - 1) << 1)), next = v128.load(c + (<usize>q << 1));
        if (!i16x8.all_true(i16x8.lt_u(prev, next))) return 0;
      }
      for (; q < e; q++) if (ldU16(c, q) <= ldU16(c, q - 1)) return 0;
    }
  }
  return 1;
}
