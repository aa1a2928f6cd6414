// TransactionPaymentApi and TransactionPaymentCallApi: the fee an extrinsic / call would pay (without tip).
import * as t from '../codec/types.ts';
import { defineRuntimeApi, RuntimeApiError } from '../frame/runtime_api.ts';
import { RuntimeCall } from '../frame/construct.ts';
import { Weight } from '../primitives.ts';
import type { DispatchInfo } from '../frame/dispatch.ts';
import { computeFee, computeFeeDetails, weightToFee, lengthToFee } from '../pallets/transaction_payment/index.ts';
import { decodeExtrinsic, ExtrinsicDecodeError } from '../extrinsic/index.ts';
import { callInfo } from '../extrinsic/call.ts';
import { OpaqueExtrinsic, RuntimeDispatchInfo, FeeDetails } from './types.ts';

function extrinsicInfo(uxt: Uint8Array): { info: DispatchInfo; signed: boolean } {
  try {
    const xt = decodeExtrinsic(uxt);
    return { info: callInfo(xt.call), signed: xt.signed !== null };
  } catch (e) {
    if (e instanceof ExtrinsicDecodeError) throw new RuntimeApiError(`Could not decode the extrinsic: ${e.message}`);
    throw e;
  }
}

const dispatchInfoOut = (info: DispatchInfo, partial_fee: bigint) => ({
  weight: { ref_time: info.weight.refTime, proof_size: info.weight.proofSize }, class: { type: info.class }, partial_fee,
});
const weightIn = (w: { ref_time: bigint; proof_size: bigint }) => ({ refTime: w.ref_time, proofSize: w.proof_size });

const feeDetailsOut = (info: DispatchInfo, len: number) => computeFeeDetails(len, info, 0n);

const weightToFeeMethod = {
  name: 'query_weight_to_fee', inputs: [{ name: 'weight', type: Weight }], output: t.u64, docs: [],
  impl: (w: { ref_time: bigint; proof_size: bigint }) => weightToFee(weightIn(w)),
};
const lengthToFeeMethod = {
  name: 'query_length_to_fee', inputs: [{ name: 'length', type: t.u32 }], output: t.u64, docs: [],
  impl: (len: number) => lengthToFee(len),
};

export const TransactionPaymentApi = defineRuntimeApi({
  name: 'TransactionPaymentApi',
  version: 4,
  methods: [
    {
      name: 'query_info', inputs: [{ name: 'uxt', type: OpaqueExtrinsic }, { name: 'len', type: t.u32 }], output: RuntimeDispatchInfo, docs: [],
      impl: (uxt: Uint8Array, len: number) => {
        const { info, signed } = extrinsicInfo(uxt);
        return dispatchInfoOut(info, signed ? computeFee(len, info, 0n) : 0n);
      },
    },
    {
      name: 'query_fee_details', inputs: [{ name: 'uxt', type: OpaqueExtrinsic }, { name: 'len', type: t.u32 }], output: FeeDetails, docs: [],
      impl: (uxt: Uint8Array, len: number) => {
        const { info, signed } = extrinsicInfo(uxt);
        return signed ? feeDetailsOut(info, len) : { inclusion_fee: null, tip: 0n };
      },
    },
    weightToFeeMethod,
    lengthToFeeMethod,
  ],
});

export const TransactionPaymentCallApi = defineRuntimeApi({
  name: 'TransactionPaymentCallApi',
  version: 3,
  methods: [
    {
      name: 'query_call_info', inputs: [{ name: 'call', type: RuntimeCall }, { name: 'len', type: t.u32 }], output: RuntimeDispatchInfo,
      docs: [' Query information of a dispatch class, weight, and fee of a given encoded `Call`.'],
      impl: (call: t.EnumValue, len: number) => { const info = callInfo(call); return dispatchInfoOut(info, computeFee(len, info, 0n)); },
    },
    {
      name: 'query_call_fee_details', inputs: [{ name: 'call', type: RuntimeCall }, { name: 'len', type: t.u32 }], output: FeeDetails,
      docs: [' Query fee details of a given encoded `Call`.'],
      impl: (call: t.EnumValue, len: number) => feeDetailsOut(callInfo(call), len),
    },
    { ...weightToFeeMethod, docs: [' Query the output of the current `WeightToFee` given some input.'] },
    { ...lengthToFeeMethod, docs: [' Query the output of the current `LengthToFee` given some input.'] },
  ],
});
