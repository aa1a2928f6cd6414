// Bookkeeping both key swaps share: the rate-limit blocks HEAD keeps in LastRateLimitedBlock, the TxRateLimit test,
// the swap cost and recycle_tao (TAO taken out of existence, lowering SubtensorModule.TotalIssuance).
import type { AccountId } from '../../../primitives.ts';
import { runtimeConfig } from '../../../config.ts';
import { subnetStorage as S } from '../subnets/storage.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { subtensorConstants } from '../constants.ts';
import { err } from '../subnets/helpers.ts';
import type { SubtensorErrorName } from '../errors.ts';
import * as Balances from '../../balances/index.ts';

/** prod_or_fast!. */
export const fastOr = <V>(prod: V, fast: V): V => (runtimeConfig.fastRuntime ? fast : prod);

export type TxBlockKind = 'LastTxBlock' | 'LastTxBlockDelegateTake' | 'LastTxBlockChildKeyTake';
export const rateLimitKey = (kind: TxBlockKind, who: AccountId) => ({ type: kind, value: [who] });
export const getLastTxBlock = (kind: TxBlockKind, who: AccountId): bigint => S.LastRateLimitedBlock.get(rateLimitKey(kind, who));
export function setLastTxBlock(kind: TxBlockKind, who: AccountId, block: bigint): void {
  S.LastRateLimitedBlock.set(rateLimitKey(kind, who), block);
}

/** exceeds_tx_rate_limit: within TxRateLimit blocks of the previous transaction (0 = never recorded). */
export function exceedsTxRateLimit(prev: bigint, current: bigint): boolean {
  const limit = S.TxRateLimit.get();
  if (limit === 0n || prev === 0n) return false;
  return current - prev <= limit;
}

/** get_key_swap_cost: the KeySwapCost constant (0.1 TAO). */
export const keySwapCost = (): bigint => subtensorConstants.KeySwapCost.value as bigint;

/** recycle_tao: removes `amount` from the coldkey (never below the ED) and from SubtensorModule.TotalIssuance.
 *  `failure` is the error HEAD's caller maps an unaffordable amount to. */
export function recycleTao(coldkey: AccountId, amount: bigint, failure: SubtensorErrorName): void {
  if (amount === 0n) return;
  if (amount > Balances.reducibleBalance(coldkey, true)) throw err(failure);
  K.TotalIssuance.mutate(v => (v > amount ? v - amount : 0n));
  Balances.withdraw(coldkey, amount, false);
}
