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
