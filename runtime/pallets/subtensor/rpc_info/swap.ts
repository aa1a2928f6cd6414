// SwapRuntimeApi: spot price (rao per alpha) and simulated swaps of this port's pools (staking/pools.ts; no fees).
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import * as pools from '../staking/pools.ts';
import { SimSwapResult } from './codecs.ts';
import { NetUid } from '../../../primitives.ts';
import { allNetuids } from '../subnets/helpers.ts';

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
        const r = pools.simSwapTaoForAlpha(netuid, tao);
        return typeof r === 'string' ? { tao_amount: 0n, alpha_amount: 0n, tao_fee: 0n, alpha_fee: 0n }
          : { tao_amount: r.amountIn, alpha_amount: r.amountOut, tao_fee: r.fee, alpha_fee: 0n };
      } },
    { name: 'sim_swap_alpha_for_tao', inputs: [{ name: 'netuid', type: t.u16 }, { name: 'alpha', type: t.u64 }], output: SimSwapResult,
      impl: (netuid: number, alpha: bigint) => {
        const r = pools.simSwapAlphaForTao(netuid, alpha);
        return typeof r === 'string' ? { tao_amount: 0n, alpha_amount: 0n, tao_fee: 0n, alpha_fee: 0n }
          : { tao_amount: r.amountOut, alpha_amount: r.amountIn, tao_fee: 0n, alpha_fee: r.fee };
      } },
  ],
});
