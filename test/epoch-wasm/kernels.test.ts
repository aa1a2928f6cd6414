// The math vectors of shared/vectors/subtensor-tests.json replayed against the WASM kernels
// (build/epoch.wasm) that the WASM epoch is built from, plus exp / alpha_sigmoid checked against the
// TS reference's substrate_fixed port on a grid of inputs. Literals are converted as the file's
// conventions say (f32 via Math.fround or f64, nearest / ties-to-even into I32F32).

import { describe, expect, it } from 'vitest';
import { I32F32, exp as refExp, fromF32, fromF64, safeDiv, satMul, satSub } from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import { alphaSigmoid as refAlphaSigmoid, expSafe as refExpSafe, normalize as refNormalize } from '../../runtime/pallets/subtensor/epoch/math.ts';
import { type VectorGroup, loadVectors, literalFor } from '../epoch/vectors_io.ts';
import { Rng } from './gen.ts';
import { type Sparse, KernelMem } from './wasm_mem.ts';

const file = loadVectors();
type Conv = (x: unknown) => bigint;

const lit = literalFor;
const vec = (c: Conv) => (xs: unknown[]): bigint[] => xs.map(c);
const sparse = (c: Conv) => (m: [number, unknown][][]): Sparse => m.map((r) => r.map(([j, v]) => [j, c(v)] as [number, bigint]));

function tol(g: VectorGroup, c: any): bigint {
  const t = g.tolerance === 'per-case' ? c.tolerance : g.tolerance;
  if (typeof t !== 'number') throw new Error(`${g.id}: no tolerance`);
  return fromF64(I32F32, t);
}

function near(actual: bigint, expected: bigint, t: bigint, where: string): void {
  const d = actual > expected ? actual - expected : expected - actual;
  if (d > t) expect.fail(`${where}: got raw ${actual}, expected raw ${expected} (|diff| ${d} > ${t})`);
}
function compareVec(actual: bigint[], expected: bigint[], t: bigint): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => near(a, expected[i], t, `[${i}]`));
}
function compareSparse(actual: Sparse, expected: Sparse, t: bigint): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.map(([j]) => j), `row ${i} columns`).toEqual(expected[i].map(([j]) => j));
    row.forEach(([, a], k) => near(a, expected[i][k][1], t, `[${i}](${row[k][0]})`));
  });
}

const nnzOf = (...ms: Sparse[]): number => ms.reduce((s, m) => s + m.reduce((t, r) => t + r.length, 0), 0);
const maxCol = (...ms: Sparse[]): number => Math.max(0, ...ms.flatMap((m) => m.flatMap((r) => r.map(([j]) => j + 1))));
const fixedOne = 1n << 32n;

type Handler = (g: VectorGroup, c: any) => void;

