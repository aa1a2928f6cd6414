// Table-driven replay of every non-scenario group of shared/vectors/subtensor-tests.json (golden
// values from subtensor's own Rust tests). Each group id dispatches to the TS function it names;
// literals are converted as the file's `conventions` say (f32 literals via Math.fround, f64 as is,
// both rounded to nearest / ties to even), and values are compared exactly where the group's
// tolerance is 0, else with the stated absolute tolerance in I32F32 (I64F64 for the 64-bit group).
// Scenario groups (kind = "scenario") are replayed by scenarios.test.ts.

import { describe, expect, it } from 'vitest';
import {
  type FixedType,
  I32F32,
  I64F64,
  U64F64,
  checkedDiv,
  convert,
  fromF64,
  fromInt,
  satSub,
} from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import * as M from '../../runtime/pallets/subtensor/epoch/math.ts';
import { getBlockEmissionForIssuance } from '../../runtime/pallets/subtensor/coinbase/block_emission.ts';
import {
  blocksUntilNextAutoEpoch,
  blocksUntilNextEpochModular,
} from '../../runtime/pallets/subtensor/coinbase/epoch_schedule.ts';
import { bumpBurn, decayBurn } from '../../runtime/pallets/subtensor/subnets/burn.ts';
import { type VectorGroup, big, literalFor, loadVectors } from './vectors_io.ts';

type Raw = bigint;
type Conv = (x: unknown) => Raw;

const file = loadVectors();

// ---------- literal conversion ----------

const lit = literalFor;

const vec = (c: Conv) => (xs: unknown[]): Raw[] => xs.map(c);
const dense = (c: Conv) => (m: unknown[][]): Raw[][] => m.map((r) => r.map(c));
const sparse = (c: Conv) => (m: [number, unknown][][]): M.SparseMatrix =>
  m.map((r) => r.map(([j, v]) => [j, c(v)] as [number, Raw]));

function tolerance(g: VectorGroup, c: any, t: FixedType = I32F32): Raw {
  const tol = g.tolerance === 'per-case' ? c.tolerance : g.tolerance;
  if (typeof tol !== 'number') throw new Error(`${g.id}: no tolerance`);
  return fromF64(t, tol);
}

// ---------- comparisons ----------

function near(actual: Raw, expected: Raw, tol: Raw, where: string): void {
  const d = actual > expected ? actual - expected : expected - actual;
  if (d > tol) expect.fail(`${where}: got raw ${actual}, expected raw ${expected} (|diff| ${d} > tol ${tol})`);
}

function compareVec(actual: Raw[], expected: Raw[], tol: Raw): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => near(a, expected[i], tol, `[${i}]`));
}

function compareDense(actual: Raw[][], expected: Raw[][], tol: Raw): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length, `row ${i} length`).toBe(expected[i].length);
    row.forEach((a, j) => near(a, expected[i][j], tol, `[${i}][${j}]`));
  });
}

function compareSparse(actual: M.SparseMatrix, expected: M.SparseMatrix, tol: Raw): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.map(([j]) => j), `row ${i} columns`).toEqual(expected[i].map(([j]) => j));
    row.forEach(([, a], k) => near(a, expected[i][k][1], tol, `[${i}](${row[k][0]})`));
  });
}

// ---------- handlers per group id ----------

type Handler = (g: VectorGroup, c: any) => void;

