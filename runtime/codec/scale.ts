// SCALE (Simple Concatenated Aggregate Little-Endian) primitives: a growable writer and a bounds-checked reader.
// Everything the runtime stores or sends goes through these two classes, so they are kept small and fast.

export class ScaleError extends Error {}

const MAX_U64 = (1n << 64n) - 1n;

const TWO32 = 4294967296;
const TWO53N = 1n << 53n;
const MASK32N = 0xffffffffn;
const MASK64N = (1n << 64n) - 1n;

// Integers are written and read byte by byte rather than through a DataView: creating a DataView per Reader / Writer
// was a measurable part of every storage access, and the byte arithmetic is as fast as the view's accessors.
export class Writer {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Bytes of buffer currently allocated (pooled writers are dropped when this grew large). */
  get capacity(): number { return this.buf.length; }

  u8(v: number): this { this.reserve(1); this.buf[this.length++] = v & 0xff; return this; }
  u16(v: number): this {
    this.reserve(2);
    const b = this.buf, o = this.length;
    b[o] = v & 0xff; b[o + 1] = (v >>> 8) & 0xff;
    this.length = o + 2;
    return this;
  }
  u32(v: number): this { this.reserve(4); this.put32(v >>> 0); return this; }
  i8(v: number): this { return this.u8(v & 0xff); }
  i16(v: number): this { return this.u16(v); }
  i32(v: number): this { this.reserve(4); this.put32(v >>> 0); return this; }
  /** Writes the low 32 bits of `v` (an integer), no bounds reservation. */
  private put32(v: number): void {
    const b = this.buf, o = this.length;
    b[o] = v & 0xff; b[o + 1] = (v >>> 8) & 0xff; b[o + 2] = (v >>> 16) & 0xff; b[o + 3] = (v >>> 24) & 0xff;
    this.length = o + 4;
  }
  /** Writes `v` mod 2^64, no bounds reservation. */
  private put64(v: bigint): void {
    let lo: number, hi: number;
    if (v >= 0n && v < TWO53N) {
      // Common case (balances, weights): one conversion to a Number, exact below 2^53.
      const n = Number(v);
      lo = n >>> 0;
      hi = (n - lo) / TWO32;
    } else {
      const x = BigInt.asUintN(64, v);
      lo = Number(x & MASK32N);
      hi = Number(x >> 32n);
    }
    this.put32(lo);
    this.put32(hi);
  }
  u64(v: bigint): this {
    if (typeof v !== 'bigint') BigInt.asUintN(64, v); // throws the TypeError a non-bigint always got
    this.reserve(8); this.put64(v); return this;
  }
  i64(v: bigint): this {
    if (typeof v !== 'bigint') BigInt.asIntN(64, v);
    this.reserve(8); this.put64(v); return this;
  }
  /** Little-endian unsigned integer of `bytes` bytes (u128, u256). */
  uint(v: bigint, bytes: number): this {
    this.reserve(bytes);
    let x = BigInt.asUintN(bytes * 8, v);
    if (bytes === 16) {
      this.put64(x & MASK64N);
      this.put64(x >> 64n);
      return this;
    }
    for (let i = 0; i < bytes; i++) { this.buf[this.length++] = Number(x & 0xffn); x >>= 8n; }
    return this;
  }
  int(v: bigint, bytes: number): this { return this.uint(BigInt.asUintN(bytes * 8, v), bytes); }
  bool(v: boolean): this { return this.u8(v ? 1 : 0); }
  raw(bytes: Uint8Array): this { this.reserve(bytes.length); this.buf.set(bytes, this.length); this.length += bytes.length; return this; }
  /** Vec<u8>: compact length then bytes. */
  bytes(bytes: Uint8Array): this { this.compact(bytes.length); return this.raw(bytes); }
  str(s: string): this { return this.bytes(new TextEncoder().encode(s)); }

  compact(v: number | bigint): this {
    // Lengths and u8..u32 values (numbers below 2^30): no BigInt conversion.
    if (typeof v === 'number' && v >= 0 && v < 1073741824 && Number.isInteger(v)) {
      if (v < 64) return this.u8(v << 2);
      if (v < 16384) return this.u16((v << 2) | 1);
      return this.u32(((v << 2) | 2) >>> 0);
    }
    const n = typeof v === 'bigint' ? v : BigInt(v);
    if (n < 0n) throw new ScaleError('compact of a negative number');
    if (n < 1n << 6n) return this.u8(Number(n) << 2);
    if (n < 1n << 14n) return this.u16((Number(n) << 2) | 1);
    if (n < 1n << 30n) return this.u32(((Number(n) << 2) | 2) >>> 0);
    let bytes = 0;
    for (let x = n; x > 0n; x >>= 8n) bytes++;
    if (bytes > 67) throw new ScaleError('compact too large');
    this.u8(((bytes - 4) << 2) | 3);
    return this.uint(n, bytes);
  }