const handlers: Record<string, Handler> = {
  'math.is_topk': (g, c) => {
    const v = vec(lit(g, 'vector'))(c.input.vector);
    const mem = new KernelMem(v.length, 0);
    const out = mem.alloc(v.length);
    mem.kernel('isTopk')(mem.i64s(v), v.length, c.input.k, out);
    expect(mem.readU8s(out, v.length).map((b) => b !== 0)).toEqual(c.expected);
  },
  'math.normalize': (g, c) => {
    const v = vec(lit(g, 'input'))(c.input);
    const mem = new KernelMem(v.length, 0);
    const p = mem.i64s(v);
    mem.kernel('normalizeVec')(p, v.length);
    compareVec(mem.readI64s(p, v.length), vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.vecdiv': (g, c) => {
    const cv = lit(g, 'x');
    const x = vec(cv)(c.input.x);
    const y = vec(cv)(c.input.y);
    const mem = new KernelMem(1, 0);
    const fdiv = mem.kernel('fdiv');
    const out = x.map((xi, i) => fdiv(xi, y[i] ?? 0n) as bigint);
    compareVec(out, vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.inplace_row_normalize_sparse': (g, c) => {
    const m = sparse(lit(g, 'input'))(c.input);
    const mem = new KernelMem(Math.max(m.length, maxCol(m)), nnzOf(m));
    const a = mem.csr(m);
    mem.kernel('rowNormalize')(a.p, a.v, a.rows);
    compareSparse(mem.readCsr(a), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.inplace_col_normalize_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    const mem = new KernelMem(Math.max(m.length, c.input.columns), nnzOf(m));
    const a = mem.csr(m);
    mem.kernel('colNormalize')(a.p, a.c, a.v, a.rows, c.input.columns);
    compareSparse(mem.readCsr(a), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.inplace_col_max_upscale_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    const mem = new KernelMem(Math.max(m.length, c.input.columns), nnzOf(m));
    const a = mem.csr(m);
    mem.kernel('colMaxUpscale')(a.p, a.c, a.v, a.rows, c.input.columns);
    compareSparse(mem.readCsr(a), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.row_sum_sparse': (g, c) => {
    const m = sparse(lit(g, 'input'))(c.input);
    const mem = new KernelMem(Math.max(m.length, maxCol(m)), nnzOf(m));
    const a = mem.csr(m);
    const out = mem.alloc(m.length * 8);
    mem.kernel('rowSum')(a.p, a.v, a.rows, out);
    compareVec(mem.readI64s(out, m.length), vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.matmul_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    const v = vec(lit(g, 'vector'))(c.input.vector);
    const cols: number = c.input.columns;
    const mem = new KernelMem(Math.max(m.length, cols), nnzOf(m));
    const a = mem.csr(m);
    const out = mem.alloc(cols * 8);
    mem.kernel('matmulSparse')(a.p, a.c, a.v, a.rows, mem.i64s(v, m.length), cols, out);
    compareVec(mem.readI64s(out, cols), vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.matmul_transpose_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    const v = vec(lit(g, 'vector'))(c.input.vector);
    const mem = new KernelMem(Math.max(m.length, v.length), nnzOf(m));
    const a = mem.csr(m);
    const out = mem.alloc(m.length * 8);
    mem.kernel('matmulTransposeSparse')(a.p, a.c, a.v, a.rows, mem.i64s(v), v.length, out);
    compareVec(mem.readI64s(out, m.length), vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.col_clip_sparse': (g, c) => {
    const m = sparse(lit(g, 'matrix'))(c.input.matrix);
    const th = vec(lit(g, 'col_threshold'))(c.input.col_threshold);
    const mem = new KernelMem(Math.max(m.length, th.length), nnzOf(m));
    const a = mem.csr(m);
    const d = mem.out(m.length, nnzOf(m));
    mem.kernel('colClip')(a.p, a.c, a.v, a.rows, mem.i64s(th), th.length, d.p, d.c, d.v);
    compareSparse(mem.readCsr(d), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.weighted_median': (g, c) => {
    let stake = vec(lit(g, 'stake'))(c.input.stake);
    // Pre-normalisation of the test input (a reference helper, not the code under test).
    if (c.input.stake_pre_normalized === true) stake = refNormalize(stake);
    const score = vec(lit(g, 'score'))(c.input.score);
    const minority = satSub(I32F32, I32F32.one, lit(g, 'majority')(c.input.majority));
    const stakeSum = stake.reduce((s, x) => s + x, 0n);
    const mem = new KernelMem(stake.length, 0);
    const out = mem.kernel('weightedMedian')(mem.i64s(stake), mem.i64s(score), stake.length, minority, 0n, stakeSum) as bigint;
    near(out, lit(g, 'expected')(c.expected), tol(g, c), 'median');
  },
  'math.weighted_median_col_sparse': (g, c) => {
    const stake = vec(lit(g, 'stake'))(c.input.stake);
    const w = sparse(lit(g, 'weights'))(c.input.weights);
    const cols: number = c.input.columns;
    const rows = Math.min(stake.length, w.length);
    const mem = new KernelMem(Math.max(rows, cols), nnzOf(w));
    const a = mem.csr(w.slice(0, rows));
    const out = mem.alloc(cols * 8);
    mem.kernel('weightedMedianColSparse')(mem.i64s(stake), a.p, a.c, a.v, rows, cols, lit(g, 'majority')(c.input.majority), out);
    compareVec(mem.readI64s(out, cols), vec(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.interpolate_sparse': (g, c) => {
    const m1 = sparse(lit(g, 'mat1'))(c.input.mat1);
    const m2 = sparse(lit(g, 'mat2'))(c.input.mat2);
    expect(m1.length).toBe(m2.length);
    const cols: number = c.input.columns;
    const mem = new KernelMem(Math.max(m1.length, cols), nnzOf(m1, m2));
    const a = mem.csr(m1);
    const b = mem.csr(m2);
    const d = mem.out(m1.length, nnzOf(m1, m2));
    mem.kernel('interpolateSparse')(a.p, a.c, a.v, b.p, b.c, b.v, m1.length, cols, lit(g, 'ratio')(c.input.ratio), d.p, d.c, d.v);
    compareSparse(mem.readCsr(d), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
  },
  'math.mat_ema_alpha_sparse': (g, c) => matEmaAlphaSparse(g, c),
  'math.mat_ema_alpha_sparse_small': (g, c) => matEmaAlphaSparse(g, c),
};

function matEmaAlphaSparse(g: VectorGroup, c: any): void {
  const nw = sparse(lit(g, 'new'))(c.input.new);
  const old = sparse(lit(g, 'old'))(c.input.old);
  const alpha: bigint[][] = (c.input.alpha as unknown[][]).map((r) => r.map(lit(g, 'alpha')));
  expect(old.length).toBe(nw.length);
  expect(alpha.length).toBe(nw.length);
  const acols = alpha[0]?.length ?? 0;
  expect(alpha.every((r) => r.length === acols)).toBe(true);
  const mem = new KernelMem(Math.max(nw.length, acols, maxCol(nw, old)), nnzOf(nw, old));
  const a = mem.csr(nw);
  const b = mem.csr(old);
  const d = mem.out(nw.length, nnzOf(nw));
  mem.kernel('matEmaAlphaDense')(a.p, a.c, a.v, b.p, b.c, b.v, nw.length, mem.i64s(alpha.flat()), acols, d.p, d.c, d.v);
  compareSparse(mem.readCsr(d), sparse(lit(g, 'expected'))(c.expected), tol(g, c));
}

describe('math vectors against the WASM kernels', () => {
  it('covers the groups mapped to exported kernels', () => {
    const ids = file.vectors.map((g) => g.id);
    for (const id of Object.keys(handlers)) expect(ids, id).toContain(id);
    expect(Object.keys(handlers).length).toBe(15);
  });
  for (const [id, handler] of Object.entries(handlers)) {
    const g = file.vectors.find((v) => v.id === id);
    if (g === undefined) continue;
    describe(id, () => {
      (g.cases ?? []).forEach((c, k) => {
        it(`case ${k}`, () => handler(g, c));
      });
    });
  }
});

describe('exp and alpha_sigmoid (substrate_fixed algorithm) against the TS port', () => {
  const mem = new KernelMem(1, 0);
  const fexp = mem.kernel('fexp');
  const expSafe = mem.kernel('expSafe');
  const sigmoid = mem.kernel('alphaSigmoid');

  it('exp(x) is bit-identical on a grid over [-20, 20] and at the special points', () => {
    const xs: bigint[] = [0n, fixedOne, -fixedOne, 1n, -1n, 20n * fixedOne, -20n * fixedOne, fixedOne / 2n];
    for (let k = -4000; k <= 4000; k += 7) xs.push((BigInt(k) * fixedOne) / 200n + BigInt(k * 12345));
    // Random raw values anywhere in [-20, 20].
    const rng = new Rng(7);
    for (let k = 0; k < 3000; k++) xs.push(rng.big(40n * fixedOne + 1n) - 20n * fixedOne);
    for (const x of xs) {
      const want = refExp(I32F32, x);
      expect(want).not.toBeNull();
      expect(fexp(x), `exp(${x})`).toBe(want);
      expect(expSafe(x), `exp_safe(${x})`).toBe(refExpSafe(x));
    }
    // exp(1) is the crate's I9F23 constant widened, not the series value.
    expect(fexp(fixedOne)).toBe(11674931200n);
    // Outside the clamp exp_safe saturates its input.
    expect(expSafe(1000n * fixedOne)).toBe(refExpSafe(20n * fixedOne));
    expect(expSafe(-1000n * fixedOne)).toBe(refExpSafe(-20n * fixedOne));
  });

  it('alpha_sigmoid is bit-identical for mixed weights, bonds, consensus and steepness', () => {
    const vals = [0n, 1n, fixedOne / 10n, fixedOne / 3n, fixedOne / 2n, (fixedOne * 7n) / 10n, fixedOne - 1n, fixedOne];
    const steepness = [1000n, 0n, -1000n, 32767n, -32768n, 250n];
    const [low, high] = [fromF64(I32F32, 0.7), fromF64(I32F32, 0.9)];
    let checked = 0;
    for (const s of steepness) {
      const steep = s << 32n;
      // The WASM kernel takes steepness already divided by −100 (hoisted out of the per-cell loop).
      const steepDiv = (steep << 32n) / (-100n << 32n);
      for (const cns of vals) for (const w of vals) for (const b of vals) {
        expect(sigmoid(cns, w, b, low, high, steepDiv), `c=${cns} w=${w} b=${b} s=${s}`).toBe(refAlphaSigmoid(cns, w, b, low, high, steep));
        checked++;
      }
    }
    expect(checked).toBe(6 * 8 * 8 * 8);
  });
});

describe('I32F32 multiply / divide (hand-rolled 64-bit limbs) against BigInt', () => {
  it('fmul = saturating floor product and fdiv = safe_div on operands of every magnitude', () => {
    const mem = new KernelMem(1, 0);
    const fmul = mem.kernel('fmul');
    const fdiv = mem.kernel('fdiv');
    const rng = new Rng(425);
    const special = [0n, 1n, -1n, fixedOne, -fixedOne, I32F32.max, I32F32.min, fixedOne - 1n, fixedOne + 1n, 65535n << 32n, 3n << 31n];
    const operand = (): bigint => {
      if (rng.chance(0.2)) return rng.pick(special);
      const bits = BigInt(1 + rng.int(63));
      const m = rng.big(1n << bits);
      // Integer-valued raws (u16 weights / bonds) exercise the divide's integer fast path.
      const v = rng.chance(0.2) ? (m & ((1n << 31n) - 1n)) << 32n : m;
      return BigInt.asIntN(64, rng.chance(0.3) ? -v : v);
    };
    for (let k = 0; k < 10000; k++) {
      const a = operand();
      const b = operand();
      expect(fmul(a, b), `${a} * ${b}`).toBe(satMul(I32F32, a, b));
      expect(fdiv(a, b), `${a} / ${b}`).toBe(safeDiv(I32F32, a, b));
    }
  });
});

describe('sigmoid_safe built from the WASM exp / mul / div (subtensor test_math_sigmoid_safe targets)', () => {
  // Golden targets from subtensor's test_math_sigmoid_safe (assert_eq on I32F32), which pin every
  // raw bit of substrate_fixed's truncated exp series.
  const mem = new KernelMem(1, 0);
  const fmul = mem.kernel('fmul');
  const fdiv = mem.kernel('fdiv');
  const expSafe = mem.kernel('expSafe');
  const sat = (x: bigint): bigint => (x > I32F32.max ? I32F32.max : x < I32F32.min ? I32F32.min : x);
  const sigmoidSafe = (t: bigint, rho: bigint, kappa: bigint): bigint => {
    const offset = sat(t - kappa);
    const negRho = fmul(rho, -fixedOne) as bigint;
    const e = expSafe(fmul(negRho, offset) as bigint) as bigint;
    return fdiv(fixedOne, sat(e + fixedOne)) as bigint;
  };
  const MAX = I32F32.max;
  const MIN = I32F32.min;
  const trust = [MIN, 0n, fromF64(I32F32, 0.4), fromF64(I32F32, 0.5), fromF64(I32F32, 0.6), fixedOne, MAX];

  it('rho = kappa = MAX and MIN', () => {
    const tiny = fromF32(I32F32, 0.0000000019);
    const half = fromF32(I32F32, 0.5);
    expect(trust.map((t) => sigmoidSafe(t, MAX, MAX))).toEqual([tiny, tiny, tiny, tiny, tiny, tiny, half]);
    expect(trust.map((t) => sigmoidSafe(t, MIN, MIN))).toEqual([half, tiny, tiny, tiny, tiny, tiny, tiny]);
  });

  it('rho = 30 and 40, kappa = 0.5', () => {
    const t30 = [0.0000000019, 0.0000003057, 0.0474258729, 0.5, 0.952574127, 0.9999996943, 0.9999999981].map((x) => fromF64(I32F32, x));
    expect(trust.map((t) => sigmoidSafe(t, 30n * fixedOne, fromF64(I32F32, 0.5)))).toEqual(t30);
    const t2 = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((x) => fromF32(I32F32, x));
    const t40 = [
      0.0000000019, 0.0000001125, 0.0000061442, 0.0003353502, 0.017986214, 0.5, 0.9820138067, 0.9996646498, 0.9999938558,
      0.9999998875, 0.9999999981,
    ].map((x) => fromF64(I32F32, x));
    expect(t2.map((t) => sigmoidSafe(t, 40n * fixedOne, fromF64(I32F32, 0.5)))).toEqual(t40);
  });
});
