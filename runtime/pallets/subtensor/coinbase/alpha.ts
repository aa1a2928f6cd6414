// Alpha leaving circulation (HEAD coinbase/alpha.rs). Recycling takes it out of SubnetAlphaOut (alpha issuance drops,
// so later emission is larger); burning leaves the counters as they are.
import { stakingStorage as S } from '../staking/storage.ts';

/** recycle_subnet_alpha. */
export function recycleSubnetAlpha(netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  S.SubnetAlphaOut.mutate(netuid, v => (v > amount ? v - amount : 0n));
}
