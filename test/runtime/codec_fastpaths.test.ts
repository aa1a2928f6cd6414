// The SCALE Reader/Writer read and write integers byte by byte (no DataView) with Number fast paths below 2^53 and
// for short compacts: checked here against DataView / BigInt reference encodings at the boundaries and on random
// values, and the codecs' range errors are unchanged.
import { describe, it, expect } from 'vitest';
import * as t from '../../runtime/codec/types.ts';
import { Reader, Writer, ScaleError } from '../../runtime/codec/scale.ts';

const U64_EDGES = [0n, 1n, 255n, 256n, 0xffffffffn, 0x100000000n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];

function refLe(v: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = BigInt.asUintN(bytes * 8, v);
  for (let i = 0; i < bytes; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s; };
}

function randomBig(next: () => number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(next());
  return BigInt.asUintN(bits, v >> BigInt(next() % bits));
}

describe('SCALE integer fast paths', () => {
  it('u64 / i64 / u128 / i128 encode and decode like the little-endian reference', () => {
    const next = rng(7);
    const u64s = [...U64_EDGES, ...Array.from({ length: 2000 }, () => randomBig(next, 64))];
    for (const v of u64s) {
      const e = t.encode(t.u64, v);
      expect(e).toEqual(refLe(v, 8));
      expect(t.decode(t.u64, e)).toBe(v);
      const s = BigInt.asIntN(64, v);
      expect(t.encode(t.i64, s)).toEqual(refLe(s, 8));
      expect(t.decode(t.i64, refLe(s, 8))).toBe(s);
    }
    const u128s = [0n, 1n, (1n << 64n) - 1n, 1n << 64n, 1n << 127n, (1n << 128n) - 1n, ...u64s.map(v => (v << 64n) | randomBig(next, 64)), ...u64s];
    for (const v of u128s) {
      expect(t.encode(t.u128, v)).toEqual(refLe(v, 16));
      expect(t.decode(t.u128, refLe(v, 16))).toBe(v);
      const s = BigInt.asIntN(128, v);
      expect(t.encode(t.i128, s)).toEqual(refLe(s, 16));
      expect(t.decode(t.i128, refLe(s, 16))).toBe(s);
    }
  });

  it('16- and 32-bit values match DataView', () => {
    const next = rng(11);
    const vals = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, ...Array.from({ length: 2000 }, next)];
    for (const v of vals) {
      const dv = new DataView(new ArrayBuffer(4));
      dv.setUint32(0, v, true);
      const w = new Writer(1).u32(v).i32(v | 0).u16(v & 0xffff).i16(((v & 0xffff) << 16) >> 16).finish();
      expect(w.subarray(0, 4)).toEqual(new Uint8Array(dv.buffer));
      expect(w.subarray(4, 8)).toEqual(new Uint8Array(dv.buffer));
      const r = new Reader(w);
      expect(r.u32()).toBe(dv.getUint32(0, true));
      expect(r.i32()).toBe(dv.getInt32(0, true));
      expect(r.u16()).toBe(dv.getUint16(0, true));
      expect(r.i16()).toBe(dv.getInt16(0, true));
    }
  });

  it('compacts: numbers and bigints encode identically, narrow decodes keep their range errors', () => {
    for (const n of [0, 1, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      const a = new Writer().compact(n).finish();
      const b = new Writer().compact(BigInt(n)).finish();
      expect(a).toEqual(b);
      expect(new Reader(a).compact()).toBe(BigInt(n));
      expect(new Reader(a).compactNumber()).toBe(n);
      if (n < 2 ** 32) expect(t.decode(t.compact(t.u32), a)).toBe(n);
      else expect(() => t.decode(t.compact(t.u32), a)).toThrow('compact value exceeds u32');
      if (n >= 2 ** 16) expect(() => t.decode(t.compact(t.u16), a)).toThrow('compact value exceeds u16');
      expect(t.decode(t.compact(t.u64), a)).toBe(BigInt(n));
    }
    expect(() => new Writer().compact(-1)).toThrow(ScaleError);
    expect(() => new Writer().compact(1.5)).toThrow(RangeError);
    expect(() => t.decode(t.compact(t.u32), new Uint8Array([1]))).toThrow(ScaleError);
  });

  it('range checks of the bigint codecs are unchanged', () => {
    expect(() => t.encode(t.u64, 1n << 64n)).toThrow('u64 out of range');
    expect(() => t.encode(t.u64, -1n)).toThrow('u64 out of range');
    expect(() => t.encode(t.u64, 5 as any)).toThrow('u64 expects a bigint');
    expect(() => t.encode(t.i64, 1n << 63n)).toThrow('i64 out of range');
    expect(() => t.encode(t.u128, 1n << 128n)).toThrow('u128 out of range');
    expect(() => t.decode(t.u64, new Uint8Array(7))).toThrow('unexpected end of input');
  });

  it('encode is re-entrant (pooled writers)', () => {
    const inner = t.struct(['X'], { a: t.u32, b: t.u64 });
    const nested: t.Codec<number> = {
      info: { kind: 'primitive', prim: 'u32' },
      encodeTo(w, v) { w.raw(t.encode(inner, { a: v, b: BigInt(v) })); },
      decodeFrom(r) { return r.u32(); },
    };
    const outer = t.struct(['Y'], { x: nested, y: t.u8 });
    expect(t.encode(outer, { x: 7, y: 9 })).toEqual(new Uint8Array([7, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 9]));
  });
});
