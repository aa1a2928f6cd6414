// Origins, dispatch errors and dispatch info: the vocabulary shared by every pallet's calls and the executive.
import type { EnumValue } from '../codec/types.ts';

/** A call filter an origin carries (frame's `OriginTrait::add_filter`): Proxy restricts what its delegate may
 *  dispatch as the real account, and the filter follows the origin into nested calls (Utility batches). */
export type OriginFilter = (call: EnumValue) => boolean;

export type Origin =
  | { kind: 'Root' }
  | { kind: 'Signed'; who: Uint8Array; filter?: OriginFilter }
  | { kind: 'None' };

export const ROOT: Origin = { kind: 'Root' };
export const signed = (who: Uint8Array): Origin => ({ kind: 'Signed', who });

export type DispatchClass = 'Normal' | 'Operational' | 'Mandatory';
export type Pays = 'Yes' | 'No';

export interface Weight { refTime: bigint; proofSize: bigint }
export const weight = (refTime: bigint | number, proofSize: bigint | number = 0n): Weight => ({ refTime: BigInt(refTime), proofSize: BigInt(proofSize) });
export const ZERO_WEIGHT: Weight = { refTime: 0n, proofSize: 0n };
export const addWeight = (a: Weight, b: Weight): Weight => ({ refTime: a.refTime + b.refTime, proofSize: a.proofSize + b.proofSize });

export interface DispatchInfo { weight: Weight; class: DispatchClass; paysFee: Pays }

/** What a call may return to correct its weight or fee after running (frame's PostDispatchInfo). */
export interface PostDispatchInfo { actualWeight?: Weight | null; paysFee?: Pays }

/**
 * sp_runtime::DispatchError as a thrown value. `value` is the enum value encoded into events
 * (`{ type: 'Module', value: { index, error } }`, `{ type: 'BadOrigin' }`, `{ type: 'Token', value: { type: 'FundsUnavailable' } }`...).
 */
export class DispatchError extends Error {
  constructor(readonly value: EnumValue, message?: string) {
    super(message ?? describe(value));
  }

  static badOrigin(): DispatchError { return new DispatchError({ type: 'BadOrigin' }); }
  static other(): DispatchError { return new DispatchError({ type: 'Other' }); }
  static cannotLookup(): DispatchError { return new DispatchError({ type: 'CannotLookup' }); }
  static token(kind: string): DispatchError { return new DispatchError({ type: 'Token', value: { type: kind } }); }
  static arithmetic(kind: 'Underflow' | 'Overflow' | 'DivisionByZero'): DispatchError { return new DispatchError({ type: 'Arithmetic', value: { type: kind } }); }
  static module(palletIndex: number, errorIndex: number, name?: string): DispatchError {
    const error = new Uint8Array(4);
    error[0] = errorIndex;
    return new DispatchError({ type: 'Module', value: { index: palletIndex, error } }, name);
  }
}

function describe(v: EnumValue): string {
  return v.value && typeof v.value === 'object' && 'type' in v.value ? `${v.type}::${v.value.type}` : v.type;
}

export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'Signed') throw DispatchError.badOrigin();
  return origin.who;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'Root') throw DispatchError.badOrigin();
}

export function ensureNone(origin: Origin): void {
  if (origin.kind !== 'None') throw DispatchError.badOrigin();
}
