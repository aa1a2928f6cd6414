// SwapRuntimeApi (HEAD runtime/src/lib.rs): spot price (rao per alpha) and simulated swaps with the swap fee, and
// the slippage against a swap at the spot price (U64F64, floored).
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import * as pools from '../staking/pools.ts';
import { SimSwapResult } from './codecs.ts';
import { NetUid } from '../../../primitives.ts';
import { allNetuids, subnetExists } from '../subnets/helpers.ts';
import { currentPriceBits } from '../../swap/swap_step.ts';

const EMPTY = { tao_amount: 0n, alpha_amount: 0n, tao_fee: 0n, alpha_fee: 0n, tao_slippage: 0n, alpha_slippage: 0n };
const U64_MAX = (1n << 64n) - 1n;
const sat64 = (v: bigint) => (v > U64_MAX ? U64_MAX : v);
const satSub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/** HEAD's pallet_subtensor_swap_runtime_api::SubnetPrice (newer btcli reads prices through current_alpha_price_all). */
const SubnetPrice = t.struct(['pallet_subtensor_swap_runtime_api', 'SubnetPrice'], { netuid: NetUid, price: t.u64 },
  { typeNames: { netuid: 'NetUid', price: 'u64' } });

export const SwapRuntimeApi = defineRuntimeApi({
  name: 'SwapRuntimeApi',
  version: 1,
  methods: [
    { name: 'current_alpha_price', inputs: [{ name: 'netuid', type: t.u16 }], output: t.u64,
      impl: (netuid: number) => pools.currentAlphaPriceRao(netuid) },
    { name: 'current_alpha_price_all', inputs: [], output: t.vec(SubnetPrice),
      impl: () => allNetuids().map(netuid => ({ netuid, price: pools.currentAlphaPriceRao(netuid) })) },
    { name: 'sim_swap_tao_for_alpha', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'tao', type: t.u64 }], output: SimSwapResult,
      impl: (netuid: number, tao: bigint) => {
        const r = pools.simSwapTaoForAlpha(netuid, tao, subnetExists(netuid));
        if (typeof r === 'string') return EMPTY;
        const price = currentPriceBits(netuid);
        const noSlippageAlpha = price === 0n ? 0n : sat64((tao << 64n) / price);
        return { tao_amount: r.amountIn, alpha_amount: r.amountOut, tao_fee: r.fee, alpha_fee: 0n,
          tao_slippage: 0n, alpha_slippage: satSub(noSlippageAlpha, r.amountOut) };
      } },
    { name: 'sim_swap_alpha_for_tao', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'alpha', type: t.u64 }], output: SimSwapResult,
      impl: (netuid: number, alpha: bigint) => {
        const r = pools.simSwapAlphaForTao(netuid, alpha, subnetExists(netuid));
        if (typeof r === 'string') return EMPTY;
        const noSlippageTao = sat64((alpha * currentPriceBits(netuid)) >> 64n);
        return { tao_amount: r.amountOut, alpha_amount: r.amountIn, tao_fee: 0n, alpha_fee: r.fee,
          tao_slippage: satSub(noSlippageTao, r.amountOut), alpha_slippage: 0n };
      } },
  ],
});
