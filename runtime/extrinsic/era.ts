// sp_runtime::generic::Era: Immortal (one 0x00 byte) or Mortal(period, phase) packed in two bytes. The metadata
// describes it as an enum of Immortal and Mortal1..Mortal255 (the first byte), each with one u8 (the second byte).
import * as t from '../codec/types.ts';
import { ScaleError } from '../codec/scale.ts';

const variants: Record<string, t.VariantSpec | null> = { Immortal: null };
for (let i = 1; i < 256; i++) variants[`Mortal${i}`] = { index: i, fields: t.u8 };
const EraEnum = t.enumOf(['sp_runtime', 'generic', 'era', 'Era'], variants);

export type EraValue = { period: bigint; phase: bigint } | null; // null = immortal

export const Era: t.Codec<EraValue> = {
  info: EraEnum.info,
  encodeTo(w, v) {
    if (v === null) { w.u8(0); return; }
    const encoded = encodeMortal(v.period, v.phase);
    w.u8(encoded & 0xff);
    w.u8(encoded >> 8);
  },
  decodeFrom(r) {
    const first = r.u8();
    if (first === 0) return null;
    const encoded = first + (r.u8() << 8);
    const period = 2n << BigInt(encoded % 16);
    const quantize = period >> 12n > 1n ? period >> 12n : 1n;
    const phase = BigInt(encoded >> 4) * quantize;
    if (period < 4n || phase >= period) throw new ScaleError('invalid period and phase');
    return { period, phase };
  },
};

function encodeMortal(period: bigint, phase: bigint): number {
  const quantize = period >> 12n > 1n ? period >> 12n : 1n;
  let tz = 0;
  for (let p = period; p > 0n && (p & 1n) === 0n; p >>= 1n) tz++;
  const low = Math.min(15, Math.max(1, tz - 1));
  return low | (Number(phase / quantize) << 4);
}

/** Era::mortal(period, current): period rounded to a power of two in [4, 65536], phase = current % period. */
export function mortal(period: number, current: number): EraValue {
  let p = 4n;
  while (p < BigInt(period) && p < 65536n) p <<= 1n;
  const phase = BigInt(current) % p;
  const quantize = p >> 12n > 1n ? p >> 12n : 1n;
  return { period: p, phase: (phase / quantize) * quantize };
}

/** First block of the era's validity window as seen from block `current`. */
export function birth(era: EraValue, current: bigint): bigint {
  if (era === null) return 0n;
  const { period, phase } = era;
  return ((current > phase ? current : phase) - phase) / period * period + phase;
}

/** First block at which the transaction is no longer valid. */
export function death(era: EraValue, current: bigint): bigint {
  if (era === null) return (1n << 64n) - 1n;
  return birth(era, current) + era.period;
}
