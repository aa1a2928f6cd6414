// frame_executive: block initialisation with the pallets' hooks, extrinsic application (check → validate →
// prepare → dispatch in its own storage layer → post-dispatch → ExtrinsicSuccess/ExtrinsicFailed), block
// finalisation into a header, pool validation and inherent creation. Every function runs with the externalities set
// to the block's overlay (see runtime/index.ts).
import * as t from './codec/types.ts';
import { bytesEqual, toHex } from './codec/scale.ts';
import { composed } from './frame/construct.ts';
import { state } from './frame/externalities.ts';
import { stateRootBytes } from './frame/state.ts';
import { orderedTrieRoot } from './frame/trie/trie.ts';
import { extrinsicsRootStateVersion } from './frame/trie/node.ts';
import { signed as signedOrigin, type DispatchInfo } from './frame/dispatch.ts';
import type { HeaderValue } from './frame/header.ts';
import { lookupAddress } from './primitives.ts';
import {
  System, blockNumber, resetEvents, initializeBlockContext, noteFinishedInitialize, noteExtrinsic, noteAppliedExtrinsic,
  noteFinishedExtrinsics, finalizeBlockContext, flushEvents, registerExtraWeight, BLOCK_WEIGHTS,
} from './pallets/system/index.ts';
import { TransactionValidityFailure, type ValidTransactionValue } from './pallets/system/types.ts';
import { actualWeight, actualPays } from './pallets/transaction_payment/index.ts';
import { decodeExtrinsic, ExtrinsicDecodeError, signingPayloadOf, verifySignature, unsignedExtrinsic, type DecodedExtrinsic } from './extrinsic/index.ts';
import { implicitValues, validateSigned, prepareSigned, postDispatchSigned, type TxContext } from './extrinsic/extensions.ts';
import { dispatchCall, callInfo } from './extrinsic/call.ts';
import { runtimeVersion } from './version.ts';

/** ApplyExtrinsicResult = Result<Result<(), DispatchError>, TransactionValidityError> as nested { ok } / { err }. */
export type ApplyExtrinsicResult = { ok: { ok: [] } | { err: t.EnumValue } } | { err: t.EnumValue };

export function initializeBlock(header: HeaderValue): void {
  resetEvents();
  initializeBlockContext(header.number, header.parentHash, header.digest);
  // Runtime upgrade bookkeeping (LastRuntimeUpgrade follows the running version).
  const v = runtimeVersion();
  const last = System.storage.LastRuntimeUpgrade.get();
  if (!last || last.spec_version !== v.spec_version || last.spec_name !== v.spec_name) {
    System.storage.LastRuntimeUpgrade.set({ spec_version: v.spec_version, spec_name: v.spec_name });
  }
  let hooksWeight = 0n;
  for (const p of composed().pallets) {
    const w = p.decl.hooks?.onInitialize?.(header.number);
    if (typeof w === 'bigint') hooksWeight += w;
  }
  registerExtraWeight({ refTime: BLOCK_WEIGHTS.base_block.ref_time + hooksWeight, proofSize: 0n }, 'Mandatory');
  noteFinishedInitialize();
}

function signerOf(xt: DecodedExtrinsic): Uint8Array {
  const who = lookupAddress(xt.signed!.address);
  if (!who) throw TransactionValidityFailure.unknown('CannotLookup');
  return who;
}

/** Checkable::check: resolves the signer, computes the implicit data and verifies the signature. */
function checkSignature(xt: DecodedExtrinsic): Uint8Array {
  const who = signerOf(xt);
  const s = xt.signed!;
  const implicit = implicitValues(s.extra);
  const payload = signingPayloadOf(xt.callBytes, s.extra, implicit);
  if (!verifySignature(s.signature, payload, who)) throw TransactionValidityFailure.invalid('BadProof');
  return who;
}

function decodeOrInvalid(encoded: Uint8Array): DecodedExtrinsic {
  try {
    return decodeExtrinsic(encoded);
  } catch (e) {
    if (e instanceof ExtrinsicDecodeError) throw TransactionValidityFailure.invalid('Call');
    throw e;
  }
}

