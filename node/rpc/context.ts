// What every RPC namespace needs: the chain, the pool, the producer, and parameter helpers that turn bad input
// into -32602 and unknown blocks into Substrate's client error.
import { fromHex, toHex } from '../../runtime/codec/scale.ts';
import { decodeAddress } from '@polkadot/util-crypto';
import type { Chain, Logger } from '../chain.ts';
import { UnknownBlockError } from '../chain.ts';
import type { TransactionPool } from '../pool.ts';
import type { BlockProducer } from '../producer.ts';
import { RpcError, invalidParams, type RpcRegistry } from './server.ts';

export interface NodeInfo {
  name: string;
  version: string;
  chainName: string;
  chainType: string;
  properties: { ss58Format: number; tokenDecimals: number; tokenSymbol: string };
}

export interface RpcContext {
  chain: Chain;
  pool: TransactionPool;
  producer: BlockProducer;
  registry: RpcRegistry;
  info: NodeInfo;
  log: Logger;
}

// Substrate's state/chain client errors (BASE_ERROR 4000 + 3).
export const CLIENT_ERROR = 4003;

export function clientError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (e instanceof UnknownBlockError) return new RpcError(CLIENT_ERROR, `Client error: UnknownBlock: ${e.message}`);
  return new RpcError(CLIENT_ERROR, `Client error: Execution failed: ${(e as Error)?.message ?? String(e)}`);
}

/** Runs `fn`, mapping unknown blocks and runtime failures to Substrate's client error. */
export function guarded<T>(fn: () => T): T {
  try { return fn(); } catch (e) { throw clientError(e); }
}

export function hexArg(v: unknown, what: string, len?: number): Uint8Array {
  // Like Substrate's Bytes deserializer, the 0x prefix is optional ("" is empty bytes). One linear character-class
  // scan: a repeated group (([0-9a-f]{2})*) recurses per pair in V8's regex engine and overflows the stack at 4 MB.
  if (typeof v !== 'string' || v.length % 2 !== 0 || !/^(?:0x)?[0-9a-fA-F]*$/.test(v)) throw invalidParams(`${what} must be hex`);
  const b = fromHex(v);
  if (len !== undefined && b.length !== len) throw invalidParams(`${what} must be ${len} bytes`);
  return b;
}

/** A storage key / prefix argument, normalized to lowercase hex. */
export function keyArg(v: unknown, what = 'key'): string {
  return toHex(hexArg(v, what));
}

export function optHashArg(v: unknown, what = 'block hash'): string | undefined {
  if (v === undefined || v === null) return undefined;
  return toHex(hexArg(v, what, 32));
}

export function u32Arg(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n) && n <= 0xffffffff) return n;
  }
  throw invalidParams(`${what} must be an unsigned 32-bit number`);
}

// The longest SS58 string of a 32-byte account: base58 of (2-byte prefix + 32 + 2-byte checksum) = 49 characters.
const MAX_SS58_LENGTH = 50;

export function accountArg(v: unknown, what = 'account'): Uint8Array {
  if (typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v)) return fromHex(v);
  if (Array.isArray(v) && v.length === 32 && v.every(x => Number.isInteger(x) && x >= 0 && x < 256)) return new Uint8Array(v);
  try {
    // Base58 decoding is quadratic in the length: anything longer than an address is refused before it.
    if (typeof v === 'string' && v.length <= MAX_SS58_LENGTH) {
      const id = decodeAddress(v);
      if (id.length === 32) return id;
    }
  } catch { /* fall through */ }
  throw invalidParams(`${what} must be an SS58 address or 32-byte hex`);
}
