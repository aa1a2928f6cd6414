// subtensor's 13 transaction extensions (SignedExtra), in order, with their explicit payloads ("extra") and the
// implicit data the signature also covers ("additional"), plus the validate / prepare / post-dispatch pipeline the
// executive and the transaction pool use.
//
// Identifier note: subtensor's ChargeTransactionPaymentWrapper reports the wrapped extension's metadata, so the
// metadata identifier is `ChargeTransactionPayment` (what polkadot-js keys on), with the Compact<u64> tip payload.
import * as t from '../codec/types.ts';
import { H256, type AccountId } from '../primitives.ts';
import { bytesEqual, concatBytes } from '../codec/scale.ts';
import type { DispatchInfo, PostDispatchInfo } from '../frame/dispatch.ts';
import { Era, type EraValue, birth, death } from './era.ts';
import { TransactionValidityFailure } from '../pallets/system/types.ts';
import {
  System, blockNumber, accountInfo, BLOCK_WEIGHTS, BLOCK_LENGTH, registerExtraWeight,
} from '../pallets/system/index.ts';
import { runtimeVersion } from '../version.ts';
import {
  computeFee, canPayFee, withdrawFee, correctAndDepositFee, computeActualFee, actualWeight,
} from '../pallets/transaction_payment/index.ts';
import { Sudo } from '../pallets/sudo/index.ts';
import { transactionFeePayer } from '../pallets/proxy/index.ts';
import { checkShieldMortality, checkShieldedTxValidity } from '../pallets/shield/extension.ts';

export interface SignedExtensionDecl {
  identifier: string;
  /** Explicit payload carried in the extrinsic. */
  extra: t.Codec<any>;
  /** Implicit payload: not in the extrinsic, but part of the signed payload. */
  additional: t.Codec<any>;
}

const emptyExt = (path: string[]) => t.struct(path, {}, { params: [{ name: 'T', type: undefined }] });
const Mode = t.enumOf(['frame_metadata_hash_extension', 'Mode'], { Disabled: null, Enabled: null });

export const CheckMortalityExtra = t.newtype(['node_subtensor_runtime', 'check_mortality', 'CheckMortality'], Era, 'Era', [{ name: 'T', type: undefined }]);
export const CheckNonceExtra = t.newtype(['node_subtensor_runtime', 'check_nonce', 'CheckNonce'], t.compact(t.u32), 'T::Nonce', [{ name: 'T', type: undefined }]);
export const ChargeTransactionPaymentExtra = t.newtype(['pallet_transaction_payment', 'ChargeTransactionPayment'], t.compact(t.u64), 'BalanceOf<T>', [{ name: 'T', type: undefined }]);
export const CheckMetadataHashExtra = t.struct(['frame_metadata_hash_extension', 'CheckMetadataHash'], { mode: Mode }, { params: [{ name: 'T', type: undefined }], typeNames: { mode: 'Mode' } });

export const SIGNED_EXTENSIONS: SignedExtensionDecl[] = [
  { identifier: 'CheckNonZeroSender', extra: emptyExt(['frame_system', 'extensions', 'check_non_zero_sender', 'CheckNonZeroSender']), additional: t.unit },
  { identifier: 'CheckSpecVersion', extra: emptyExt(['frame_system', 'extensions', 'check_spec_version', 'CheckSpecVersion']), additional: t.u32 },
  { identifier: 'CheckTxVersion', extra: emptyExt(['frame_system', 'extensions', 'check_tx_version', 'CheckTxVersion']), additional: t.u32 },
  { identifier: 'CheckGenesis', extra: emptyExt(['frame_system', 'extensions', 'check_genesis', 'CheckGenesis']), additional: H256 },
  { identifier: 'CheckMortality', extra: CheckMortalityExtra, additional: H256 },
  { identifier: 'CheckNonce', extra: CheckNonceExtra, additional: t.unit },
  { identifier: 'CheckWeight', extra: emptyExt(['frame_system', 'extensions', 'check_weight', 'CheckWeight']), additional: t.unit },
  { identifier: 'ChargeTransactionPayment', extra: ChargeTransactionPaymentExtra, additional: t.unit },
  { identifier: 'SudoTransactionExtension', extra: emptyExt(['node_subtensor_runtime', 'sudo_wrapper', 'SudoTransactionExtension']), additional: t.unit },
  { identifier: 'CheckShieldedTxValidity', extra: emptyExt(['pallet_shield', 'extension', 'CheckShieldedTxValidity']), additional: t.unit },
  { identifier: 'SubtensorTransactionExtension', extra: emptyExt(['pallet_subtensor', 'extensions', 'subtensor', 'SubtensorTransactionExtension']), additional: t.unit },
  { identifier: 'DrandPriority', extra: emptyExt(['pallet_drand', 'drand_priority', 'DrandPriority']), additional: t.unit },
  { identifier: 'CheckMetadataHash', extra: CheckMetadataHashExtra, additional: t.option(t.fixedBytes(32)) },
];

