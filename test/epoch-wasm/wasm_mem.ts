// Test-side access to the WASM kernels: write vectors / CSR matrices into the module's memory after
// a layout() sized for the case, call a kernel, read the result back.

import { epochWasm } from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochWasmExports } from '../../runtime/pallets/subtensor/epoch/wasm.ts';

export type Sparse = Array<Array<[number, bigint]>>;
export interface Csr {
  p: number;
  c: number;
  v: number;
  rows: number;
}

export function wasmExports(): EpochWasmExports {
  const w = epochWasm();
  if (w === null) throw new Error('build/epoch.wasm missing: run npm run build:wasm');
  return w.exports;
}

type Kernel = (...args: Array<number | bigint>) => number | bigint | void;

export class KernelMem {
  readonly ex: EpochWasmExports;
  constructor(dim: number, nnz: number) {
    this.ex = wasmExports();
    // layout() sizes the kernels' internal scratch (column accumulators, CSC copy, partitions).
    this.ex.layout(dim + 1, nnz + 1, nnz + 1);
  }
  kernel(name: string): Kernel {
    const k = this.ex[name];
    if (typeof k !== 'function') throw new Error(`kernel ${name} not exported`);
    return k as Kernel;
  }
  private buf(): ArrayBuffer {
    return this.ex.memory.buffer;
  }
  alloc(bytes: number): number {
    return this.ex.scratch(Math.max(bytes, 8)) >>> 0;
  }
  i64s(xs: readonly bigint[], len = xs.length): number {
    const p = this.alloc(len * 8);
    const v = new BigInt64Array(this.buf(), p, len);
    for (let i = 0; i < len; i++) v[i] = xs[i] ?? 0n;
    return p;
  }
  readI64s(p: number, len: number): bigint[] {
    return Array.from(new BigInt64Array(this.buf(), p, len));
  }
  readU8s(p: number, len: number): number[] {
    return Array.from(new Uint8Array(this.buf(), p, len));
  }
  csr(m: Sparse, capacity = 0): Csr {
    const rows = m.length;
    const nnz = Math.max(capacity, m.reduce((s, r) => s + r.length, 0));
    const p = this.alloc((rows + 1) * 4);
    const c = this.alloc(nnz * 4);
    const v = this.alloc(nnz * 8);
    const ptr = new Uint32Array(this.buf(), p, rows + 1);
    const col = new Uint32Array(this.buf(), c, nnz);
    const val = new BigInt64Array(this.buf(), v, nnz);
    let o = 0;
    ptr[0] = 0;
    m.forEach((row, i) => {
      for (const [j, x] of row) {
        col[o] = j;
        val[o] = x;
        o++;
      }
      ptr[i + 1] = o;
    });
    return { p, c, v, rows };
  }
  /** An empty CSR with room for `nnz` cells (kernel output). */
  out(rows: number, nnz: number): Csr {
    return this.csr(Array.from({ length: rows }, () => []), nnz);
  }
  readCsr(m: Csr): Sparse {
    const ptr = new Uint32Array(this.buf(), m.p, m.rows + 1);
    const nnz = ptr[m.rows];
    const col = new Uint32Array(this.buf(), m.c, nnz);
    const val = new BigInt64Array(this.buf(), m.v, nnz);
    const out: Sparse = [];
    for (let i = 0; i < m.rows; i++) {
      const row: Array<[number, bigint]> = [];
      for (let k = ptr[i]; k < ptr[i + 1]; k++) row.push([col[k], val[k]]);
      out.push(row);
    }
    return out;
  }
}
