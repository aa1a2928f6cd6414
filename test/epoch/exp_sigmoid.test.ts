// Bit-exact checks of substrate_fixed's exp as used by the epoch (exp_safe / sigmoid_safe; the
// liquid-alpha sigmoid uses the same exp). Expected values are the golden targets of subtensor's
// `test_math_sigmoid_safe` and `test_math_exp_safe` (pallets/subtensor/src/tests/math.rs at
// 14bc6f9f, spec 425), which compare with assert_eq on I32F32 — so they pin every raw bit of the
// truncated Taylor series. They are not part of shared/vectors, hence listed here.

import { describe, expect, it } from 'vitest';
import { I32F32, exp, fromF32, fromF64, fromInt } from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import { expSafe, sigmoidSafe } from '../../runtime/pallets/subtensor/epoch/math.ts';

const F = I32F32;
const MAX = F.max;
const MIN = F.min;

describe('exp_safe', () => {
  it('clamps the input to [-20, 20] (test_math_exp_safe)', () => {
    const one = F.one;
    expect(expSafe(0n)).toBe(exp(F, 0n));
    expect(expSafe(one)).toBe(exp(F, one));
    const lo = fromInt(F, -20);
    const hi = fromInt(F, 20);
    expect(expSafe(lo - one)).toBe(exp(F, lo));
    expect(expSafe(MIN)).toBe(exp(F, lo));
    expect(expSafe(hi + one)).toBe(exp(F, hi));
    expect(expSafe(MAX)).toBe(exp(F, hi));
  });

  it('is close to Math.exp on the range the sigmoids use', () => {
    for (const x of [-5, -2.5, -1, -0.5, 0.25, 0.5, 2, 5]) {
      const got = Number(exp(F, fromF64(F, x))) / 2 ** 32;
      expect(Math.abs(got / Math.exp(x) - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('sigmoid_safe (test_math_sigmoid_safe golden targets, assert_eq)', () => {
  const trust = [MIN, fromInt(F, 0), fromF64(F, 0.4), fromF64(F, 0.5), fromF64(F, 0.6), fromInt(F, 1), MAX];

  it('rho = kappa = I32F32::MAX', () => {
    const target = [0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019, 0.5].map((x) => fromF32(F, x));
    expect(trust.map((t) => sigmoidSafe(t, MAX, MAX))).toEqual(target);
  });

  it('rho = kappa = I32F32::MIN', () => {
    const target = [0.5, 0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019, 0.0000000019].map((x) => fromF32(F, x));
    expect(trust.map((t) => sigmoidSafe(t, MIN, MIN))).toEqual(target);
  });

  it('rho = 30, kappa = 0.5', () => {
    const target = [0.0000000019, 0.0000003057, 0.0474258729, 0.5, 0.952574127, 0.9999996943, 0.9999999981].map((x) => fromF64(F, x));
    expect(trust.map((t) => sigmoidSafe(t, fromInt(F, 30), fromF64(F, 0.5)))).toEqual(target);
  });

  it('rho = 40, kappa = 0.5', () => {
    const t2 = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((x) => fromF32(F, x));
    const target = [
      0.0000000019, 0.0000001125, 0.0000061442, 0.0003353502, 0.017986214, 0.5, 0.9820138067, 0.9996646498, 0.9999938558,
      0.9999998875, 0.9999999981,
    ].map((x) => fromF64(F, x));
    expect(t2.map((t) => sigmoidSafe(t, fromInt(F, 40), fromF64(F, 0.5)))).toEqual(target);
  });
});