/** Dense matrix in → dense matrix out through an in-place op, compared with the group tolerance. */
function denseInplace(op: (m: Raw[][]) => void): Handler {
  return (g, c) => {
    const m = dense(lit(g, 'input'))(c.input);
    op(m);
    compareDense(m, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  };
}

const MASK_FNS: Record<string, (a: bigint, b: bigint) => boolean> = {
  'a == b': (a, b) => a === b,
  'a < b': (a, b) => a < b,
  'a <= b': (a, b) => a <= b,
};

const handlers: Record<string, Handler> = {
  'math.vec_max_upscale_to_u16': (g, c) => {
    expect(M.vecMaxUpscaleToU16(vec(lit(g, 'input'))(c.input))).toEqual(c.expected);
  },
  'math.vec_u16_max_upscale_to_u16': (_g, c) => {
    expect(M.vecU16MaxUpscaleToU16(c.input)).toEqual(c.expected);
  },
  'math.check_vec_max_limited': (_g, c) => {
    expect(M.checkVecMaxLimited(c.input.vec, c.input.max_limit)).toBe(c.expected);
  },
  'math.is_topk': (g, c) => {
    expect(M.isTopk(vec(lit(g, 'vector'))(c.input.vector), c.input.k)).toEqual(c.expected);
  },
  'math.normalize': (g, c) => {
    const x = vec(lit(g, 'input'))(c.input);
    const expected = vec(lit(g, 'expected'))(c.expected);
    const tol = tolerance(g, c);
    compareVec(M.normalize(x), expected, tol);
    const inplace = x.slice();
    M.inplaceNormalize(inplace);
    compareVec(inplace, expected, tol);
  },
  'math.inplace_normalize_64': (g, c) => {
    const x = vec(lit(g, 'input'))(c.input);
    M.inplaceNormalize64(x);
    compareVec(x, vec(lit(g, 'expected'))(c.expected), tolerance(g, c, I64F64));
  },
  'math.vecdiv': (g, c) => {
    const cv = lit(g, 'x');
    compareVec(M.vecdiv(vec(cv)(c.input.x), vec(cv)(c.input.y)), vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_row_normalize': denseInplace(M.inplaceRowNormalize),
  'math.inplace_row_normalize_sparse': (g, c) => {
    const m = sparse(lit(g, 'input'))(c.input);
    M.inplaceRowNormalizeSparse(m);
    compareSparse(m, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_col_normalize': denseInplace(M.inplaceColNormalize),
  'math.inplace_col_normalize_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceColNormalizeSparse(m, c.input.columns);
    compareSparse(m, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_col_max_upscale': denseInplace(M.inplaceColMaxUpscale),
  'math.inplace_col_max_upscale_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceColMaxUpscaleSparse(m, c.input.columns);
    compareSparse(m, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_mask_vector': (g, c) => {
    const v = vec(lit(g, 'vector'))(c.input.vector);
    M.inplaceMaskVector(c.input.mask, v);
    compareVec(v, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_mask_matrix': (g, c) => {
    const m = dense(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceMaskMatrix(c.input.mask, m);
    compareDense(m, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_mask_rows': (g, c) => {
    const m = dense(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceMaskRows(c.input.mask, m);
    compareDense(m, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_mask_diag': denseInplace(M.inplaceMaskDiag),
  'math.inplace_mask_diag_except_index': (g, c) => {
    const m = dense(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceMaskDiagExceptIndex(m, c.input.except_index);
    compareDense(m, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mask_rows_sparse': (g, c) => {
    const out = M.maskRowsSparse(c.input.mask, sparse(lit(g, 'matrix'))(c.input.matrix));
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mask_diag_sparse': (g, c) => {
    const out = M.maskDiagSparse(sparse(lit(g, 'input'))(c.input));
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mask_diag_sparse_except_index': (g, c) => {
    const out = M.maskDiagSparseExceptIndex(sparse(lit(g, 'matrix'))(c.input.matrix), c.input.except_index);
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.vec_mask_sparse_matrix': (g, c) => {
    const fn = MASK_FNS[c.input.mask_fn];
    if (fn === undefined) throw new Error(`unknown mask_fn ${c.input.mask_fn}`);
    const out = M.vecMaskSparseMatrix(
      sparse(lit(g, 'matrix'))(c.input.matrix),
      c.input.first_vector.map(big),
      c.input.second_vector.map(big),
      fn,
    );
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.vec_mul': (g, c) => {
    const cv = lit(g, 'a');
    compareVec(M.vecMul(vec(cv)(c.input.a), vec(cv)(c.input.b)), vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mat_vec_mul': (g, c) => {
    const out = M.matVecMul(dense(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareDense(out, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mat_vec_mul_sparse': (g, c) => {
    const out = M.matVecMulSparse(sparse(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.row_hadamard': (g, c) => {
    const out = M.rowHadamard(dense(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareDense(out, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.row_hadamard_sparse': (g, c) => {
    const out = M.rowHadamardSparse(sparse(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.row_sum': (g, c) => {
    compareVec(M.rowSum(dense(lit(g, 'input'))(c.input)), vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.row_sum_sparse': (g, c) => {
    compareVec(M.rowSumSparse(sparse(lit(g, 'input'))(c.input)), vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.matmul': (g, c) => {
    const out = M.matmul(dense(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.matmul2': (g, c) => {
    const out = M.matmul(dense(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.matmul_transpose': (g, c) => {
    const out = M.matmulTranspose(dense(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.matmul_sparse': (g, c) => {
    const out = M.matmulSparse(sparse(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector), c.input.columns);
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.matmul_transpose_sparse': (g, c) => {
    const out = M.matmulTransposeSparse(sparse(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'vector'))(c.input.vector));
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.inplace_col_clip': (g, c) => {
    const m = dense(lit(g, 'matrix'))(c.input.matrix);
    M.inplaceColClip(m, vec(lit(g, 'col_threshold'))(c.input.col_threshold));
    compareDense(m, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.col_clip_sparse': (g, c) => {
    const out = M.colClipSparse(sparse(lit(g, 'matrix'))(c.input.matrix), vec(lit(g, 'col_threshold'))(c.input.col_threshold));
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.weighted_median': (g, c) => {
    const cv = lit(g, 'stake');
    let stake = vec(cv)(c.input.stake);
    if (c.input.stake_pre_normalized === true) stake = M.normalize(stake);
    const score = vec(lit(g, 'score'))(c.input.score);
    const minority = satSub(I32F32, I32F32.one, lit(g, 'majority')(c.input.majority));
    const idx = stake.map((_, i) => i);
    const out = M.weightedMedian(stake, score, idx, minority, 0n, M.sum(stake));
    near(out, lit(g, 'expected')(c.expected), tolerance(g, c), 'median');
  },
  'math.weighted_median_col': (g, c) => {
    const out = M.weightedMedianCol(
      vec(lit(g, 'stake'))(c.input.stake),
      dense(lit(g, 'weights'))(c.input.weights),
      lit(g, 'majority')(c.input.majority),
    );
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.weighted_median_col_sparse': (g, c) => {
    const out = M.weightedMedianColSparse(
      vec(lit(g, 'stake'))(c.input.stake),
      sparse(lit(g, 'weights'))(c.input.weights),
      c.input.columns,
      lit(g, 'majority')(c.input.majority),
    );
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.interpolate': (g, c) => {
    const out = M.interpolate(
      dense(lit(g, 'mat1'))(c.input.mat1),
      dense(lit(g, 'mat2'))(c.input.mat2),
      lit(g, 'ratio')(c.input.ratio),
    );
    compareDense(out, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.interpolate_sparse': (g, c) => {
    const out = M.interpolateSparse(
      sparse(lit(g, 'mat1'))(c.input.mat1),
      sparse(lit(g, 'mat2'))(c.input.mat2),
      c.input.columns,
      lit(g, 'ratio')(c.input.ratio),
    );
    compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
  },
  'math.mat_ema_alpha': (g, c) => matEmaAlphaDense(g, c),
  'math.mat_ema_alpha_small': (g, c) => matEmaAlphaDense(g, c),
  'math.mat_ema_alpha_sparse': (g, c) => matEmaAlphaSparse(g, c),
  'math.mat_ema_alpha_sparse_small': (g, c) => matEmaAlphaSparse(g, c),
  'math.u64_normalization': (_g, c) => {
    const q = checkedDiv(I64F64, fromInt(I64F64, big(c.input.numerator_u64)), fromInt(I64F64, big(c.input.denominator_u64)));
    if (q === null) throw new Error('division failed');
    const q32 = convert(I64F64, I32F32, q);
    const e = c.expected;
    let checks = 0;
    for (const key of ['I64F64_equals_f64_literal', 'I64F64_equals']) {
      if (key in e) {
        expect(q).toBe(fromF64(I64F64, e[key]));
        checks++;
      }
    }
    for (const key of ['I32F32_equals_f64_literal', 'I32F32_equals']) {
      if (key in e) {
        expect(q32).toBe(fromF64(I32F32, e[key]));
        checks++;
      }
    }
    expect(checks).toBe(2);
  },
  'coinbase.block_emission_halving': (_g, c) => {
    expect(getBlockEmissionForIssuance(big(c.input.total_issuance_rao))).toBe(big(c.expected.block_emission_rao));
  },
  'coinbase.issuance_bounds': (_g, c) => {
    expect(c.input.step).toBe('issuance += emission(issuance) * 10_500_000');
    let issuance = big(c.input.start);
    for (let i = 0; i < c.input.iterations; i++) issuance += getBlockEmissionForIssuance(issuance) * 10_500_000n;
    expect(issuance).toBe(big(c.expected.final_issuance_rao));
  },
  'schedule.blocks_until_next_epoch_modular': (_g, c) => {
    expect(blocksUntilNextEpochModular(c.input.netuid, c.input.tempo, big(c.input.block))).toBe(big(c.expected));
  },
  'schedule.blocks_until_next_auto_epoch_stateful': (_g, c) => {
    expect(blocksUntilNextAutoEpoch(c.input.tempo, big(c.input.last_epoch_block), big(c.input.block))).toBe(big(c.expected));
  },
  'registration.burn_decay_and_bump': (_g, c) => {
    // The mock starts at block 1; each stepped block runs on_initialize once at the new block.
    const mult = fromInt(U64F64, big(c.increase_mult));
    const minBurn = big(c.min_burn);
    const maxBurn = big(c.max_burn);
    let block = 1n;
    let burn = 0n;
    let asserted = 0;
    for (const step of c.steps) {
      if (step.op === 'set_burn') burn = big(step.value);
      else if (step.op === 'step_blocks') {
        for (let i = 0; i < step.n; i++) {
          block += 1n;
          burn = decayBurn(burn, c.half_life, block, minBurn, maxBurn);
        }
      } else if (step.op === 'register') burn = bumpBurn(burn, mult, minBurn, maxBurn);
      else throw new Error(`unknown op ${step.op}`);
      if ('expect_burn' in step) {
        expect(burn, `${c.name} after ${JSON.stringify(step)}`).toBe(big(step.expect_burn));
        asserted++;
      }
    }
    expect(asserted).toBeGreaterThan(0);
  },
};

function matEmaAlphaDense(g: VectorGroup, c: any): void {
  const out = M.matEmaAlpha(
    dense(lit(g, 'new'))(c.input.new),
    dense(lit(g, 'old'))(c.input.old),
    dense(lit(g, 'alpha'))(c.input.alpha),
  );
  compareDense(out, dense(lit(g, 'expected'))(c.expected), tolerance(g, c));
}

function matEmaAlphaSparse(g: VectorGroup, c: any): void {
  const out = M.matEmaAlphaSparse(
    sparse(lit(g, 'new'))(c.input.new),
    sparse(lit(g, 'old'))(c.input.old),
    dense(lit(g, 'alpha'))(c.input.alpha),
  );
  compareSparse(out, sparse(lit(g, 'expected'))(c.expected), tolerance(g, c));
}

// ---------- dispatch ----------

describe('subtensor-tests.json vector groups', () => {
  it('every group is covered here or by the scenario replay', () => {
    const uncovered = file.vectors.filter((g) => g.kind !== 'scenario' && !(g.id in handlers)).map((g) => g.id);
    expect(uncovered).toEqual([]);
    expect(file.vectors.filter((g) => g.kind !== 'scenario').length).toBeGreaterThanOrEqual(51);
  });

  for (const g of file.vectors.filter((v) => v.kind !== 'scenario')) {
    const handler = handlers[g.id];
    if (handler === undefined) continue; // reported by the coverage test above
    describe(g.id, () => {
      const cases = g.cases ?? [];
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));
      cases.forEach((c, i) => {
        it(`case ${i}${c.name ? ` ${c.name}` : ''}${c.test_fn ? ` (${c.test_fn})` : ''}`, () => handler(g, c));
      });
    });
  }
});
