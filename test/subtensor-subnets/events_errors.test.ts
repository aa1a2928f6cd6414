import { describe, it, expect } from 'vitest';
import { subtensorEvents } from '../../runtime/pallets/subtensor/events.ts';
import { subtensorErrors } from '../../runtime/pallets/subtensor/errors.ts';
import { DispatchErrorCodec } from '../../runtime/frame/dispatch_codec.ts';
import { encode, decode } from '../../runtime/codec/types.ts';
import { DispatchError } from '../../runtime/frame/dispatch.ts';

describe('SubtensorModule event and error tables (HEAD order)', () => {
  it('has 137 events with the indices clients decode by (spec §2.4)', () => {
    const names = Object.keys(subtensorEvents);
    expect(names.length).toBe(137);
    const at: Record<number, string> = { 0: 'NetworkAdded', 2: 'StakeAdded', 5: 'WeightsSet', 6: 'NeuronRegistered', 28: 'AxonServed',
      29: 'PrometheusServed', 49: 'Sudid', 52: 'TempoSet', 57: 'SubnetOwnerCutSet', 85: 'WeightsCommitted', 86: 'WeightsRevealed',
      95: 'FirstEmissionBlockNumberSet', 107: 'TimelockedWeightsCommitted', 110: 'IncentiveAlphaEmittedToMiners',
      131: 'EpochTriggered', 136: 'RejectLockedAlphaUpdated' };
    for (const [i, n] of Object.entries(at)) expect(names[Number(i)]).toBe(n);
  });
  it('has 147 errors with the indices of spec §2.4', () => {
    const names = Object.keys(subtensorErrors);
    expect(names.length).toBe(147);
    const at: Record<number, string> = { 0: 'RootNetworkDoesNotExist', 4: 'HotKeyNotRegisteredInSubNet', 12: 'NotEnoughBalanceToStake',
      16: 'WeightVecNotEqualSize', 17: 'DuplicateUids', 29: 'SettingWeightsTooFast', 32: 'UidsLengthExceedUidsInSubNet',
      48: 'NoNeuronIdAvailable', 52: 'InvalidRevealCommitHashNotMatch', 76: 'SubnetNotExists', 79: 'RevealTooEarly',
      94: 'SubtokenDisabled', 115: 'SubnetLimitReached', 116: 'CannotAffordLockCost' };
    for (const [i, n] of Object.entries(at)) expect(names[Number(i)]).toBe(n);
  });
  it('encodes a module DispatchError as sp_runtime does', () => {
    const e = DispatchError.module(7, 17);
    const bytes = encode(DispatchErrorCodec, e.value);
    expect(Array.from(bytes)).toEqual([3, 7, 17, 0, 0, 0]);
    expect(decode(DispatchErrorCodec, bytes)).toEqual(e.value);
    expect(Array.from(encode(DispatchErrorCodec, DispatchError.token('FundsUnavailable').value))).toEqual([7, 0]);
  });
});

import { subnetStorage } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { SubtensorModule } from '../../runtime/pallets/subtensor/index.ts';
import { AdminUtils } from '../../runtime/pallets/admin_utils/index.ts';

describe('SubtensorModule / AdminUtils declarations', () => {
  it('the storage parts composed into SubtensorModule do not redeclare each other\'s items', () => {
    const parts = [Object.keys(subnetStorage), Object.keys(stakingStorage), Object.keys(coinbaseStorage)];
    const all = parts.flat();
    expect(new Set(all).size).toBe(all.length);
  });
  it('call indices of the subnets calls are HEAD\'s (macros/dispatches.rs)', () => {
    const want: Record<string, number> = { set_weights: 0, serve_axon: 4, serve_prometheus: 5, register: 6, burned_register: 7,
      serve_axon_tls: 40, register_network: 59, dissolve_network: 61, root_register: 62, set_subnet_identity: 78,
      register_network_with_identity: 79, batch_set_weights: 80, start_call: 92, commit_weights: 96, reveal_weights: 97,
      batch_reveal_weights: 98, batch_commit_weights: 100, commit_mechanism_weights: 115, reveal_mechanism_weights: 116,
      set_mechanism_weights: 119, root_dissolve_network: 120, register_limit: 134, set_tempo: 139, trigger_epoch: 141 };
    for (const [name, index] of Object.entries(want)) expect(SubtensorModule.getCall(name)?.index, name).toBe(index);
  });
  it('AdminUtils setters sit at HEAD\'s indices', () => {
    const want: Record<string, number> = { sudo_set_serving_rate_limit: 3, sudo_set_weights_version_key: 6, sudo_set_weights_set_rate_limit: 7,
      sudo_set_immunity_period: 13, sudo_set_max_allowed_uids: 15, sudo_set_kappa: 16, sudo_set_tempo: 30, sudo_set_stake_threshold: 42,
      sudo_set_commit_reveal_weights_enabled: 49, sudo_set_liquid_alpha_enabled: 50, sudo_set_alpha_values: 51, sudo_set_bonds_penalty: 60,
      sudo_set_subtoken_enabled: 66, sudo_set_yuma3_enabled: 69, sudo_set_admin_freeze_window: 74, sudo_set_burn_half_life: 89,
      sudo_set_burn_increase_mult: 90, sudo_set_subnet_emission_enabled: 94 };
    for (const [name, index] of Object.entries(want)) expect(AdminUtils.getCall(name)?.index, name).toBe(index);
  });
  it('exposes HEAD\'s constants with the runtime values', () => {
    expect(SubtensorModule.constant('InitialMinBurn' as any)).toBe(500_000n);
    expect(SubtensorModule.constant('SubtensorPalletId' as any)).toEqual(new TextEncoder().encode('subtensr'));
  });
});

describe('SubtensorModule call table', () => {
  it('has no two calls at the same index (subnets + staking parts)', () => {
    const indices = SubtensorModule.calls.map(([, c]) => c.index);
    expect(new Set(indices).size).toBe(indices.length);
  });
});