function toInfo(info: DispatchInfo, post: any) {
  return { weight: actualWeight(info, post), class: info.class, paysFee: actualPays(info, post) };
}

/** BlockBuilder_apply_extrinsic. A validity error leaves no trace in the state (its layer is rolled back). */
export function applyExtrinsic(encoded: Uint8Array): ApplyExtrinsicResult {
  const st = state();
  try {
    return st.transactional(() => applyInner(encoded));
  } catch (e) {
    if (e instanceof TransactionValidityFailure) return { err: e.value };
    throw e;
  }
}

function applyInner(encoded: Uint8Array): ApplyExtrinsicResult {
  const xt = decodeOrInvalid(encoded);
  const len = encoded.length;
  noteExtrinsic(encoded);
  let info: DispatchInfo;
  if (xt.signed) {
    const who = checkSignature(xt);
    info = callInfo(xt.call);
    const ctx: TxContext = { who, call: xt.call, info, len, extra: xt.signed.extra };
    validateSigned(ctx);
    const pre = prepareSigned(ctx);
    const { error, post } = dispatchCall(signedOrigin(who), xt.call);
    if (error && info.class === 'Mandatory') throw TransactionValidityFailure.invalid('BadMandatory');
    postDispatchSigned(pre, ctx, post);
    noteAppliedExtrinsic(error, toInfo(info, post));
    return { ok: error ? { err: error } : { ok: [] } };
  }
  // Unsigned: the pallets' inherents (Timestamp.set and other ProvideInherent calls), or calls their pallet's
  // ValidateUnsigned accepts (pre_dispatch). A failing mandatory inherent invalidates the block; others fail like a
  // transaction.
  info = callInfo(xt.call);
  const mandatory = info.class === 'Mandatory';
  const inherent = mandatory || isInherent(xt.call);
  if (!inherent) validateUnsigned('InBlock', xt.call);
  const limits = BLOCK_WEIGHTS.per_class[mandatory ? 'mandatory' : info.class === 'Operational' ? 'operational' : 'normal'];
  registerExtraWeight({ refTime: info.weight.refTime + limits.base_extrinsic.ref_time, proofSize: info.weight.proofSize }, info.class);
  System.storage.AllExtrinsicsLen.set((System.storage.AllExtrinsicsLen.get() ?? 0) + len);
  const { error, post } = dispatchCall({ kind: 'None' }, xt.call);
  if (error && mandatory) throw TransactionValidityFailure.invalid('BadMandatory');
  if (inherent) System.storage.InherentsApplied.set(true);
  noteAppliedExtrinsic(error, toInfo(info, post));
  return { ok: error ? { err: error } : { ok: [] } };
}

/** ValidateUnsigned of the call's pallet; NoUnsignedValidator when the pallet accepts no unsigned calls. */
function validateUnsigned(source: string, call: t.EnumValue): ValidTransactionValue {
  const pallet = composed().pallets.find(p => p.name === call.type);
  const validate = pallet?.decl.validateUnsigned;
  if (!validate) throw TransactionValidityFailure.unknown('NoUnsignedValidator');
  return validate(source, call.value as t.EnumValue);
}

/** ProvideInherent::is_inherent of the call's pallet. */
function isInherent(call: t.EnumValue): boolean {
  const inherent = composed().pallet(call.type).decl.inherent;
  return inherent !== undefined && inherent.calls.includes((call.value as t.EnumValue).type);
}

/** The header's extrinsics root as frame_system computes it: the ordered trie root of the block's extrinsics
 *  (each as encoded, length prefix included), in RuntimeVersion::extrinsics_root_state_version (V0 for
 *  system_version 1). */
export function extrinsicsRoot(extrinsics: Uint8Array[]): Uint8Array {
  return orderedTrieRoot(extrinsics, extrinsicsRootStateVersion(runtimeVersion().system_version));
}

