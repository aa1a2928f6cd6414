// Entry point of the WASM module: the sparse Yuma epoch plus the fixed-point kernels it is built
// from (exported so the math vectors can test them directly). Memory protocol: `layout(n, nnzW, nnzB)`
// carves the arena, `regionPtr(id)` gives each input/output region, `runEpoch()` computes.
// Files mirror the TS reference (runtime/pallets/subtensor/epoch/): fixed.ts, math.ts, run_epoch.ts
// (its steps in steps/), layout.ts (the arena wasm.ts marshals into).
export { layout, regionPtr, rowsAscending } from './layout';
export { runEpoch } from './run_epoch';
export { stepCells } from './stats';
export {
  normalizeVec, colNormalize, colMaxUpscale, rowNormalize, isTopk, isTopkNonzero, weightedMedian,
  weightedMedianColSparse, colClip, rowSum, matmulSparse, matmulTransposeSparse, interpolateSparse,
  matEmaSparse, matEmaAlphaDense, alphaSigmoid,
} from './math';
export { fmul, fdiv, fexp, expSafe, proportionToU16 } from './fixed';
import { take, arenaCommit } from './mem';

export function version(): i32 { return 2; }

/** Reserve a test buffer after the current layout (tests call layout() first). */
export function scratch(bytes: usize): usize {
  const p = take(bytes);
  arenaCommit();
  return p;
}