  /** Empties the writer for reuse (keeps its buffer). */
  reset(): this { this.length = 0; return this; }

  finish(): Uint8Array { return this.buf.slice(0, this.length); }
  /** The bytes written so far without copying them: valid only until the next write or reset. */
  view(): Uint8Array { return this.buf.subarray(0, this.length); }
}

export class Reader {
  offset = 0;

  constructor(readonly data: Uint8Array) {}

  get remaining(): number { return this.data.length - this.offset; }

  private need(n: number): void {
    if (this.offset + n > this.data.length) throw new ScaleError(`unexpected end of input: need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
  }

  /** Unsigned 32-bit value at `o` (bounds already checked). */
  private get32(o: number): number {
    const d = this.data;
    return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16)) + d[o + 3] * 16777216;
  }
  /** Unsigned 64-bit value at `o` (bounds already checked). */
  private get64(o: number): bigint {
    const lo = this.get32(o), hi = this.get32(o + 4);
    // Below 2^53 the Number is exact: one BigInt conversion instead of a shift and an or.
    if (hi < 0x200000) return BigInt(hi * TWO32 + lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  u8(): number { this.need(1); return this.data[this.offset++]; }
  u16(): number { this.need(2); const d = this.data, o = this.offset; this.offset = o + 2; return d[o] | (d[o + 1] << 8); }
  u32(): number { this.need(4); const v = this.get32(this.offset); this.offset += 4; return v; }
  i8(): number { return (this.u8() << 24) >> 24; }
  i16(): number { return (this.u16() << 16) >> 16; }
  i32(): number { return this.u32() | 0; }
  u64(): bigint { this.need(8); const v = this.get64(this.offset); this.offset += 8; return v; }
  i64(): bigint { return BigInt.asIntN(64, this.u64()); }
  uint(bytes: number): bigint {
    this.need(bytes);
    const o = this.offset;
    if (bytes === 16) {
      const lo = this.get64(o), hi = this.get64(o + 8);
      this.offset = o + 16;
      return hi === 0n ? lo : (hi << 64n) | lo;
    }
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.data[o + i]);
    this.offset = o + bytes;
    return v;
  }
  int(bytes: number): bigint { return BigInt.asIntN(bytes * 8, this.uint(bytes)); }
  bool(): boolean {
    const b = this.u8();
    if (b > 1) throw new ScaleError(`invalid bool byte ${b}`);
    return b === 1;
  }
  raw(n: number): Uint8Array { this.need(n); const v = this.data.slice(this.offset, this.offset + n); this.offset += n; return v; }
  bytes(): Uint8Array { return this.raw(this.compactNumber()); }
  str(): string { return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes()); }

  compact(): bigint {
    const b0 = this.u8();
    switch (b0 & 3) {
      case 0: return BigInt(b0 >> 2);
      case 1: { this.offset--; return BigInt(this.u16() >> 2); }
      case 2: { this.offset--; return BigInt(this.u32() >>> 2); }
      default: return this.uint((b0 >> 2) + 4);
    }
  }
  /** A compact that must fit a JS number (lengths, u32 and smaller). */
  compactNumber(): number {
    // The one-, two- and four-byte modes (values below 2^30) without going through a BigInt.
    const b0 = this.u8();
    switch (b0 & 3) {
      case 0: return b0 >> 2;
      case 1: { this.offset--; return this.u16() >> 2; }
      case 2: { this.offset--; return this.u32() >>> 2; }
    }
    this.offset--;
    const v = this.compact();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ScaleError('compact length too large');
    return Number(v);
  }

  /** Throws unless every byte was consumed (used when decoding whole values from storage or RPC). */
  end(): void {
    if (this.remaining !== 0) throw new ScaleError(`${this.remaining} trailing bytes`);
  }
}

export { MAX_U64 };

export function toHex(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new ScaleError(`invalid hex: ${hex.slice(0, 20)}`);
  return new Uint8Array(Buffer.from(h, 'hex'));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
