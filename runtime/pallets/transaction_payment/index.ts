// pallet_transaction_payment (index 6) as subtensor configures it: WeightToFee linear at 0.0005 rao per ref_time
// unit (Perbill 500_000, rounded to nearest, ties down), LengthToFee 1 rao per byte, a constant fee multiplier of 1,
// and fees handled by subtensor's SubtensorTxFeeHandler: withdrawn from the signer (keep-alive), the unspent part
// refunded after dispatch, and fee + tip paid to the block author (the Aura authority of the block's slot), or burned
// when no author is known.
import * as t from '../../codec/types.ts';
import { definePallet } from '../../frame/pallet.ts';
import { value } from '../../frame/storage.ts';
import { AccountId32, Weight, type AccountId } from '../../primitives.ts';
import type { DispatchInfo, Weight as WeightValue, PostDispatchInfo } from '../../frame/dispatch.ts';
import { BLOCK_WEIGHTS, MAX_BLOCK_REF_TIME } from '../system/index.ts';
import { DispatchClass } from '../system/types.ts';
import { Balances, canWithdraw, withdraw, mint, totalBalance } from '../balances/index.ts';
import { blockAuthor } from '../aura/index.ts';

const FIXED_ONE = 1_000_000_000_000_000_000n;

const Releases = t.enumOf(['pallet_transaction_payment', 'Releases'], { V1Ancient: null, V2: null });
const FixedU128 = t.newtype(['sp_arithmetic', 'fixed_point', 'FixedU128'], t.u128, 'u128');

export const TransactionPayment = definePallet({
  name: 'TransactionPayment',
  index: 6,
  crate: 'pallet_transaction_payment',
  storage: {
    NextFeeMultiplier: value(FixedU128, { default: FIXED_ONE }),
    StorageVersion: value(Releases, { default: { type: 'V1Ancient' } }),
  },
  events: {
    TransactionFeePaid: {
      fields: { who: AccountId32, actual_fee: t.u64, tip: t.u64 },
      typeNames: { who: 'T::AccountId', actual_fee: 'BalanceOf<T>', tip: 'BalanceOf<T>' },
      docs: [' A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee,', ' has been paid by `who`.'],
    },
  },
  constants: {
    OperationalFeeMultiplier: { type: t.u8, value: 5, docs: [' A fee multiplier for `Operational` extrinsics to compute "virtual tip" to boost their', ' `priority`'] },
  },
  genesis() {
    TransactionPayment.storage.StorageVersion.set({ type: 'V2' });
    TransactionPayment.storage.NextFeeMultiplier.set(FIXED_ONE);
  },
});

/** Perbill(500_000) × ref_time with frame's NearestPrefDown rounding: round(x / 2000), exact halves round down. */
export function weightToFee(w: WeightValue): bigint {
  const refTime = w.refTime < MAX_BLOCK_REF_TIME ? w.refTime : MAX_BLOCK_REF_TIME;
  const q = refTime / 2000n;
  const r = refTime % 2000n;
  return r > 1000n ? q + 1n : q;
}

export function lengthToFee(len: number): bigint {
  return BigInt(len);
}

export interface InclusionFee { base_fee: bigint; len_fee: bigint; adjusted_weight_fee: bigint }
export interface FeeDetails { inclusion_fee: InclusionFee | null; tip: bigint }

function multiplier(): bigint {
  return TransactionPayment.storage.NextFeeMultiplier.get();
}

/** compute_fee_details: base fee (the class's base extrinsic weight) + length fee + weight fee × multiplier, plus tip.
 *  Pays::No → no inclusion fee (the tip is still charged). */
export function computeFeeDetails(len: number, info: DispatchInfo, tip: bigint): FeeDetails {
  if (info.paysFee === 'No') return { inclusion_fee: null, tip };
  const base = BLOCK_WEIGHTS.per_class[info.class === 'Normal' ? 'normal' : info.class === 'Operational' ? 'operational' : 'mandatory'].base_extrinsic.ref_time;
  return {
    inclusion_fee: {
      base_fee: weightToFee({ refTime: base, proofSize: 0n }),
      len_fee: lengthToFee(len),
      adjusted_weight_fee: (weightToFee(info.weight) * multiplier()) / FIXED_ONE,
    },
    tip,
  };
}

export function finalFee(d: FeeDetails): bigint {
  const i = d.inclusion_fee;
  return (i ? i.base_fee + i.len_fee + i.adjusted_weight_fee : 0n) + d.tip;
}

export function computeFee(len: number, info: DispatchInfo, tip: bigint): bigint {
  return finalFee(computeFeeDetails(len, info, tip));
}

/** The weight actually used: the post-dispatch figure, never more than declared. */
export function actualWeight(info: DispatchInfo, post: PostDispatchInfo | void | null): WeightValue {
  const a = post?.actualWeight;
  if (!a) return info.weight;
  return { refTime: a.refTime < info.weight.refTime ? a.refTime : info.weight.refTime, proofSize: a.proofSize < info.weight.proofSize ? a.proofSize : info.weight.proofSize };
}

export function actualPays(info: DispatchInfo, post: PostDispatchInfo | void | null): 'Yes' | 'No' {
  return info.paysFee === 'No' || post?.paysFee === 'No' ? 'No' : 'Yes';
}

export function computeActualFee(len: number, info: DispatchInfo, post: PostDispatchInfo | void | null, tip: bigint): bigint {
  return computeFee(len, { weight: actualWeight(info, post), class: info.class, paysFee: actualPays(info, post) }, tip);
}

/** can_withdraw_fee: the payer must keep the ED after paying (Preserve). */
export function canPayFee(who: AccountId, fee: bigint): boolean {
  return fee === 0n || canWithdraw(who, fee, true);
}

/** withdraw_fee (pre-dispatch). Returns the amount withdrawn. */
export function withdrawFee(who: AccountId, fee: bigint): bigint {
  if (fee === 0n) return 0n;
  withdraw(who, fee, true);
  return fee;
}

/** correct_and_deposit_fee (post-dispatch): refund the over-charge, pay fee + tip to the block author (or burn). */
export function correctAndDepositFee(who: AccountId, paid: bigint, correctedFee: bigint, tip: bigint): void {
  if (paid === 0n) return;
  const refund = paid > correctedFee ? paid - correctedFee : 0n;
  let kept = paid;
  if (refund > 0n && totalBalance(who) > 0n) {
    mint(who, refund);
    kept -= refund;
  }
  const author = blockAuthor();
  let credited = 0n;
  if (author && kept > 0n) credited = mint(author, kept);
  if (credited === 0n && kept > 0n) Balances.deposit('Rescinded', { amount: kept });
  TransactionPayment.deposit('TransactionFeePaid', { who, actual_fee: correctedFee < paid ? correctedFee : paid, tip });
}

export { Weight, DispatchClass };
