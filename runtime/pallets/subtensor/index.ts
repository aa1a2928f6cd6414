// SubtensorModule (pallet index 7, crate pallet_subtensor): the Bittensor pallet, composed from the parts
// subtensor itself splits it into — subnets/ (registration, serving, weights, hyperparameters), staking/
// (dTAO pools and stake shares), coinbase/ (emission and epoch scheduling). Storage prefix "SubtensorModule".
import { definePallet } from '../../frame/pallet.ts';
import { subtensorEvents } from './events.ts';
import { subtensorErrors } from './errors.ts';
import { subnetStorage } from './subnets/storage.ts';
import { stakingStorage } from './staking/storage.ts';
import { coinbaseStorage } from './coinbase/storage.ts';
import { subnetCalls } from './subnets/calls.ts';
import { subtensorConstants } from './constants.ts';
import { subtensorGenesis, type SubtensorGenesisConfig } from './genesis.ts';
import { stakingCalls } from './staking/calls.ts';
import { childkeyCalls } from './staking/set_children.ts';
import { rootClaimCalls } from './staking/claim_root.ts';
import { blockStep } from './coinbase/block_step.ts';
// Side effect: registers SubtensorTransactionExtension's checks with the extrinsic pipeline.
import './subnets/tx_extension.ts';

export const SubtensorModule = definePallet({
  name: 'SubtensorModule',
  index: 7,
  crate: 'pallet_subtensor',
  storage: {
    ...subnetStorage,
    ...stakingStorage,
    ...coinbaseStorage,
  },
  calls: {
    ...subnetCalls,
    ...stakingCalls,
    ...childkeyCalls,
    ...rootClaimCalls,
  },
  events: subtensorEvents,
  constants: subtensorConstants,
  errors: subtensorErrors,
  hooks: {
    // block_step (coinbase/block_step.ts): burn decay (subnets' updateRegistrationPricesForNetworks), block
    // emission, coinbase, epochs, moving prices.
    onInitialize(n: number) { blockStep(n); return 0n; },
  },
  genesis: (config: SubtensorGenesisConfig | undefined) => subtensorGenesis(config ?? {}),
});
