// SCALE (Simple Concatenated Aggregate Little-Endian) primitives: a growable writer and a bounds-checked reader.
// Everything the runtime stores or sends goes through these two classes, so they are kept small and fast.

export class ScaleError extends Error {}

const MAX_U64 = (1n << 64n) - 1n;

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this { this.reserve(1); this.buf[this.length++] = v & 0xff; return this; }
  u16(v: number): this { this.reserve(2); this.view.setUint16(this.length, v, true); this.length += 2; return this; }
  u32(v: number): this { this.reserve(4); this.view.setUint32(this.length, v >>> 0, true); this.length += 4; return this; }
  i8(v: number): this { return this.u8(v & 0xff); }
  i16(v: number): this { this.reserve(2); this.view.setInt16(this.length, v, true); this.length += 2; return this; }
  i32(v: number): this { this.reserve(4); this.view.setInt32(this.length, v, true); this.length += 4; return this; }
  u64(v: bigint): this { this.reserve(8); this.view.setBigUint64(this.length, BigInt.asUintN(64, v), true); this.length += 8; return this; }
  i64(v: bigint): this { this.reserve(8); this.view.setBigInt64(this.length, BigInt.asIntN(64, v), true); this.length += 8; return this; }
  /** Little-endian unsigned integer of `bytes` bytes (u128, u256). */
  uint(v: bigint, bytes: number): this {
    this.reserve(bytes);
    let x = BigInt.asUintN(bytes * 8, v);
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

  finish(): Uint8Array { return this.buf.slice(0, this.length); }
}

export class Reader {
  offset = 0;
  private view: DataView;

  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number { return this.data.length - this.offset; }

  private need(n: number): void {
    if (this.offset + n > this.data.length) throw new ScaleError(`unexpected end of input: need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
  }

  u8(): number { this.need(1); return this.data[this.offset++]; }
  u16(): number { this.need(2); const v = this.view.getUint16(this.offset, true); this.offset += 2; return v; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.offset, true); this.offset += 4; return v; }
  i8(): number { return (this.u8() << 24) >> 24; }
  i16(): number { this.need(2); const v = this.view.getInt16(this.offset, true); this.offset += 2; return v; }
  i32(): number { this.need(4); const v = this.view.getInt32(this.offset, true); this.offset += 4; return v; }
  u64(): bigint { this.need(8); const v = this.view.getBigUint64(this.offset, true); this.offset += 8; return v; }
  i64(): bigint { this.need(8); const v = this.view.getBigInt64(this.offset, true); this.offset += 8; return v; }
  uint(bytes: number): bigint {
    this.need(bytes);
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.data[this.offset + i]);
    this.offset += bytes;
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
