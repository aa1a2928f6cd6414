// Entry point of the WASM module: the sparse Yuma epoch plus the fixed-point kernels it is built
// from (exported so the math vectors can test them directly). Memory protocol: `layout(n, nnzW, nnzB)`
// carves the arena, `regionPtr(id)` gives each input/output region, `runEpoch()` computes.
export { layout, regionPtr, runEpoch, rowsAscending } from './epoch';
export {
  normalizeVec, colNormalize, colMaxUpscale, rowNormalize, isTopk, isTopkNonzero, weightedMedian,
  weightedMedianColSparse, colClip, rowSum, matmulSparse, matmulTransposeSparse, interpolateSparse,
  matEmaSparse, matEmaAlphaDense, alphaSigmoid,
} from './epoch';
export { fmul, fdiv, fexp, expSafe, proportionToU16 } from './fixed';
import { take, arenaCommit } from './mem';

export function version(): i32 { return 2; }

/** Reserve a test buffer after the current layout (tests call layout() first). */
export function scratch(bytes: usize): usize {
  const p = take(bytes);
  arenaCommit();
  return p;
}