/** Positions of the extensions with a payload, for readable access to `extra[]`. */
export const EXT = { mortality: 4, nonce: 5, tip: 7, metadataHash: 12 } as const;

/** Extra values for a signed extrinsic (what a signer chooses). */
export function makeExtra(opts: { era?: EraValue; nonce: number; tip?: bigint; metadataHashMode?: 'Disabled' | 'Enabled' }): any[] {
  return SIGNED_EXTENSIONS.map((_e, i) => {
    if (i === EXT.mortality) return opts.era ?? null;
    if (i === EXT.nonce) return opts.nonce;
    if (i === EXT.tip) return opts.tip ?? 0n;
    if (i === EXT.metadataHash) return { mode: { type: opts.metadataHashMode ?? 'Disabled' } };
    return {};
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Subtensor's own checks (coldkey swap guard, weights, rate limits...) are supplied by the subtensor pallet.

export type SubtensorTxCheck = (who: AccountId, call: t.EnumValue) => void;
const subtensorTxChecks = new Set<SubtensorTxCheck>();

/** Registers a SubtensorTransactionExtension check (several may be registered; they run in registration order).
 *  Each runs at pool validation and again before dispatch, and may throw `invalidCustom(code)`
 *  (InvalidTransaction::Custom(code)) to reject the transaction. Returns a function that unregisters it;
 *  `null` removes every check. */
export function registerSubtensorTxCheck(fn: SubtensorTxCheck | null): () => void {
  if (fn === null) { subtensorTxChecks.clear(); return () => {}; }
  subtensorTxChecks.add(fn);
  return () => { subtensorTxChecks.delete(fn); };
}

function runSubtensorTxChecks(who: AccountId, call: t.EnumValue): void {
  for (const check of subtensorTxChecks) check(who, call);
}

export function invalidCustom(code: number): TransactionValidityFailure {
  return TransactionValidityFailure.invalid('Custom', code);
}

// ---------------------------------------------------------------------------------------------------------------
// Pipeline

export interface TxContext {
  who: AccountId;
  call: t.EnumValue;
  info: DispatchInfo;
  /** Encoded length of the whole extrinsic (with its length prefix). */
  len: number;
  extra: any[];
}

export interface Validity {
  priority: bigint;
  requires: Uint8Array[];
  provides: Uint8Array[];
  longevity: bigint;
  propagate: boolean;
}

const U64_MAX = (1n << 64n) - 1n;
export const NORMAL_DISPATCH_BASE_PRIORITY = 1n;
export const OPERATIONAL_DISPATCH_PRIORITY = 10_000_000_000n;

// CheckMetadataHash (frame_metadata_hash_extension): mode 1 signs Some(RFC-78 metadata hash). A runtime built with the
// metadata-hash feature (subtensor's production and localnet builds) has the hash compiled in; here the composed
// runtime supplies it (computed from its own V15 metadata on first use).
let metadataHashProvider: (() => Uint8Array) | null = null;

/** Sets the metadata hash CheckMetadataHash's mode 1 signs (`null`: none, as a runtime built without the feature). */
export function setMetadataHash(provider: (() => Uint8Array) | null): void {
  metadataHashProvider = provider;
}

/** Mode 1's implicit: the hash, or UnknownTransaction::CannotLookup without one (frame's behaviour). */
function enabledMetadataHash(): Uint8Array {
  if (!metadataHashProvider) throw TransactionValidityFailure.unknown('CannotLookup');
  return metadataHashProvider();
}

/** The implicit (additional signed) values, computed from the chain state. May throw AncientBirthBlock. */
export function implicitValues(extra: any[]): any[] {
  const v = runtimeVersion();
  const current = BigInt(blockNumber());
  const era: EraValue = extra[EXT.mortality];
  const birthBlock = birth(era, current);
  if (birthBlock > 0xffffffffn || !System.storage.BlockHash.contains(Number(birthBlock))) throw TransactionValidityFailure.invalid('AncientBirthBlock');
  return SIGNED_EXTENSIONS.map(e => {
    switch (e.identifier) {
      case 'CheckSpecVersion': return v.spec_version;
      case 'CheckTxVersion': return v.transaction_version;
      case 'CheckGenesis': return System.storage.BlockHash.get(0);
      case 'CheckMortality': return System.storage.BlockHash.get(Number(birthBlock));
      case 'CheckMetadataHash': return (extra[EXT.metadataHash] as { mode: t.EnumValue }).mode.type === 'Enabled' ? enabledMetadataHash() : null;
      default: return [];
    }
  });
}

const nonceTag = (who: AccountId, nonce: number) => concatBytes(who, t.encode(t.u32, nonce));

function classKey(cls: string): 'normal' | 'operational' | 'mandatory' {
  return cls === 'Normal' ? 'normal' : cls === 'Operational' ? 'operational' : 'mandatory';
}

/** CheckWeight: the extrinsic's length and weight must fit the block (and the class limits). Returns the new totals. */
function checkWeightAndLength(ctx: TxContext): { nextLen: number } {
  const k = classKey(ctx.info.class);
  const current = System.storage.AllExtrinsicsLen.get() ?? 0;
  const nextLen = current + ctx.len;
  if (ctx.info.class !== 'Mandatory' && nextLen > BLOCK_LENGTH.max[k]) throw TransactionValidityFailure.invalid('ExhaustsResources');
  const limits = BLOCK_WEIGHTS.per_class[k];
  const extrinsicWeight = ctx.info.weight.refTime + limits.base_extrinsic.ref_time;
  if (limits.max_extrinsic && extrinsicWeight > limits.max_extrinsic.ref_time) throw TransactionValidityFailure.invalid('ExhaustsResources');
  if (limits.max_total) {
    const used = System.storage.BlockWeight.peek()[k].ref_time; // read-only
    if (used + extrinsicWeight > limits.max_total.ref_time) throw TransactionValidityFailure.invalid('ExhaustsResources');
  }
  return { nextLen };
}

function feeOf(ctx: TxContext): bigint {
  return computeFee(ctx.len, ctx.info, ctx.extra[EXT.tip] as bigint);
}

/** pallet_drand::drand_priority::DrandPriority::get_drand_priority. */
const DRAND_PRIORITY = 10_000n;

/** Runs every extension's `validate`, in order, and combines their validity like sp_runtime does. */
export function validateSigned(ctx: TxContext): Validity {
  const { who, call, info } = ctx;
  // 1 CheckNonZeroSender
  if (who.every(b => b === 0)) throw TransactionValidityFailure.invalid('BadSigner');
  // 5 CheckMortality (subtensor's wrapper: short eras only for shielded wrappers)
  checkShieldMortality(call, ctx.extra[EXT.mortality]);
  const current = BigInt(blockNumber());
  const longevity = death(ctx.extra[EXT.mortality], current) - current;
  // 6 CheckNonce (the account is only looked at here: no copy needed)
  const account = System.storage.Account.peek(who);
  const nonce = ctx.extra[EXT.nonce] as number;
  if (info.paysFee === 'Yes' && account.providers === 0 && account.sufficients === 0) throw TransactionValidityFailure.invalid('Payment');
  if (nonce < account.nonce) throw TransactionValidityFailure.invalid('Stale');
  const provides = [nonceTag(who, nonce)];
  const requires = nonce > account.nonce ? [nonceTag(who, nonce - 1)] : [];
  // 7 CheckWeight
  checkWeightAndLength(ctx);
  // 8 ChargeTransactionPayment(Wrapper): the fee must be payable (by the real account of an opted-in proxy call);
  // priority by class only.
  if (!canPayFee(transactionFeePayer(who, call), feeOf(ctx))) throw TransactionValidityFailure.invalid('Payment');
  const priority = info.class === 'Operational' ? OPERATIONAL_DISPATCH_PRIORITY : NORMAL_DISPATCH_BASE_PRIORITY;
  // 9 SudoTransactionExtension: only the sudo key may submit Sudo calls.
  if (call.type === 'Sudo') {
    const key = Sudo.storage.Key.get();
    if (!key || !bytesEqual(key, who)) throw TransactionValidityFailure.invalid('BadSigner');
  }
  // 10 CheckShieldedTxValidity
  checkShieldedTxValidity(call);
  // 11 SubtensorTransactionExtension
  runSubtensorTxChecks(who, call);
  // 12 DrandPriority: a signed write_pulse gets 10,000 on top (combined priorities add); dispatch still wants None.
  const drandPriority = call.type === 'Drand' && (call.value as t.EnumValue).type === 'write_pulse' ? DRAND_PRIORITY : 0n;
  return { priority: priority + drandPriority, requires, provides, longevity: longevity > U64_MAX ? U64_MAX : longevity, propagate: true };
}

export interface Pre {
  /** The account the fee was withdrawn from (the signer, or the real account of an opted-in proxy call). */
  payer: AccountId;
  feePaid: bigint;
  tip: bigint;
}

/** Runs every extension's `prepare` after validation (apply path): nonce bump, block weight/length, fee withdrawal. */
export function prepareSigned(ctx: TxContext): Pre {
  const { who, info } = ctx;
  // 6 CheckNonce: exact nonce required in a block, then bumped.
  const account = accountInfo(who);
  const nonce = ctx.extra[EXT.nonce] as number;
  if (nonce > account.nonce) throw TransactionValidityFailure.invalid('Future');
  account.nonce = (account.nonce + 1) >>> 0;
  System.storage.Account.set(who, account);
  // 7 CheckWeight
  const { nextLen } = checkWeightAndLength(ctx);
  System.storage.AllExtrinsicsLen.set(nextLen);
  registerExtraWeight({ refTime: info.weight.refTime + BLOCK_WEIGHTS.per_class[classKey(info.class)].base_extrinsic.ref_time, proofSize: info.weight.proofSize }, info.class);
  // 8 ChargeTransactionPayment: withdraw the full pre-dispatch fee.
  const tip = ctx.extra[EXT.tip] as bigint;
  const fee = feeOf(ctx);
  const payer = transactionFeePayer(who, ctx.call);
  let feePaid = 0n;
  try {
    feePaid = withdrawFee(payer, fee);
  } catch {
    throw TransactionValidityFailure.invalid('Payment');
  }
  // 11 SubtensorTransactionExtension runs its checks again at dispatch time.
  runSubtensorTxChecks(who, ctx.call);
  return { payer, feePaid, tip };
}

/** post_dispatch: weight refund in the block total, fee correction and payout. */
export function postDispatchSigned(pre: Pre, ctx: TxContext, post: PostDispatchInfo | void): void {
  const used = actualWeight(ctx.info, post);
  const unspent = ctx.info.weight.refTime - used.refTime;
  if (unspent > 0n) {
    const bw = System.storage.BlockWeight.get();
    const k = classKey(ctx.info.class);
    bw[k] = { ref_time: bw[k].ref_time > unspent ? bw[k].ref_time - unspent : 0n, proof_size: bw[k].proof_size };
    System.storage.BlockWeight.set(bw);
  }
  const corrected = computeActualFee(ctx.len, ctx.info, post, pre.tip);
  correctAndDepositFee(pre.payer, pre.feePaid, corrected, pre.tip);
}