/** BlockBuilder_finalize_block: on_finalize hooks, then the header with the roots of this block. */
export function finalizeBlock(): HeaderValue {
  noteFinishedExtrinsics();
  const n = blockNumber();
  for (const p of composed().pallets) p.decl.hooks?.onFinalize?.(n);
  // Events are kept as a list during the block and written to System.Events once, before the state root.
  flushEvents();
  const ctx = finalizeBlockContext();
  return {
    parentHash: ctx.parentHash,
    number: ctx.number,
    stateRoot: stateRootBytes(state()),
    extrinsicsRoot: extrinsicsRoot(ctx.extrinsics),
    digest: ctx.digest,
  };
}

export class BlockExecutionError extends Error {}

/** Core_execute_block: re-executes a block and checks its roots. The header's digest must not contain the seal. */
export function executeBlock(block: { header: HeaderValue; extrinsics: Uint8Array[] }): void {
  initializeBlock(block.header);
  block.extrinsics.forEach((x, i) => {
    const r = applyExtrinsic(x);
    if ('err' in r) throw new BlockExecutionError(`extrinsic ${i} is invalid: ${JSON.stringify(r.err)}`);
  });
  const h = finalizeBlock();
  if (!bytesEqual(h.extrinsicsRoot, block.header.extrinsicsRoot)) throw new BlockExecutionError('extrinsics root mismatch');
  if (!bytesEqual(h.stateRoot, block.header.stateRoot)) throw new BlockExecutionError(`state root mismatch: computed ${toHex(h.stateRoot)}, header ${toHex(block.header.stateRoot)}`);
}

export type TransactionValidity = { ok: ValidTransactionValue } | { err: t.EnumValue };

/**
 * TaggedTransactionQueue_validate_transaction: validity of `encoded` for inclusion in the block after `blockHash`
 * (whose state the overlay holds). Like frame's executive, it first initialises the next block's context, so
 * BlockHash[head] = blockHash is known (BlockHash[0] = genesis hash before block 1).
 */
export function validateTransaction(source: t.EnumValue, encoded: Uint8Array, blockHash: Uint8Array): TransactionValidity {
  initializeBlockContext(blockNumber() + 1, blockHash, { logs: [] });
  try {
    const xt = decodeOrInvalid(encoded);
    const info = callInfo(xt.call);
    if (!xt.signed) {
      if (info.class === 'Mandatory') throw TransactionValidityFailure.invalid('MandatoryValidation');
      return { ok: validateUnsigned(source.type, xt.call) };
    }
    const who = checkSignature(xt);
    if (info.class === 'Mandatory') throw TransactionValidityFailure.invalid('MandatoryValidation');
    const v = validateSigned({ who, call: xt.call, info, len: encoded.length, extra: xt.signed.extra });
    return { ok: { priority: v.priority, requires: v.requires, provides: v.provides, longevity: v.longevity, propagate: v.propagate } };
  } catch (e) {
    if (e instanceof TransactionValidityFailure) return { err: e.value };
    // A runtime bug reached by some input must not take the node's pool down: report it and reject the transaction.
    console.error('runtime: validate_transaction failed unexpectedly', e);
    return { err: { type: 'Invalid', value: { type: 'Call' } } };
  }
}

/** BlockBuilder_inherent_extrinsics: each pallet's inherent (create_inherent) from its entry in the inherent data,
 *  in pallet index order. */
export function inherentExtrinsics(data: [Uint8Array, Uint8Array][]): Uint8Array[] {
  const byId = new Map(data.map(([id, value]) => [new TextDecoder().decode(id), value]));
  const out: Uint8Array[] = [];
  for (const p of composed().pallets) {
    const inherent = p.decl.inherent;
    const value = inherent && byId.get(inherent.identifier);
    if (!inherent || !value) continue;
    const call = inherent.create(value);
    if (call) out.push(unsignedExtrinsic({ type: p.name, value: call }));
  }
  return out;
}
