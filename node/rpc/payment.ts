// payment_*: fee estimates through the runtime's TransactionPaymentApi (query_info / query_fee_details with the
// extrinsic and its length), shaped as pallet-transaction-payment's RPC serializes them.
import { Reader, Writer } from '../../runtime/codec/scale.ts';
import { type RpcContext, guarded, hexArg, optHashArg } from './context.ts';

const CLASSES = ['normal', 'operational', 'mandatory'];
const numberOrHex = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : '0x' + v.toString(16));

export function registerPayment(ctx: RpcContext): void {
  const { registry: r, chain } = ctx;
  const args = (xt: Uint8Array) => new Writer(xt.length + 4).raw(xt).u32(xt.length).finish();

  r.method('payment_queryInfo', params => {
    const xt = hexArg(params[0], 'extrinsic');
    const out = guarded(() => chain.call('TransactionPaymentApi_query_info', args(xt), optHashArg(params[1])));
    const rd = new Reader(out);
    const refTime = rd.compact();
    const proofSize = rd.compact();
    const cls = rd.u8();
    const partialFee = rd.u64();
    // sp_weights::Weight serializes its fields in snake_case; the fee is a decimal string (serde_balance).
    return { weight: { ref_time: numberOrHex(refTime), proof_size: numberOrHex(proofSize) }, class: CLASSES[cls] ?? 'normal', partialFee: partialFee.toString() };
  }, ['extrinsic', 'at']);

  r.method('payment_queryFeeDetails', params => {
    const xt = hexArg(params[0], 'extrinsic');
    const out = guarded(() => chain.call('TransactionPaymentApi_query_fee_details', args(xt), optHashArg(params[1])));
    const rd = new Reader(out);
    let inclusionFee: Record<string, string> | null = null;
    if (rd.u8() === 1) {
      const baseFee = rd.u64(), lenFee = rd.u64(), adjustedWeightFee = rd.u64();
      inclusionFee = { baseFee: '0x' + baseFee.toString(16), lenFee: '0x' + lenFee.toString(16), adjustedWeightFee: '0x' + adjustedWeightFee.toString(16) };
    }
    // (FeeDetails' tip is not serialized by Substrate.)
    return { inclusionFee };
  }, ['extrinsic', 'at']);
}
