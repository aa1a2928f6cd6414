// SCALE shapes of the runtime API results the node itself interprets (the runtime's side of these contracts is
// standard Substrate), and the human-readable reasons Substrate attaches to transaction validity errors.
import { Reader, Writer, toHex } from '../runtime/codec/scale.ts';

export interface RuntimeVersionInfo {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  apis: [string, number][];
  transactionVersion: number;
  systemVersion: number;
}

export function decodeRuntimeVersion(bytes: Uint8Array): RuntimeVersionInfo {
  const r = new Reader(bytes);
  const specName = r.str();
  const implName = r.str();
  const authoringVersion = r.u32();
  const specVersion = r.u32();
  const implVersion = r.u32();
  const n = r.compactNumber();
  const apis: [string, number][] = [];
  for (let i = 0; i < n; i++) apis.push([toHex(r.raw(8)), r.u32()]);
  const transactionVersion = r.remaining >= 4 ? r.u32() : 1;
  const systemVersion = r.remaining >= 1 ? r.u8() : 0;
  return { specName, implName, authoringVersion, specVersion, implVersion, apis, transactionVersion, systemVersion };
}

/** The JSON-RPC shape of state_getRuntimeVersion (polkadot-js reads `stateVersion`, newer nodes say `systemVersion`). */
export function runtimeVersionJson(v: RuntimeVersionInfo) {
  return {
    specName: v.specName, implName: v.implName, authoringVersion: v.authoringVersion, specVersion: v.specVersion,
    implVersion: v.implVersion, apis: v.apis, transactionVersion: v.transactionVersion,
    systemVersion: v.systemVersion, stateVersion: v.systemVersion,
  };
}

export type ValidityError =
  | { kind: 'Invalid'; variant: string; custom?: number; message: string }
  | { kind: 'Unknown'; variant: string; custom?: number; message: string };

const INVALID_VARIANTS: [string, string][] = [
  ['Call', 'Transaction call is not expected'],
  ['Payment', 'Inability to pay some fees (e.g. account balance too low)'],
  ['Future', 'Transaction will be valid in the future'],
  ['Stale', 'Transaction is outdated'],
  ['BadProof', 'Transaction has a bad signature'],
  ['AncientBirthBlock', 'Transaction has an ancient birth block'],
  ['ExhaustsResources', 'Transaction would exhaust the block limits'],
  ['Custom', 'Custom error'],
  ['BadMandatory', 'A call was labelled as mandatory, but resulted into an Error.'],
  ['MandatoryValidation', 'Transaction dispatch is mandatory; transactions must not be validated.'],
  ['BadSigner', 'Invalid signing address'],
  ['IndeterminateImplicit', 'The implicit data was unable to be calculated'],
  ['UnknownOrigin', 'The transaction extension did not authorize any origin'],
];
const UNKNOWN_VARIANTS: [string, string][] = [
  ['CannotLookup', 'Could not lookup information required to validate the transaction'],
  ['NoUnsignedValidator', 'Could not find an unsigned validator for the unsigned transaction'],
  ['Custom', 'UnknownTransaction custom error'],
];

export function decodeValidityError(r: Reader): ValidityError {
  const kind = r.u8();
  const v = r.u8();
  const table = kind === 0 ? INVALID_VARIANTS : UNKNOWN_VARIANTS;
  const entry = table[v];
  if (!entry) throw new Error(`unknown transaction validity error ${kind}/${v}`);
  const custom = entry[0] === 'Custom' ? r.u8() : undefined;
  const message = custom !== undefined && kind === 0 ? `Custom error: ${custom}` : entry[1];
  return { kind: kind === 0 ? 'Invalid' : 'Unknown', variant: entry[0], custom, message };
}

export interface ValidTransaction {
  priority: bigint;
  requires: string[];
  provides: string[];
  longevity: bigint;
  propagate: boolean;
}

export function decodeTransactionValidity(bytes: Uint8Array): { ok: ValidTransaction } | { err: ValidityError } {
  const r = new Reader(bytes);
  const tag = r.u8();
  if (tag === 1) return { err: decodeValidityError(r) };
  if (tag !== 0) throw new Error(`bad TransactionValidity tag ${tag}`);
  const priority = r.u64();
  const tags = () => { const n = r.compactNumber(); const out: string[] = []; for (let i = 0; i < n; i++) out.push(toHex(r.bytes())); return out; };
  const requires = tags();
  const provides = tags();
  const longevity = r.u64();
  const propagate = r.bool();
  return { ok: { priority, requires, provides, longevity, propagate } };
}

/** ApplyExtrinsicResult: Ok(Ok) / Ok(Err(DispatchError)) count as included; Err(validity) means "not in this block". */
export function decodeApplyResult(bytes: Uint8Array): { included: true; success: boolean } | { included: false; error: ValidityError } {
  const r = new Reader(bytes);
  const tag = r.u8();
  if (tag === 0) return { included: true, success: r.u8() === 0 };
  return { included: false, error: decodeValidityError(r) };
}

export const TransactionSource = { InBlock: 0, Local: 1, External: 2 } as const;

export function encodeValidateArgs(source: number, xt: Uint8Array, blockHash: Uint8Array): Uint8Array {
  return new Writer(xt.length + 40).u8(source).raw(xt).raw(blockHash).finish();
}

/** InherentData (a BTreeMap<[u8; 8], Vec<u8>>, so sorted by identifier) with the timestamp (`timstap0` → u64 ms)
 *  and any other entries (identifier → SCALE value). */
export function encodeInherentData(timestampMs: bigint, more: [string, Uint8Array][] = []): Uint8Array {
  const entries: [string, Uint8Array][] = [['timstap0', new Writer(8).u64(timestampMs).finish()], ...more];
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const w = new Writer(64);
  w.compact(entries.length);
  for (const [id, value] of entries) {
    w.raw(new TextEncoder().encode(id));
    w.bytes(value);
  }
  return w.finish();
}
