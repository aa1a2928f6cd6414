// SubtensorModule (pallet index 7, crate pallet_subtensor): the Bittensor pallet, composed from its declared items
// (pallet.ts: storage, events, errors, constants) and the parts subtensor itself splits it into — subnets/
// (registration, serving, weights, hyperparameters), staking/ (dTAO pools and stake shares), coinbase/ (emission
// and epoch scheduling). Nothing in this folder imports this file.
import { composePallet } from '../../frame/pallet.ts';
import { withHeadWeights } from '../../frame/weights.ts';
import { SUBTENSOR_CALL_WEIGHTS } from './call_weights.ts';
import { subtensorItems } from './pallet.ts';
import { subnetCalls } from './subnets/calls.ts';
import { subtensorGenesis, type SubtensorGenesisConfig } from './genesis.ts';
import { stakingCalls } from './staking/calls.ts';
import { childkeyCalls } from './staking/set_children.ts';
import { rootClaimCalls } from './staking/claim_root.ts';
import { lockCalls } from './staking/lock.ts';
import { votingPowerCalls } from './utils/voting_power.ts';
import { recycleAlphaCalls } from './staking/recycle_alpha.ts';
import { blockStep } from './coinbase/block_step.ts';
import { swapCalls } from './swap/calls.ts';
// Side effect: registers SubtensorTransactionExtension's checks with the extrinsic pipeline.
import './subnets/tx_extension.ts';

export const SubtensorModule = composePallet(subtensorItems, {
  // Weight, DispatchClass and Pays of every call HEAD has come from HEAD's weight functions (call_weights.ts).
  calls: withHeadWeights('SubtensorModule', {
    ...subnetCalls,
    ...stakingCalls,
    ...childkeyCalls,
    ...rootClaimCalls,
    ...recycleAlphaCalls,
    ...swapCalls,
    ...lockCalls,
    ...votingPowerCalls,
  }, SUBTENSOR_CALL_WEIGHTS),
  hooks: {
    // block_step (coinbase/block_step.ts): burn decay (subnets' updateRegistrationPricesForNetworks), block
    // emission, coinbase, epochs, moving prices.
    onInitialize(n: number) { blockStep(n); return 0n; },
  },
  genesis: (config: SubtensorGenesisConfig | undefined) => subtensorGenesis(config ?? {}),
});
