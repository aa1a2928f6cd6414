// Coinbase and epoch-scheduling storage of SubtensorModule (§3.1, §3.2, §5.3–5.4): the per-subnet pending
// emission accumulators drained at each epoch, and the HEAD stateful scheduler's bookkeeping. Spread into the
// SubtensorModule declaration like staking/storage.ts.
import * as t from '../../../codec/types.ts';
import { value, map } from '../../../frame/storage.ts';
import { runtimeConfig } from '../../../config.ts';
import { U96F32 } from '../../../primitives.ts';

export const coinbaseStorage = {
  SubnetOwnerCut: value(t.u16, { default: 11_796, docs: [' Fraction (of u16::MAX) of subnet alpha emission paid to the owner.'] }),
  MaxEpochsPerBlock: value(t.u8, {
    // fast-runtime builds allow 32 epochs per block, production 2.
    get default() { return runtimeConfig.fastRuntime ? 32 : 2; },
    docs: [' Maximum number of subnet epochs run in one block; the rest are deferred.'],
  } as { default: number; docs: string[] }),
  PendingServerEmission: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Accumulated miner (server) alpha emission since the last epoch.'] }),
  PendingValidatorEmission: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Accumulated validator alpha emission since the last epoch.'] }),
  PendingRootAlphaDivs: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Accumulated root alpha dividends since the last epoch.'] }),
  PendingOwnerCut: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Accumulated owner cut since the last epoch.'] }),
  BlocksSinceLastStep: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Blocks since the subnet\'s last epoch.'] }),
  LastMechansimStepBlock: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Block of the subnet\'s last epoch (sic: subtensor spelling).'] }),
  LastEpochBlock: map('Identity', t.u16, t.u64, { default: 0n, docs: [' HEAD scheduler: block of the last epoch.'] }),
  PendingEpochAt: map('Identity', t.u16, t.u64, { default: 0n, docs: [' HEAD scheduler: block at which a triggered epoch fires (0 = none).'] }),
  MinerBurned: map('Identity', t.u16, U96F32, { default: { bits: 0n }, docs: [' Fraction of the last tempo\'s miner emission withheld from miners (owner hotkeys).'] }),
  SubnetEpochIndex: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Number of epochs the subnet has run.'] }),
};
